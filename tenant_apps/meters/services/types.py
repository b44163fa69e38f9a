"""Writes of meter types: company-wide or one condo's own."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from config.api import ApiError
from shared_apps.audit.services import audit_record, changes_apply
from tenant_apps.condos.models import Condo
from tenant_apps.meters.models import ZONES, Meter, MeterType
from tenant_apps.meters.services.base import invalid


def _zones_clean(zones: list[str]) -> list[str]:
    zones = list(zones or [])
    if zones not in ([], list(ZONES)):
        raise invalid("meter_type_zones", 'Zones are either none or ["day", "night"].', "zones")
    return zones


def _positive(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise invalid(f"{field}_invalid", "Enter a number such as 12.5.", field) from exc
    if not number.is_finite() or number <= 0:
        raise invalid(f"{field}_invalid", "Must be greater than zero.", field)
    return number


@transaction.atomic
def meter_type_create(
    *,
    condo: Condo | None,
    code: str,
    name: str,
    unit_of_measure: str,
    max_monthly_increase,
    zones: list[str] = (),
    kind: str = "",
    actor=None,
    ip=None,
) -> MeterType:
    """A company-wide type (condo None) or one condo's own. A code is unique among the types a
    condo sees: its own and the company-wide ones."""
    taken = MeterType.objects.filter(code=code)
    if condo is not None:
        taken = taken.filter(condo__isnull=True) | taken.filter(condo=condo)
    if taken.exists():
        message = f"A meter type with code {code!r} already exists."
        raise ApiError(409, message, code="meter_type_exists", fields={"code": [message]})
    meter_type = MeterType.objects.create(
        condo=condo,
        code=code,
        kind=kind or code,
        name=name,
        unit_of_measure=unit_of_measure,
        zones=_zones_clean(list(zones)),
        max_monthly_increase=_positive(max_monthly_increase, "max_monthly_increase"),
    )
    audit_record(
        actor=actor,
        action="meter_type.create",
        target=meter_type,
        changes={"condo": condo.pk if condo else None, "code": code, "zones": meter_type.zones},
        ip=ip,
    )
    return meter_type


@transaction.atomic
def meter_type_update(*, meter_type: MeterType, actor=None, ip=None, **fields) -> MeterType:
    """Name, unit of measure and maximum increase; code and zones stay (meters follow them)."""
    if "max_monthly_increase" in fields:
        fields["max_monthly_increase"] = _positive(fields["max_monthly_increase"], "max_monthly_increase")
    changes = changes_apply(meter_type, fields)
    if changes:
        meter_type.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action="meter_type.update", target=meter_type, changes=changes, ip=ip)
    return meter_type


@transaction.atomic
def meter_type_delete(*, meter_type: MeterType, actor=None, ip=None) -> None:
    if Meter.objects.filter(meter_type=meter_type).exists():
        message = "Meters of this type exist; deactivate them first."
        raise ApiError(409, message, code="meter_type_in_use", fields={"type_id": [message]})
    meter_type.delete()
    audit_record(actor=actor, action="meter_type.delete", target=meter_type, ip=ip)
