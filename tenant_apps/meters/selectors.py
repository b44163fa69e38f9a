"""Reads of meters and readings in a company schema.

Lists are scoped by `condo_ids` (None: every condo; a set: a condo admin's condos) and cost a
fixed number of queries whatever the page size."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenant_apps.condos.models import Unit
from tenant_apps.meters.models import Meter, MeterType, Reading
from tenant_apps.meters.services import month_start, months_between

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


def reading_history(*, unit_id: int, kind: str | None = None) -> list[tuple[Meter, list[Reading]]]:
    """The last 12 months of counting readings per active meter of the unit (newest first)."""
    meters = [meter for meter in unit_meters(unit_id) if kind is None or meter.meter_type.kind == kind]
    today = timezone.localdate()
    months_back = today.year * 12 + today.month - 1 - (HISTORY_MONTHS - 1)
    since = date(months_back // 12, months_back % 12 + 1, 1)
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
    reading: Reading | None = None
    previous_value: Decimal | None = None
    previous_period: date | None = None


def anomaly_list(
    *, condo_ids: set[int] | None = None, condo_id: int | None = None, period: date | None = None
) -> list[Anomaly]:
    """For one month (this one by default): readings accepted as forced, increases above the
    type's maximum (whatever their source), and active meters with no reading yet. Three queries."""
    period = month_start(period or timezone.localdate())
    previous = Reading.objects.filter(
        meter_id=OuterRef("meter_id"), zone=OuterRef("zone"), replaced_at__isnull=True, period__lt=period
    ).order_by("-period")
    readings = reading_list(condo_ids=condo_ids, condo_id=condo_id, period=period).annotate(
        previous_value=Subquery(previous.values("value")[:1]),
        previous_period=Subquery(previous.values("period")[:1]),
    )
    anomalies = []
    read_meters = set()
    for reading in readings.order_by(
        "meter__unit__building__name", "meter__unit__number", "meter_id", "zone"
    ):
        read_meters.add(reading.meter_id)
        if reading.forced:
            anomalies.append(Anomaly("forced", reading.meter, period, reading))
        if reading.previous_value is not None:
            months = months_between(reading.previous_period, period)
            if (
                reading.value - reading.previous_value
                > reading.meter.meter_type.max_monthly_increase * months
            ):
                anomalies.append(
                    Anomaly(
                        "jump",
                        reading.meter,
                        period,
                        reading,
                        reading.previous_value,
                        reading.previous_period,
                    )
                )
    meters = meter_list(condo_ids=condo_ids, condo_id=condo_id, active=True).order_by(
        "unit__building__name", "unit__number", "id"
    )
    anomalies += [Anomaly("missing", meter, period) for meter in meters if meter.pk not in read_meters]
    return anomalies
