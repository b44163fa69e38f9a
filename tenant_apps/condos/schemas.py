"""Inputs and outputs of the property API (condos → buildings → entrances → units, unit types)."""

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated, ClassVar

from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from tenant_apps.condos.models import timezone_is_known

COUNTRY = r"^([A-Z]{2})?$"
CODE = r"^[a-z0-9][a-z0-9_-]*$"

ReminderDay = Annotated[int, Field(ge=1, le=31)]
DEFAULT_TIMEZONE = "Europe/Sofia"


class In(Schema):
    """Request bodies: surrounding spaces trimmed, unknown fields refused (a typo must not
    silently do nothing)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class PatchIn(In):
    """PATCH bodies: every field optional; an explicit null only where the column allows it."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _not_null(cls, value, info: ValidationInfo):
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("This field cannot be null.")
        return value

    def changes(self) -> dict:
        return self.dict(exclude_unset=True)


def _decimal_comma(value):
    """Areas arrive as 54.3, "54.3" or "54,3"."""
    if isinstance(value, str):
        return value.strip().replace(",", ".")
    return value


def _timezone_checked(value: str) -> str:
    if not timezone_is_known(value):
        raise ValueError("Unknown time zone; use an IANA name such as Europe/Sofia.")
    return value


# --- condos -------------------------------------------------------------------------------------


class CondoFields(In):
    country: str = Field("", pattern=COUNTRY, description="ISO 3166 alpha-2, e.g. BG")
    city: str = Field("", max_length=120)
    street: str = Field("", max_length=200)
    house: str = Field("", max_length=40)
    postal_code: str = Field("", max_length=20)
    invite_lifetime_days: int = Field(7, ge=1, le=365)
    invite_active_limit: int = Field(1, ge=1, le=100)
    readings_allow_decimals: bool = True
    readings_must_not_decrease: bool = True
    reading_reminder_days: list[ReminderDay] = Field(default_factory=lambda: [20, 25], max_length=31)
    emergency_phone: str = Field("", max_length=32)
    timezone: str = Field(DEFAULT_TIMEZONE, max_length=64, description="IANA name, e.g. Europe/Sofia")
    quiet_hours_start: time = Field(time(21, 0), description="Residents get no proactive messages from…")
    quiet_hours_end: time = Field(time(9, 0), description="…until this local time")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        return _timezone_checked(value)


class CondoCreateIn(CondoFields):
    name: str = Field(min_length=1, max_length=200)


class CondoUpdateIn(PatchIn):
    name: str | None = Field(None, min_length=1, max_length=200)
    country: str | None = Field(None, pattern=COUNTRY)
    city: str | None = Field(None, max_length=120)
    street: str | None = Field(None, max_length=200)
    house: str | None = Field(None, max_length=40)
    postal_code: str | None = Field(None, max_length=20)
    invite_lifetime_days: int | None = Field(None, ge=1, le=365)
    invite_active_limit: int | None = Field(None, ge=1, le=100)
    readings_allow_decimals: bool | None = None
    readings_must_not_decrease: bool | None = None
    reading_reminder_days: list[ReminderDay] | None = Field(None, max_length=31)
    emergency_phone: str | None = Field(None, max_length=32)
    timezone: str | None = Field(None, max_length=64)
    quiet_hours_start: time | None = None
    quiet_hours_end: time | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        return value if value is None else _timezone_checked(value)


class CondoOut(Schema):
    id: int
    name: str
    country: str
    city: str
    street: str
    house: str
    postal_code: str
    address: str
    invite_lifetime_days: int
    invite_active_limit: int
    readings_allow_decimals: bool
    readings_must_not_decrease: bool
    reading_reminder_days: list[int]
    emergency_phone: str
    timezone: str
    quiet_hours_start: time
    quiet_hours_end: time
    building_count: int
    unit_count: int
    created_at: datetime
    updated_at: datetime


class CondoPageOut(Schema):
    items: list[CondoOut]
    next_cursor: str | None


# --- buildings and entrances ----------------------------------------------------------------------


class BuildingCreateIn(In):
    condo_id: int
    name: str = Field(min_length=1, max_length=60)


class BuildingUpdateIn(In):
    name: str = Field(min_length=1, max_length=60)


class BuildingOut(Schema):
    id: int
    condo_id: int
    name: str
    entrance_count: int
    unit_count: int
    created_at: datetime
    updated_at: datetime


class BuildingPageOut(Schema):
    items: list[BuildingOut]
    next_cursor: str | None


class EntranceCreateIn(In):
    building_id: int
    name: str = Field(min_length=1, max_length=30)


class EntranceUpdateIn(In):
    name: str = Field(min_length=1, max_length=30)


class EntranceOut(Schema):
    id: int
    condo_id: int
    building_id: int
    name: str
    unit_count: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_condo_id(entrance) -> int:
        return entrance.building.condo_id


class EntrancePageOut(Schema):
    items: list[EntranceOut]
    next_cursor: str | None


# --- unit types -------------------------------------------------------------------------------


class UnitTypeCreateIn(In):
    condo_id: int
    code: str = Field(min_length=1, max_length=40, pattern=CODE)
    name: str = Field(min_length=1, max_length=80)


class UnitTypeUpdateIn(In):
    name: str = Field(min_length=1, max_length=80)


class UnitTypeOut(Schema):
    id: int
    condo_id: int
    code: str
    name: str


class UnitTypePageOut(Schema):
    items: list[UnitTypeOut]
    next_cursor: str | None


# --- units ------------------------------------------------------------------------------------

Area = Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2)]


class UnitCreateIn(In):
    building_id: int
    entrance_id: int | None = Field(None, description="May be empty for commercial, parking, non-residential")
    unit_type_id: int
    number: str = Field(min_length=1, max_length=20)
    floor: int | None = Field(None, ge=-20, le=300)
    area: Area = Field(description='Square metres, > 0: 54.3, "54.3" or "54,3"')

    _area = field_validator("area", mode="before")(_decimal_comma)


class UnitUpdateIn(PatchIn):
    nullable: ClassVar[frozenset[str]] = frozenset({"entrance_id", "floor"})

    building_id: int | None = None
    entrance_id: int | None = None
    unit_type_id: int | None = None
    number: str | None = Field(None, min_length=1, max_length=20)
    floor: int | None = Field(None, ge=-20, le=300)
    area: Area | None = None

    _area = field_validator("area", mode="before")(_decimal_comma)


class UnitFilters(Schema):
    condo: int | None = None
    building: int | None = None
    entrance: int | None = None
    type: str | None = Field(None, max_length=40, description="Unit type code, e.g. residential")
    floor: int | None = None
    search: str | None = Field(None, max_length=100, description="Unit number, or a resident's name or email")


class BuildingRef(Schema):
    id: int
    name: str


class EntranceRef(Schema):
    id: int
    name: str


class UnitTypeRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    condo_id: int
    building: BuildingRef
    entrance: EntranceRef | None
    unit_type: UnitTypeRef
    number: str
    floor: int | None
    area: str = Field(description='Square metres as a decimal string, e.g. "54.30"')
    full_address: str
    active_residents: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_condo_id(unit) -> int:
        return unit.building.condo_id

    @staticmethod
    def resolve_area(unit) -> str:
        return str(unit.area)


class UnitPageOut(Schema):
    items: list[UnitOut]
    next_cursor: str | None
