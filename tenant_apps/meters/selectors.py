"""Reads of meters and readings in a company schema.

Lists are scoped by `condo_ids` (None: every condo; a set: a condo admin's condos) and cost a
fixed number of queries whatever the page size."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.pagination import PageParams, paginate
from tenant_apps.condos.models import Unit
from tenant_apps.meters.models import Meter, MeterType, Reading
from tenant_apps.meters.periods import add_months, month_start

HISTORY_MONTHS = 12


def meter_type_list(*, condo_ids: set[int] | None = None, condo_id: int | None = None) -> QuerySet[MeterType]:
    """Company-wide types and the condo types the caller may read (one condo's: its own too)."""
    types = MeterType.objects.select_related("condo")
    if condo_ids is not None:
        types = types.filter(Q(condo__isnull=True) | Q(condo_id__in=condo_ids))
    if condo_id is not None:
        types = types.filter(Q(condo__isnull=True) | Q(condo_id=condo_id))
    return types


def meter_type_get(type_id: int) -> MeterType:
    return get_object_or_404(MeterType.objects.select_related("condo"), pk=type_id)


def unit_condo_id(unit_id: int) -> int:
    """The condo of a unit of this company; 404 when it is not one of ours."""
    return get_object_or_404(Unit.objects.select_related("building"), pk=unit_id).building.condo_id


def _meters() -> QuerySet[Meter]:
    return Meter.objects.select_related("meter_type", "unit__building")


def meter_list(
    *,
    condo_ids: set[int] | None = None,
    condo_id: int | None = None,
    unit_id: int | None = None,
    active: bool | None = None,
) -> QuerySet[Meter]:
    meters = _meters()
    if condo_ids is not None:
        meters = meters.filter(unit__building__condo_id__in=condo_ids)
    if condo_id is not None:
        meters = meters.filter(unit__building__condo_id=condo_id)
    if unit_id is not None:
        meters = meters.filter(unit_id=unit_id)
    if active is not None:
        meters = meters.filter(is_active=active)
    return meters


def meter_get(meter_id: int) -> Meter:
    return get_object_or_404(_meters(), pk=meter_id)


def unit_meters(unit_id: int) -> list[Meter]:
    """The meters of a unit that take readings, in a stable order (the assistant's view)."""
    return list(_meters().filter(unit_id=unit_id, is_active=True).order_by("meter_type__name", "id"))


def _readings() -> QuerySet[Reading]:
    return Reading.objects.select_related("meter__meter_type", "meter__unit__building")


def reading_list(
    *,
    condo_ids: set[int] | None = None,
    condo_id: int | None = None,
    unit_id: int | None = None,
    meter_id: int | None = None,
    period: date | None = None,
    source: str | None = None,
    forced: bool | None = None,
    replaced: bool | None = False,
) -> QuerySet[Reading]:
    """Counting readings unless `replaced` is None (everything) or True (history only)."""
    readings = _readings()
    if condo_ids is not None:
        readings = readings.filter(meter__unit__building__condo_id__in=condo_ids)
    if condo_id is not None:
        readings = readings.filter(meter__unit__building__condo_id=condo_id)
    if unit_id is not None:
        readings = readings.filter(meter__unit_id=unit_id)
    if meter_id is not None:
        readings = readings.filter(meter_id=meter_id)
    if period is not None:
        readings = readings.filter(period=month_start(period))
    if source:
        readings = readings.filter(source=source)
    if forced is not None:
        readings = readings.filter(forced=forced)
    if replaced is not None:
        readings = readings.filter(replaced_at__isnull=not replaced)
    return readings


def reading_get(reading_id: int) -> Reading:
    return get_object_or_404(_readings(), pk=reading_id)


def reading_history(*, unit_id: int) -> list[tuple[Meter, list[Reading]]]:
    """The last 12 months of counting readings per active meter of the unit (newest first)."""
    meters = unit_meters(unit_id)
    since = add_months(timezone.localdate(), -(HISTORY_MONTHS - 1))
    by_meter: dict[int, list[Reading]] = {meter.pk: [] for meter in meters}
    for reading in Reading.objects.filter(
        meter_id__in=by_meter, replaced_at__isnull=True, period__gte=since
    ).order_by("-period", "zone"):
        by_meter[reading.meter_id].append(reading)
    return [(meter, by_meter[meter.pk]) for meter in meters]


@dataclass(frozen=True)
class Anomaly:
    kind: str  # forced, jump, missing
    meter: Meter
    period: date
    zone: str = ""
    reading: Reading | None = None
    previous_value: Decimal | None = None
    previous_period: date | None = None


def readings_with_previous(readings: QuerySet[Reading]) -> QuerySet[Reading]:
    """Each reading with its meter zone's previous counting reading and whether the increase
    since then is above the type's maximum for that many months (`is_jump`)."""
    previous = Reading.objects.filter(
        meter_id=OuterRef("meter_id"),
        zone=OuterRef("zone"),
        replaced_at__isnull=True,
        period__lt=OuterRef("period"),
    ).order_by("-period")
    months = (ExtractYear("period") - ExtractYear("previous_period")) * 12 + (
        ExtractMonth("period") - ExtractMonth("previous_period")
    )
    allowed = ExpressionWrapper(
        F("meter__meter_type__max_monthly_increase") * months, output_field=DecimalField()
    )
    return readings.annotate(
        previous_value=Subquery(previous.values("value")[:1]),
        previous_period=Subquery(previous.values("period")[:1]),
    ).annotate(
        is_jump=ExpressionWrapper(Q(value__gt=F("previous_value") + allowed), output_field=BooleanField())
    )


def anomalous_meters(
    *, condo_ids: set[int] | None = None, condo_id: int | None = None, period: date
) -> QuerySet[Meter]:
    """Meters with something to look at in the month: a forced reading, an increase above the
    maximum (whatever its source), or an active meter with a zone still unread. One query."""
    live = Reading.objects.filter(meter_id=OuterRef("pk"), period=period, replaced_at__isnull=True)
    read_zones = live.order_by().values("meter_id").annotate(count=Count("pk")).values("count")
    return (
        meter_list(condo_ids=condo_ids, condo_id=condo_id)
        .annotate(
            has_forced=Exists(live.filter(forced=True)),
            has_jump=Exists(readings_with_previous(live).filter(is_jump=True)),
            zones_read=Coalesce(Subquery(read_zones), 0),
            zones_expected=Case(When(meter_type__zones=[], then=Value(1)), default=Value(2)),
        )
        .filter(Q(has_forced=True) | Q(has_jump=True) | Q(is_active=True, zones_read__lt=F("zones_expected")))
    )


def meter_anomalies(meters: list[Meter], period: date) -> list[Anomaly]:
    """What is wrong with each of these meters in the month, meter by meter. One query."""
    readings: dict[int, list[Reading]] = {meter.pk: [] for meter in meters}
    live = Reading.objects.filter(meter_id__in=readings, period=period, replaced_at__isnull=True)
    for reading in readings_with_previous(live).order_by("zone"):
        readings[reading.meter_id].append(reading)
    anomalies = []
    for meter in meters:
        for reading in readings[meter.pk]:
            reading.meter = meter  # the listed meter carries its unit and building already
            if reading.forced:
                anomalies.append(Anomaly("forced", meter, period, reading.zone, reading))
            if reading.is_jump:
                anomalies.append(
                    Anomaly(
                        "jump",
                        meter,
                        period,
                        reading.zone,
                        reading,
                        reading.previous_value,
                        reading.previous_period,
                    )
                )
        if meter.is_active:
            read = {reading.zone for reading in readings[meter.pk]}
            anomalies += [
                Anomaly("missing", meter, period, zone)
                for zone in meter.meter_type.zone_choices
                if zone not in read
            ]
    return anomalies


def anomaly_page(
    *,
    page: PageParams,
    condo_ids: set[int] | None = None,
    condo_id: int | None = None,
    period: date | None = None,
) -> dict:
    """One page of the month's anomalies (this month by default); the page's `limit` counts
    meters, each with all of its anomalies. Two queries whatever the page size."""
    period = month_start(period or timezone.localdate())
    meters = paginate(anomalous_meters(condo_ids=condo_ids, condo_id=condo_id, period=period), page)
    return {"items": meter_anomalies(meters["items"], period), "next_cursor": meters["next_cursor"]}
