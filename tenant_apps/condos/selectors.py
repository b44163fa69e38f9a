"""Reads of the property tree, in the current company schema.

`condo_ids` is the caller's reading scope: None for every condo, otherwise the set of condos
they may see (tenant_apps/condos/permissions.readable_condo_ids). Every list is one SQL query
whatever its length: parents come through select_related, counts through correlated subqueries.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat

from shared_apps.accounts.models import User
from tenant_apps.condos.models import Building, Condo, Entrance, Unit, UnitType
from tenant_apps.residents.models import Resident


def _count(queryset: QuerySet, link: str) -> Coalesce:
    """COUNT of `queryset` rows whose `link` is the outer row (0 when none)."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _scoped(queryset: QuerySet, condo_ids: set[int] | None, path: str) -> QuerySet:
    return queryset if condo_ids is None else queryset.filter(**{f"{path}__in": condo_ids})


# --- condos ------------------------------------------------------------------------------------


def condo_list(*, condo_ids: set[int] | None = None) -> QuerySet[Condo]:
    condos = Condo.objects.annotate(
        building_count=_count(Building.objects.all(), "condo"),
        unit_count=_count(Unit.objects.all(), "building__condo"),
    )
    return _scoped(condos, condo_ids, "pk")


def condo_get(condo_id: int) -> Condo:
    return condo_list().get(pk=condo_id)


# --- buildings and entrances --------------------------------------------------------------------


def building_list(*, condo_ids: set[int] | None = None, condo: int | None = None) -> QuerySet[Building]:
    buildings = Building.objects.annotate(
        entrance_count=_count(Entrance.objects.all(), "building"),
        unit_count=_count(Unit.objects.all(), "building"),
    )
    if condo is not None:
        buildings = buildings.filter(condo_id=condo)
    return _scoped(buildings, condo_ids, "condo_id")


def building_get(building_id: int) -> Building:
    return building_list().get(pk=building_id)


def entrance_list(*, condo_ids: set[int] | None = None, building: int | None = None) -> QuerySet[Entrance]:
    entrances = Entrance.objects.select_related("building").annotate(
        unit_count=_count(Unit.objects.all(), "entrance")
    )
    if building is not None:
        entrances = entrances.filter(building_id=building)
    return _scoped(entrances, condo_ids, "building__condo_id")


def entrance_get(entrance_id: int) -> Entrance:
    return entrance_list().get(pk=entrance_id)


# --- unit types ---------------------------------------------------------------------------------


def unit_type_list(*, condo_ids: set[int] | None = None, condo: int | None = None) -> QuerySet[UnitType]:
    unit_types = UnitType.objects.all()
    if condo is not None:
        unit_types = unit_types.filter(condo_id=condo)
    return _scoped(unit_types, condo_ids, "condo_id")


# --- units ------------------------------------------------------------------------------------


def _residents_matching(search: str) -> QuerySet[Resident]:
    """Active resident links of people whose name or email contains `search`. accounts_user
    lives in public, which is on the company schema's search_path."""
    people = (
        User.objects.alias(full_name=Concat("first_name", Value(" "), "last_name"))
        .filter(
            Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(full_name__icontains=search)
        )
        .values("pk")
    )
    return Resident.objects.filter(until__isnull=True, user_id__in=people).values("unit_id")


def unit_list(
    *,
    condo_ids: set[int] | None = None,
    condo: int | None = None,
    building: int | None = None,
    entrance: int | None = None,
    type: str | None = None,
    floor: int | None = None,
    search: str | None = None,
) -> QuerySet[Unit]:
    units = Unit.objects.select_related("building__condo", "entrance", "unit_type").annotate(
        active_residents=_count(Resident.objects.filter(until__isnull=True), "unit")
    )
    if condo is not None:
        units = units.filter(building__condo_id=condo)
    if building is not None:
        units = units.filter(building_id=building)
    if entrance is not None:
        units = units.filter(entrance_id=entrance)
    if type:
        units = units.filter(unit_type__code=type)
    if floor is not None:
        units = units.filter(floor=floor)
    search = (search or "").strip()
    if search:
        units = units.filter(Q(number__icontains=search) | Q(pk__in=_residents_matching(search)))
    return _scoped(units, condo_ids, "building__condo_id")


def unit_get(unit_id: int) -> Unit:
    return unit_list().get(pk=unit_id)
