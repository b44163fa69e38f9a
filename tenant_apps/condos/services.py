"""Writes on the property tree. Deletes are soft and cascade down with one timestamp, so a
restore brings back exactly what the delete took (and nothing deleted earlier on its own)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.services import audit_record, changes_apply
from tenant_apps.condos.models import (
    ENTRANCE_OPTIONAL_TYPES,
    Building,
    Condo,
    Entrance,
    Unit,
    UnitType,
    UnitTypeCode,
)

CONDO_FIELDS = (
    "name",
    "country",
    "city",
    "street",
    "house",
    "postal_code",
    "invite_lifetime_days",
    "invite_active_limit",
    "readings_allow_decimals",
    "readings_must_not_decrease",
    "reading_reminder_days",
    "emergency_phone",
    "timezone",
    "quiet_hours_start",
    "quiet_hours_end",
)
UNIT_FIELDS = ("number", "floor", "area", "entrance", "unit_type", "building")


def _save(instance, *, action: str, actor, ip, changes: dict) -> None:
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=action, target=instance, changes=changes, ip=ip)


# --- condos -----------------------------------------------------------------------------------


@transaction.atomic
def condo_create(*, actor=None, ip=None, **fields) -> Condo:
    condo = Condo(**fields)
    _save(condo, action="condo.create", actor=actor, ip=ip, changes={"name": condo.name})
    UnitType.objects.bulk_create(
        UnitType(condo=condo, code=code, name=label) for code, label in UnitTypeCode.choices
    )
    return condo


@transaction.atomic
def condo_update(*, condo: Condo, actor=None, ip=None, **fields) -> Condo:
    changes = changes_apply(condo, fields)
    if changes:
        _save(condo, action="condo.update", actor=actor, ip=ip, changes=changes)
    return condo


def _units_with_active_residents(units) -> list[Unit]:
    # EXISTS, not a join: `residents__until__isnull=True` through a join also matches units
    # with no resident row at all (LEFT OUTER JOIN → NULL).
    from tenant_apps.residents.models import Resident

    active = Resident.objects.filter(unit=OuterRef("pk"), until__isnull=True)
    return list(units.filter(Exists(active)).order_by("number"))


def _guard_residents(units, *, force: bool, what: str) -> None:
    occupied = _units_with_active_residents(units)
    if occupied and not force:
        numbers = ", ".join(unit.number for unit in occupied[:10])
        raise ApiError(
            409,
            f"{what} has units with active residents ({numbers}); "
            "unlink them first or delete with force=true",
            code="has_active_residents",
        )


def _end_residents(units) -> None:
    from tenant_apps.residents.services import resident_links_end_for_units

    resident_links_end_for_units(unit_ids=list(units.values_list("pk", flat=True)))


def _tree_delete(*, target, what: str, units, below: tuple = (), force: bool, actor, ip) -> None:
    """Soft-deletes `target`, its `units` and the other rows `below` it with one timestamp,
    after checking (unless forced) and then ending the units' resident links."""
    _guard_residents(units, force=force, what=what)
    _end_residents(units)
    now = timezone.now()
    for rows in (units, *below):
        rows.update(deleted_at=now)
    type(target).objects.filter(pk=target.pk).update(deleted_at=now)
    audit_record(
        actor=actor,
        action=f"{target._meta.model_name}.delete",
        target=target,
        changes={"force": force},
        ip=ip,
    )


def _tree_restore(*, target, below: tuple, actor, ip):
    """Brings back `target` and exactly the rows `below` it that its delete took."""
    stamp = target.deleted_at
    type(target).all_objects.filter(pk=target.pk).update(deleted_at=None)
    for rows in below:
        rows.filter(deleted_at=stamp).update(deleted_at=None)
    audit_record(actor=actor, action=f"{target._meta.model_name}.restore", target=target, ip=ip)
    target.refresh_from_db()
    return target


@transaction.atomic
def condo_delete(*, condo: Condo, force: bool = False, actor=None, ip=None) -> None:
    _tree_delete(
        target=condo,
        what=f"Condo {condo.name}",
        units=Unit.objects.filter(building__condo=condo),
        below=(
            Entrance.objects.filter(building__condo=condo),
            Building.objects.filter(condo=condo),
            UnitType.objects.filter(condo=condo),
        ),
        force=force,
        actor=actor,
        ip=ip,
    )


@transaction.atomic
def condo_restore(*, condo: Condo, actor=None, ip=None) -> Condo:
    if condo.deleted_at is None:
        return condo
    return _tree_restore(
        target=condo,
        below=(
            UnitType.all_objects.filter(condo=condo),
            Building.all_objects.filter(condo=condo),
            Entrance.all_objects.filter(building__condo=condo),
            Unit.all_objects.filter(building__condo=condo),
        ),
        actor=actor,
        ip=ip,
    )


