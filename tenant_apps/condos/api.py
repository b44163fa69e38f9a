"""Company API of the property tree (company host, /api/v1): condos, buildings, entrances,
unit types, units. Reads go through selectors.py, writes through services.py.

Roles (SPEC §2, permissions.py): director everything, condo admin their condos, accountant
reads everything, staff and residents nothing; a platform super admin counts as director.
Ids are looked up in the host's schema only, so another company's id is simply 404.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from config.middleware import client_ip
from config.pagination import PageParams, paginate
from shared_apps.accounts.auth import jwt_auth, require_role
from shared_apps.accounts.models import CompanyRole
from tenant_apps.condos import schemas, selectors, services
from tenant_apps.condos.models import Building, Condo, Entrance, Unit, UnitType
from tenant_apps.condos.permissions import (
    FORBIDDEN,
    readable_condo_ids,
    require_condo_read,
    require_condo_write,
)

router = Router(auth=jwt_auth)

WRITERS = (CompanyRole.DIRECTOR, CompanyRole.CONDO_ADMIN)


def _who(request) -> dict:
    return {"actor": request.auth.user, "ip": client_ip(request)}


def _require_writer(request) -> None:
    """Accountants, staff and residents are refused before any id is looked up."""
    require_role(request, *WRITERS)


def _readable(request, condo: int | None) -> set[int] | None:
    """The caller's reading scope; asking for a condo outside it is a 403."""
    scope = readable_condo_ids(request)
    if condo is not None and scope is not None and condo not in scope:
        raise FORBIDDEN
    return scope


