"""Every write of meters and readings (company schema).

Reading rules (SPEC §7, per condo): value > 0, at most 12 digits with 3 decimals, decimals only
where the condo allows them, never less than the previous reading when the condo says so, and
an increase per month no larger than the type's maximum. A value refused for a decrease or a
jump is remembered (ReadingAttempt); the same value entered again next is accepted and flagged
`forced`. The bot and the API both go through `reading_submit`, so they behave the same.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.services import audit_record, changes_apply
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.meters.models import (
    VALUE_DECIMALS,
    VALUE_DIGITS,
    ZONES,
    Meter,
    MeterType,
    Reading,
    ReadingAttempt,
    ReadingPhoto,
    ReadingSource,
)
from tenant_apps.meters.photos import downscaled_jpeg

# Rules a person may overrule by entering the same value twice; the others always hold.
FORCIBLE = ("reading_decreased", "reading_jump")


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _invalid(code: str, message: str, field: str = "value") -> ApiError:
    """A refused input: 400 naming the API field and why (the project's `{field: [reason]}`)."""
    return ApiError(400, message, code=code, fields={field: [message]})


# --- meter types --------------------------------------------------------------------------------


def _zones_clean(zones: list[str]) -> list[str]:
    zones = list(zones or [])
    if zones not in ([], list(ZONES)):
        raise _invalid("meter_type_zones", 'Zones are either none or ["day", "night"].', "zones")
    return zones


def _positive(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise _invalid(f"{field}_invalid", "Enter a number such as 12.5.", field) from exc
    if not number.is_finite() or number <= 0:
        raise _invalid(f"{field}_invalid", "Must be greater than zero.", field)
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


# --- meters -------------------------------------------------------------------------------------


@transaction.atomic
def meter_create(*, unit: Unit, meter_type: MeterType, serial: str = "", actor=None, ip=None) -> Meter:
    if meter_type.condo_id is not None and meter_type.condo_id != unit.building.condo_id:
        raise _invalid("meter_type_other_condo", "This meter type belongs to another condo.", "type_id")
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


# --- readings -----------------------------------------------------------------------------------


def reading_value_clean(value, *, allow_decimals: bool = True) -> Decimal:
    """A reading as the rules want it: positive, ≤ 12 digits with ≤ 3 decimals, whole when the
    condo says so. Accepts "12.5", "12,5", 12.5 and Decimal."""
    text = str(value).strip().replace(",", ".").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise _invalid("reading_format", "Enter a number such as 123.45.") from exc
    if not number.is_finite():
        raise _invalid("reading_format", "Enter a number such as 123.45.")
    if number <= 0:
        raise _invalid("reading_not_positive", "A reading must be greater than zero.")
    number = number.normalize() if number != number.to_integral_value() else number.quantize(Decimal(1))
    decimals = max(0, -number.as_tuple().exponent)
    if decimals and not allow_decimals:
        raise _invalid("reading_decimals", "This condo takes whole numbers only.")
    if decimals > VALUE_DECIMALS:
        raise _invalid("reading_format", f"At most {VALUE_DECIMALS} digits after the point.")
    if len(str(int(number))) > VALUE_DIGITS - VALUE_DECIMALS:
        raise _invalid("reading_format", "The number is too long.")
    return number


def _counting(meter: Meter, zone: str):
    return Reading.objects.filter(meter=meter, zone=zone, replaced_at__isnull=True)


def _rule_broken(*, meter: Meter, zone: str, value: Decimal, period: date) -> ApiError | None:
    """The decrease or jump this value would make, if any. Only other months count: this month's
    own reading is the one being replaced, so a person may correct it downwards."""
    counting = _counting(meter, zone)
    if meter.unit.building.condo.readings_must_not_decrease:
        previous = counting.filter(period__lt=period).order_by("-period").first()
        if previous is not None and value < previous.value:
            return _invalid(
                "reading_decreased",
                f"Less than the previous reading {previous.value.normalize():f} ({previous.period:%Y-%m}).",
            )
        following = counting.filter(period__gt=period).order_by("period").first()
        if following is not None and value > following.value:
            return _invalid(
                "reading_decreased",
                f"More than the later reading {following.value.normalize():f} ({following.period:%Y-%m}).",
            )
    base = counting.filter(period__lt=period).order_by("-period").first()
    if base is not None:
        months = months_between(base.period, period)
        allowed = meter.meter_type.max_monthly_increase * months
        if value - base.value > allowed:
            return _invalid(
                "reading_jump",
                f"An increase of {(value - base.value).normalize():f} in {months} month(s) is more than "
                f"the expected maximum of {allowed.normalize():f} {meter.meter_type.unit_of_measure}.",
            )
    return None


def reading_photo_store(*, content: bytes) -> ReadingPhoto:
    """Checks the bytes (JPEG/PNG/WebP), turns the picture upright and keeps it at ~512×512."""
    jpeg, width, height = downscaled_jpeg(content)
    return ReadingPhoto.objects.create(content=jpeg, content_type="image/jpeg", width=width, height=height)


def reading_submit(
    *,
    meter: Meter,
    zone: str | None,
    value,
    period: date | None = None,
    source: str,
    entered_by_id: int | None,
    photo: bytes | None = None,
    photo_id: int | None = None,
    ip=None,
) -> Reading:
    """Takes one reading (the current month unless `period` says otherwise). A refused value
    raises ApiError 400 (code and fields={"meter_id"|"value"|"zone"|"period": [reason]}) and changes nothing
    but the remembered attempt, so this function keeps the attempt outside its own rollback."""
    zone = zone or ""
    meter = Meter.objects.select_related("meter_type", "unit__building__condo").filter(pk=meter.pk).first()
    if meter is None or not meter.is_active:
        raise _invalid("meter_inactive", "This meter no longer takes readings.", "meter_id")
    if zone not in meter.meter_type.zone_choices:
        expected = " or ".join(meter.meter_type.zones) if meter.meter_type.zones else "none"
        raise _invalid("reading_zone", f"This meter's zones: {expected}.", "zone")
    this_month = month_start(timezone.localdate())
    period = month_start(period) if period else this_month
    if period > this_month:
        raise _invalid("reading_period", "A reading cannot be for a future month.", "period")
    value = reading_value_clean(value, allow_decimals=meter.unit.building.condo.readings_allow_decimals)

    with transaction.atomic():
        Meter.objects.select_for_update().filter(pk=meter.pk).first()  # one submission per meter at a time
        broken = _rule_broken(meter=meter, zone=zone, value=value, period=period)
        forced = False
        if broken is not None:
            last = (
                ReadingAttempt.objects.filter(meter=meter, zone=zone, resolved_at__isnull=True)
                .order_by("-id")
                .first()
            )
            forced = last is not None and last.value == value and last.period == period
            if not forced:
                ReadingAttempt.objects.create(
                    meter=meter,
                    zone=zone,
                    period=period,
                    value=value,
                    code=broken.code,
                    entered_by_id=entered_by_id,
                )
        if broken is None or forced:
            now = timezone.now()
            _counting(meter, zone).filter(period=period).update(replaced_at=now)
            ReadingAttempt.objects.filter(meter=meter, zone=zone, resolved_at__isnull=True).update(
                resolved_at=now
            )
            if photo is not None:
                photo_id = reading_photo_store(content=photo).pk
            reading = Reading.objects.create(
                meter=meter,
                zone=zone,
                value=value,
                period=period,
                source=source,
                photo_id=photo_id,
                forced=forced,
                forced_reason=broken.code if forced else "",
                entered_by_id=entered_by_id,
            )
            if source == ReadingSource.PANEL or forced:
                audit_record(
                    actor=_user(entered_by_id),
                    action="reading.forced" if forced else "reading.enter",
                    target=reading,
                    changes={
                        "meter": meter.pk,
                        "zone": zone,
                        "period": f"{period:%Y-%m}",
                        "value": str(value),
                    },
                    ip=ip,
                )
    if broken is not None and not forced:
        raise broken
    return reading


def _user(user_id: int | None):
    from shared_apps.accounts.models import User

    return User.objects.filter(pk=user_id).first() if user_id else None


@dataclass
class ReadingOutcome:
    meter: Meter
    zone: str
    value: str
    reading: Reading | None = None
    error: ApiError | None = None


def readings_submit_many(
    *,
    items: list[dict],
    period: date | None = None,
    source: str,
    entered_by_id: int | None,
    photo_id: int | None = None,
) -> list[ReadingOutcome]:
    """Several meters from one message (`items`: {"meter": Meter, "zone": str|None, "value": ...}).
    Each reading stands alone: one refused value does not hold back the others, and the person
    re-sends only what was refused."""
    outcomes = []
    for item in items:
        outcome = ReadingOutcome(meter=item["meter"], zone=item.get("zone") or "", value=str(item["value"]))
        try:
            outcome.reading = reading_submit(
                meter=item["meter"],
                zone=item.get("zone"),
                value=item["value"],
                period=period,
                source=source,
                entered_by_id=entered_by_id,
                photo_id=photo_id,
            )
        except ApiError as error:
            outcome.error = error
        outcomes.append(outcome)
    return outcomes


@transaction.atomic
def reading_correct(*, reading: Reading, value, reason: str, actor=None, ip=None) -> Reading:
    """A condo admin or director fixes a counting reading. The value must still be a valid
    number for the condo; decrease and jump rules are the corrector's judgement. The value as
    submitted stays on the row (`corrected_from`, kept from the first correction on) with the
    latest reason, because readings outlive the audit log; every correction is audited too."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason_required", "Say why the reading is corrected.", "reason")
    reading = (
        Reading.objects.select_for_update().select_related("meter__unit__building__condo").get(pk=reading.pk)
    )
    if reading.replaced_at is not None:
        message = "A newer reading replaced this one; correct that one."
        raise ApiError(409, message, code="reading_replaced", fields={"reading_id": [message]})
    condo = reading.meter.unit.building.condo
    value = reading_value_clean(value, allow_decimals=condo.readings_allow_decimals)
    old = reading.value
    if reading.corrected_from is None:
        reading.corrected_from = old
    reading.value = value
    reading.correction_reason = reason
    reading.corrected_at = timezone.now()
    reading.corrected_by_id = getattr(actor, "pk", None)
    reading.save(
        update_fields=[
            "value",
            "corrected_from",
            "correction_reason",
            "corrected_at",
            "corrected_by",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="reading.correct",
        target=reading,
        changes={"value": {"from": f"{old.normalize():f}", "to": f"{value:f}"}, "reason": reason},
        ip=ip,
    )
    return reading