# --- buildings and entrances --------------------------------------------------------------------


def _unique_name_check(queryset, name: str, field: str = "name") -> None:
    if queryset.filter(name=name).exists():
        raise ValidationError({field: f"{name!r} already exists here."})


@transaction.atomic
def building_create(*, condo: Condo, name: str, actor=None, ip=None) -> Building:
    _unique_name_check(Building.objects.filter(condo=condo), name)
    building = Building(condo=condo, name=name)
    _save(building, action="building.create", actor=actor, ip=ip, changes={"name": name})
    return building


@transaction.atomic
def building_update(*, building: Building, name: str, actor=None, ip=None) -> Building:
    if name != building.name:
        _unique_name_check(Building.objects.filter(condo_id=building.condo_id).exclude(pk=building.pk), name)
        changes = changes_apply(building, {"name": name})
        _save(building, action="building.update", actor=actor, ip=ip, changes=changes)
    return building


@transaction.atomic
def building_delete(*, building: Building, force: bool = False, actor=None, ip=None) -> None:
    _tree_delete(
        target=building,
        what=f"Building {building.name}",
        units=Unit.objects.filter(building=building),
        below=(Entrance.objects.filter(building=building),),
        force=force,
        actor=actor,
        ip=ip,
    )


@transaction.atomic
def building_restore(*, building: Building, actor=None, ip=None) -> Building:
    if building.deleted_at is None:
        return building
    if Building.objects.filter(condo_id=building.condo_id, name=building.name).exists():
        raise ValidationError({"name": f"Another building is named {building.name!r} now."})
    if Condo.all_objects.filter(pk=building.condo_id, deleted_at__isnull=False).exists():
        raise ApiError(409, "Restore the condo first", code="parent_deleted")
    return _tree_restore(
        target=building,
        below=(Entrance.all_objects.filter(building=building), Unit.all_objects.filter(building=building)),
        actor=actor,
        ip=ip,
    )


@transaction.atomic
def entrance_create(*, building: Building, name: str, actor=None, ip=None) -> Entrance:
    _unique_name_check(Entrance.objects.filter(building=building), name)
    entrance = Entrance(building=building, name=name)
    _save(entrance, action="entrance.create", actor=actor, ip=ip, changes={"name": name})
    return entrance


@transaction.atomic
def entrance_update(*, entrance: Entrance, name: str, actor=None, ip=None) -> Entrance:
    if name != entrance.name:
        _unique_name_check(
            Entrance.objects.filter(building_id=entrance.building_id).exclude(pk=entrance.pk), name
        )
        changes = changes_apply(entrance, {"name": name})
        _save(entrance, action="entrance.update", actor=actor, ip=ip, changes=changes)
    return entrance


@transaction.atomic
def entrance_delete(*, entrance: Entrance, force: bool = False, actor=None, ip=None) -> None:
    _tree_delete(
        target=entrance,
        what=f"Entrance {entrance.name}",
        units=Unit.objects.filter(entrance=entrance),
        force=force,
        actor=actor,
        ip=ip,
    )


@transaction.atomic
def entrance_restore(*, entrance: Entrance, actor=None, ip=None) -> Entrance:
    stamp = entrance.deleted_at
    if stamp is None:
        return entrance
    if Building.all_objects.filter(pk=entrance.building_id, deleted_at__isnull=False).exists():
        raise ApiError(409, "Restore the building first", code="parent_deleted")
    if Entrance.objects.filter(building_id=entrance.building_id, name=entrance.name).exists():
        raise ValidationError({"name": f"Another entrance is named {entrance.name!r} now."})
    returning = Unit.all_objects.filter(entrance=entrance, deleted_at=stamp).values("number")
    taken = list(
        Unit.objects.filter(building_id=entrance.building_id, number__in=returning)
        .order_by("number")
        .values_list("number", flat=True)
    )
    if taken:
        numbers = ", ".join(taken[:10])
        raise ValidationError({"number": f"Units {numbers} exist in this building now; renumber them first."})
    return _tree_restore(
        target=entrance, below=(Unit.all_objects.filter(entrance=entrance),), actor=actor, ip=ip
    )


# --- unit types ------------------------------------------------------------------------------


@transaction.atomic
def unit_type_create(*, condo: Condo, code: str, name: str, actor=None, ip=None) -> UnitType:
    if UnitType.objects.filter(condo=condo, code=code).exists():
        raise ValidationError({"code": f"Unit type {code!r} already exists in this condo."})
    unit_type = UnitType(condo=condo, code=code, name=name)
    _save(unit_type, action="unit_type.create", actor=actor, ip=ip, changes={"code": code})
    return unit_type


