"""Writes of meters: a unit's meter of one type, its serial, its deactivation."""

from django.db import transaction

from shared_apps.audit.services import audit_record, changes_apply
from tenant_apps.condos.models import Unit
from tenant_apps.meters.models import Meter, MeterType
from tenant_apps.meters.services.base import invalid


@transaction.atomic
def meter_create(*, unit: Unit, meter_type: MeterType, serial: str = "", actor=None, ip=None) -> Meter:
    if meter_type.condo_id is not None and meter_type.condo_id != unit.building.condo_id:
        raise invalid("meter_type_other_condo", "This meter type belongs to another condo.", "type_id")
    meter = Meter.objects.create(unit=unit, meter_type=meter_type, serial=serial)
    audit_record(
        actor=actor,
        action="meter.create",
        target=meter,
        changes={"unit": unit.pk, "type": meter_type.code, "serial": serial},
        ip=ip,
    )
    return meter


@transaction.atomic
def meter_update(*, meter: Meter, serial: str, actor=None, ip=None) -> Meter:
    changes = changes_apply(meter, {"serial": serial})
    if changes:
        meter.save(update_fields=["serial", "updated_at"])
        audit_record(actor=actor, action="meter.update", target=meter, changes=changes, ip=ip)
    return meter


@transaction.atomic
def meter_deactivate(*, meter: Meter, actor=None, ip=None) -> Meter:
    """The meter takes no more readings; its history stays."""
    if meter.is_active:
        meter.is_active = False
        meter.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="meter.deactivate", target=meter, ip=ip)
    return meter