@contextmanager
def _input_names(**names: str):
    """Services name model fields (`entrance`); the API names its inputs (`entrance_id`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


# --- condos -------------------------------------------------------------------------------------


@router.get("/condos", response=schemas.CondoPageOut, tags=["condos"])
def condos_list(request, page: Query[PageParams]):
    return paginate(selectors.condo_list(condo_ids=readable_condo_ids(request)), page)


@router.post("/condos", response={201: schemas.CondoOut}, tags=["condos"])
def condos_create(request, payload: schemas.CondoCreateIn):
    require_condo_write(request, None)
    condo = services.condo_create(**payload.dict(), **_who(request))
    return Status(201, selectors.condo_get(condo.pk))


@router.get("/condos/{condo_id}", response=schemas.CondoOut, tags=["condos"])
def condos_get(request, condo_id: int):
    readable_condo_ids(request)
    condo = get_object_or_404(selectors.condo_list(), pk=condo_id)
    require_condo_read(request, condo.pk)
    return condo


@router.patch("/condos/{condo_id}", response=schemas.CondoOut, tags=["condos"])
def condos_update(request, condo_id: int, payload: schemas.CondoUpdateIn):
    _require_writer(request)
    condo = get_object_or_404(Condo.objects, pk=condo_id)
    require_condo_write(request, condo.pk)
    services.condo_update(condo=condo, **payload.changes(), **_who(request))
    return selectors.condo_get(condo.pk)


@router.delete("/condos/{condo_id}", response={204: None}, tags=["condos"])
def condos_delete(request, condo_id: int, force: bool = False):
    """Soft-deletes the condo with its buildings, entrances, units and unit types. Units with
    active residents need `force=true` (their links end today)."""
    _require_writer(request)
    condo = get_object_or_404(Condo.objects, pk=condo_id)
    require_condo_write(request, None)
    services.condo_delete(condo=condo, force=force, **_who(request))
    return Status(204, None)


@router.post("/condos/{condo_id}/restore", response=schemas.CondoOut, tags=["condos"])
def condos_restore(request, condo_id: int):
    """Brings back the condo and exactly what its delete took."""
    _require_writer(request)
    condo = get_object_or_404(Condo.all_objects, pk=condo_id)
    require_condo_write(request, None)
    services.condo_restore(condo=condo, **_who(request))
    return selectors.condo_get(condo.pk)


# --- buildings ----------------------------------------------------------------------------------


@router.get("/buildings", response=schemas.BuildingPageOut, tags=["buildings"])
def buildings_list(request, page: Query[PageParams], condo: int | None = None):
    scope = _readable(request, condo)
    return paginate(selectors.building_list(condo_ids=scope, condo=condo), page)


@router.post("/buildings", response={201: schemas.BuildingOut}, tags=["buildings"])
def buildings_create(request, payload: schemas.BuildingCreateIn):
    _require_writer(request)
    condo = get_object_or_404(Condo.objects, pk=payload.condo_id)
    require_condo_write(request, condo.pk)
    building = services.building_create(condo=condo, name=payload.name, **_who(request))
    return Status(201, selectors.building_get(building.pk))


@router.get("/buildings/{building_id}", response=schemas.BuildingOut, tags=["buildings"])
def buildings_get(request, building_id: int):
    readable_condo_ids(request)
    building = get_object_or_404(selectors.building_list(), pk=building_id)
    require_condo_read(request, building.condo_id)
    return building


@router.patch("/buildings/{building_id}", response=schemas.BuildingOut, tags=["buildings"])
def buildings_update(request, building_id: int, payload: schemas.BuildingUpdateIn):
    _require_writer(request)
    building = get_object_or_404(Building.objects, pk=building_id)
    require_condo_write(request, building.condo_id)
    services.building_update(building=building, name=payload.name, **_who(request))
    return selectors.building_get(building.pk)


@router.delete("/buildings/{building_id}", response={204: None}, tags=["buildings"])
def buildings_delete(request, building_id: int, force: bool = False):
    _require_writer(request)
    building = get_object_or_404(Building.objects, pk=building_id)
    require_condo_write(request, building.condo_id)
    services.building_delete(building=building, force=force, **_who(request))
    return Status(204, None)


@router.post("/buildings/{building_id}/restore", response=schemas.BuildingOut, tags=["buildings"])
def buildings_restore(request, building_id: int):
    _require_writer(request)
    building = get_object_or_404(Building.all_objects, pk=building_id)
    require_condo_write(request, building.condo_id)
    services.building_restore(building=building, **_who(request))
    return selectors.building_get(building.pk)


# --- entrances ----------------------------------------------------------------------------------


@router.get("/entrances", response=schemas.EntrancePageOut, tags=["entrances"])
def entrances_list(request, page: Query[PageParams], building: int | None = None):
    scope = readable_condo_ids(request)
    if building is not None and scope is not None:
        parent = Building.objects.filter(pk=building).values_list("condo_id", flat=True).first()
        if parent is not None and parent not in scope:
            raise FORBIDDEN
    return paginate(selectors.entrance_list(condo_ids=scope, building=building), page)


@router.post("/entrances", response={201: schemas.EntranceOut}, tags=["entrances"])
def entrances_create(request, payload: schemas.EntranceCreateIn):
    _require_writer(request)
    building = get_object_or_404(Building.objects, pk=payload.building_id)
    require_condo_write(request, building.condo_id)
    entrance = services.entrance_create(building=building, name=payload.name, **_who(request))
    return Status(201, selectors.entrance_get(entrance.pk))


@router.get("/entrances/{entrance_id}", response=schemas.EntranceOut, tags=["entrances"])
def entrances_get(request, entrance_id: int):
    readable_condo_ids(request)
    entrance = get_object_or_404(selectors.entrance_list(), pk=entrance_id)
    require_condo_read(request, entrance.building.condo_id)
    return entrance


@router.patch("/entrances/{entrance_id}", response=schemas.EntranceOut, tags=["entrances"])
def entrances_update(request, entrance_id: int, payload: schemas.EntranceUpdateIn):
    _require_writer(request)
    entrance = get_object_or_404(Entrance.objects.select_related("building"), pk=entrance_id)
    require_condo_write(request, entrance.building.condo_id)
    services.entrance_update(entrance=entrance, name=payload.name, **_who(request))
    return selectors.entrance_get(entrance.pk)


@router.delete("/entrances/{entrance_id}", response={204: None}, tags=["entrances"])
def entrances_delete(request, entrance_id: int, force: bool = False):
    _require_writer(request)
    entrance = get_object_or_404(Entrance.objects.select_related("building"), pk=entrance_id)
    require_condo_write(request, entrance.building.condo_id)
    services.entrance_delete(entrance=entrance, force=force, **_who(request))
    return Status(204, None)


@router.post("/entrances/{entrance_id}/restore", response=schemas.EntranceOut, tags=["entrances"])
def entrances_restore(request, entrance_id: int):
    _require_writer(request)
    entrance = get_object_or_404(Entrance.all_objects.select_related("building"), pk=entrance_id)
    require_condo_write(request, entrance.building.condo_id)
    services.entrance_restore(entrance=entrance, **_who(request))
    return selectors.entrance_get(entrance.pk)


# --- unit types ---------------------------------------------------------------------------------


@router.get("/unit-types", response=schemas.UnitTypePageOut, tags=["unit types"])
def unit_types_list(request, page: Query[PageParams], condo: int | None = None):
    scope = _readable(request, condo)
    return paginate(selectors.unit_type_list(condo_ids=scope, condo=condo), page)


@router.post("/unit-types", response={201: schemas.UnitTypeOut}, tags=["unit types"])
def unit_types_create(request, payload: schemas.UnitTypeCreateIn):
    _require_writer(request)
    condo = get_object_or_404(Condo.objects, pk=payload.condo_id)
    require_condo_write(request, condo.pk)
    return Status(
        201, services.unit_type_create(condo=condo, code=payload.code, name=payload.name, **_who(request))
    )


@router.patch("/unit-types/{unit_type_id}", response=schemas.UnitTypeOut, tags=["unit types"])
def unit_types_update(request, unit_type_id: int, payload: schemas.UnitTypeUpdateIn):
    _require_writer(request)
    unit_type = get_object_or_404(UnitType.objects, pk=unit_type_id)
    require_condo_write(request, unit_type.condo_id)
    return services.unit_type_update(unit_type=unit_type, name=payload.name, **_who(request))


@router.delete("/unit-types/{unit_type_id}", response={204: None}, tags=["unit types"])
def unit_types_delete(request, unit_type_id: int):
    """409 while live units have this type."""
    _require_writer(request)
    unit_type = get_object_or_404(UnitType.objects, pk=unit_type_id)
    require_condo_write(request, unit_type.condo_id)
    services.unit_type_delete(unit_type=unit_type, **_who(request))
    return Status(204, None)


# --- units --------------------------------------------------------------------------------------

UNIT_INPUT_NAMES = {"building": "building_id", "entrance": "entrance_id", "unit_type": "unit_type_id"}


@router.get("/units", response=schemas.UnitPageOut, tags=["units"])
def units_list(request, page: Query[PageParams], filters: Query[schemas.UnitFilters]):
    """Filters: condo, building, entrance, type (code), floor; `search` matches the unit number
    or an active resident's name or email."""
    scope = _readable(request, filters.condo)
    return paginate(selectors.unit_list(condo_ids=scope, **filters.dict()), page)