@transaction.atomic
def unit_type_update(*, unit_type: UnitType, name: str, actor=None, ip=None) -> UnitType:
    changes = changes_apply(unit_type, {"name": name})
    if changes:
        _save(unit_type, action="unit_type.update", actor=actor, ip=ip, changes=changes)
    return unit_type


@transaction.atomic
def unit_type_delete(*, unit_type: UnitType, actor=None, ip=None) -> None:
    if Unit.objects.filter(unit_type=unit_type).exists():
        raise ApiError(
            409, f"Units of type {unit_type.name!r} exist; change their type first", code="type_in_use"
        )
    unit_type.soft_delete()
    audit_record(actor=actor, action="unit_type.delete", target=unit_type, ip=ip)


# --- units -----------------------------------------------------------------------------------


def unit_validate(
    *,
    building: Building,
    entrance: Entrance | None,
    unit_type: UnitType,
    number: str,
    area: Decimal,
    exclude_pk: int | None = None,
) -> None:
    """Every rule of a unit, each failure naming its field."""
    errors: dict[str, str] = {}
    if entrance is not None and entrance.building_id != building.pk:
        errors["entrance"] = "This entrance belongs to another building."
    if unit_type.condo_id != building.condo_id:
        errors["unit_type"] = "This unit type belongs to another condo."
    elif entrance is None and unit_type.code not in ENTRANCE_OPTIONAL_TYPES:
        errors["entrance"] = f"A {unit_type.name.lower()} unit needs an entrance."
    if not number or not str(number).strip():
        errors["number"] = "The unit number is required."
    elif Unit.objects.filter(building=building, number=number).exclude(pk=exclude_pk).exists():
        errors["number"] = f"Unit {number} already exists in building {building.name}."
    if area is None or Decimal(area) <= 0:
        errors["area"] = "The area must be greater than 0."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def unit_create(
    *,
    building: Building,
    number: str,
    area: Decimal,
    unit_type: UnitType,
    entrance: Entrance | None = None,
    floor: int | None = None,
    actor=None,
    ip=None,
) -> Unit:
    number = str(number).strip()
    unit_validate(building=building, entrance=entrance, unit_type=unit_type, number=number, area=area)
    unit = Unit(
        building=building, entrance=entrance, unit_type=unit_type, number=number, area=area, floor=floor
    )
    try:
        with transaction.atomic():
            _save(
                unit, action="unit.create", actor=actor, ip=ip, changes={"number": number, "area": str(area)}
            )
    except IntegrityError as exc:  # a concurrent create of the same number
        raise ValidationError(
            {"number": f"Unit {number} already exists in building {building.name}."}
        ) from exc
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor=None, ip=None, **fields) -> Unit:
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    merged = {name: fields.get(name, getattr(unit, name)) for name in UNIT_FIELDS}
    if "number" in fields:
        merged["number"] = str(fields["number"]).strip()
    unit_validate(
        building=merged["building"],
        entrance=merged["entrance"],
        unit_type=merged["unit_type"],
        number=merged["number"],
        area=merged["area"],
        exclude_pk=unit.pk,
    )
    changes = changes_apply(unit, {name: merged[name] for name in fields})
    if changes:
        _save(unit, action="unit.update", actor=actor, ip=ip, changes=changes)
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, force: bool = False, actor=None, ip=None) -> None:
    _tree_delete(
        target=unit,
        what=f"Unit {unit.number}",
        units=Unit.objects.filter(pk=unit.pk),
        force=force,
        actor=actor,
        ip=ip,
    )


@transaction.atomic
def unit_restore(*, unit: Unit, actor=None, ip=None) -> Unit:
    if unit.deleted_at is None:
        return unit
    if Building.all_objects.filter(pk=unit.building_id, deleted_at__isnull=False).exists():
        raise ApiError(409, "Restore the building first", code="parent_deleted")
    if (
        unit.entrance_id
        and Entrance.all_objects.filter(pk=unit.entrance_id, deleted_at__isnull=False).exists()
    ):
        raise ApiError(409, "Restore the entrance first", code="parent_deleted")
    if UnitType.all_objects.filter(pk=unit.unit_type_id, deleted_at__isnull=False).exists():
        raise ValidationError({"unit_type": "This unit's type has been deleted; recreate it first."})
    if Unit.objects.filter(building_id=unit.building_id, number=unit.number).exists():
        raise ValidationError({"number": f"Another unit {unit.number} exists in this building now."})
    unit.restore()
    audit_record(actor=actor, action="unit.restore", target=unit, ip=ip)
    return unit
