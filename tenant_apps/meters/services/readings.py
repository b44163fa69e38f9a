"""Writes of readings and their photos (company schema).

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
from PIL import Image

from config.api import ApiError
from shared_apps.audit.services import audit_actor, audit_record
from tenant_apps.meters.models import (
    VALUE_DECIMALS,
    VALUE_DIGITS,
    Meter,
    Reading,
    ReadingAttempt,
    ReadingPhoto,
    ReadingSource,
)
from tenant_apps.meters.periods import month_start, months_between
from tenant_apps.meters.photos import downscaled_jpeg, photo_jpeg
from tenant_apps.meters.services.base import invalid


def reading_value_clean(value, *, allow_decimals: bool = True) -> Decimal:
    """A reading as the rules want it: positive, ≤ 12 digits with ≤ 3 decimals, whole when the
    condo says so. Accepts "12.5", "12,5", 12.5 and Decimal."""
    text = str(value).strip().replace(",", ".").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise invalid("reading_format", "Enter a number such as 123.45.") from exc
    if not number.is_finite():
        raise invalid("reading_format", "Enter a number such as 123.45.")
    if number <= 0:
        raise invalid("reading_not_positive", "A reading must be greater than zero.")
    number = number.normalize() if number != number.to_integral_value() else number.quantize(Decimal(1))
    decimals = max(0, -number.as_tuple().exponent)
    if decimals and not allow_decimals:
        raise invalid("reading_decimals", "This condo takes whole numbers only.")
    if decimals > VALUE_DECIMALS:
        raise invalid("reading_format", f"At most {VALUE_DECIMALS} digits after the point.")
    if len(str(int(number))) > VALUE_DIGITS - VALUE_DECIMALS:
        raise invalid("reading_format", "The number is too long.")
    return number


def _counting(meter: Meter, zone: str):
    return Reading.objects.filter(meter=meter, zone=zone, replaced_at__isnull=True)


def _rule_broken(*, meter: Meter, zone: str, value: Decimal, period: date) -> ApiError | None:
    """The decrease or jump this value would make, if any. Only other months count: this month's
    own reading is the one being replaced, so a person may correct it downwards."""
    counting = _counting(meter, zone)
    previous = counting.filter(period__lt=period).order_by("-period").first()
    if meter.unit.building.condo.readings_must_not_decrease:
        if previous is not None and value < previous.value:
            return invalid(
                "reading_decreased",
                f"Less than the previous reading {previous.value.normalize():f} ({previous.period:%Y-%m}).",
            )
        following = counting.filter(period__gt=period).order_by("period").first()
        if following is not None and value > following.value:
            return invalid(
                "reading_decreased",
                f"More than the later reading {following.value.normalize():f} ({following.period:%Y-%m}).",
            )
    if previous is not None:
        months = months_between(previous.period, period)
        allowed = meter.meter_type.max_monthly_increase * months
        if value - previous.value > allowed:
            return invalid(
                "reading_jump",
                f"An increase of {(value - previous.value).normalize():f} in {months} month(s) is more than "
                f"the expected maximum of {allowed.normalize():f} {meter.meter_type.unit_of_measure}.",
            )
    return None


def reading_photo_store(*, content: bytes | None = None, image: Image.Image | None = None) -> ReadingPhoto:
    """Keeps a meter photo at ~512×512: from its bytes (checked JPEG/PNG/WebP, turned upright) or
    from a picture `photos.photo_open` already opened, which saves decoding it again."""
    jpeg, width, height = photo_jpeg(image) if image is not None else downscaled_jpeg(content)
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
        raise invalid("meter_inactive", "This meter no longer takes readings.", "meter_id")
    if zone not in meter.meter_type.zone_choices:
        expected = " or ".join(meter.meter_type.zones) if meter.meter_type.zones else "none"
        raise invalid("reading_zone", f"This meter's zones: {expected}.", "zone")
    this_month = month_start(timezone.localdate())
    period = month_start(period) if period else this_month
    if period > this_month:
        raise invalid("reading_period", "A reading cannot be for a future month.", "period")
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
                    actor=audit_actor(entered_by_id),
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
        raise invalid("reason_required", "Say why the reading is corrected.", "reason")
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