@router.post("/units", response={201: schemas.UnitOut}, tags=["units"])
def units_create(request, payload: schemas.UnitCreateIn):
    _require_writer(request)
    building = get_object_or_404(Building.objects, pk=payload.building_id)
    require_condo_write(request, building.condo_id)
    entrance = None
    if payload.entrance_id is not None:
        entrance = get_object_or_404(Entrance.objects, pk=payload.entrance_id)
    unit_type = get_object_or_404(UnitType.objects, pk=payload.unit_type_id)
    with _input_names(**UNIT_INPUT_NAMES):
        unit = services.unit_create(
            building=building,
            entrance=entrance,
            unit_type=unit_type,
            number=payload.number,
            floor=payload.floor,
            area=payload.area,
            **_who(request),
        )
    return Status(201, selectors.unit_get(unit.pk))


@router.get("/units/{unit_id}", response=schemas.UnitOut, tags=["units"])
def units_get(request, unit_id: int):
    readable_condo_ids(request)
    unit = get_object_or_404(selectors.unit_list(), pk=unit_id)
    require_condo_read(request, unit.building.condo_id)
    return unit


@router.patch("/units/{unit_id}", response=schemas.UnitOut, tags=["units"])
def units_update(request, unit_id: int, payload: schemas.UnitUpdateIn):
    """Moving a unit to another building needs write access to both condos."""
    _require_writer(request)
    unit = get_object_or_404(Unit.objects.select_related("building"), pk=unit_id)
    require_condo_write(request, unit.building.condo_id)
    changes = payload.changes()
    fields = {name: changes[name] for name in ("number", "floor", "area") if name in changes}
    if "building_id" in changes:
        fields["building"] = get_object_or_404(Building.objects, pk=changes["building_id"])
        require_condo_write(request, fields["building"].condo_id)
    if "entrance_id" in changes:
        entrance_id = changes["entrance_id"]
        fields["entrance"] = (
            None if entrance_id is None else get_object_or_404(Entrance.objects, pk=entrance_id)
        )
    if "unit_type_id" in changes:
        fields["unit_type"] = get_object_or_404(UnitType.objects, pk=changes["unit_type_id"])
    with _input_names(**UNIT_INPUT_NAMES):
        services.unit_update(unit=unit, **fields, **_who(request))
    return selectors.unit_get(unit.pk)


@router.delete("/units/{unit_id}", response={204: None}, tags=["units"])
def units_delete(request, unit_id: int, force: bool = False):
    """409 `has_active_residents` while people live there, unless `force=true` (their links
    end today)."""
    _require_writer(request)
    unit = get_object_or_404(Unit.objects.select_related("building"), pk=unit_id)
    require_condo_write(request, unit.building.condo_id)
    services.unit_delete(unit=unit, force=force, **_who(request))
    return Status(204, None)


@router.post("/units/{unit_id}/restore", response=schemas.UnitOut, tags=["units"])
def units_restore(request, unit_id: int):
    _require_writer(request)
    unit = get_object_or_404(Unit.all_objects.select_related("building"), pk=unit_id)
    require_condo_write(request, unit.building.condo_id)
    with _input_names(**UNIT_INPUT_NAMES):
        services.unit_restore(unit=unit, **_who(request))
    return selectors.unit_get(unit.pk)
