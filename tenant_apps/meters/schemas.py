"""Inputs and outputs of the meters API. Decimals travel as strings ("12.5")."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from tenant_apps.meters.models import ReadingSource

CODE = r"^[a-z][a-z0-9_]*$"
PERIOD = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"
Zone = Literal["", "day", "night"]


class In(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


def period_date(text: str | None) -> date | None:
    """ "2026-05" → 2026-05-01."""
    return date(int(text[:4]), int(text[5:7]), 1) if text else None


def _decimal_text(value) -> str:
    return f"{value.normalize():f}" if value is not None else None


# --- meter types --------------------------------------------------------------------------------


class MeterTypeCreateIn(In):
    condo_id: int | None = Field(None, description="null: a type of the whole company (director only)")
    code: str = Field(..., min_length=1, max_length=50, pattern=CODE)
    kind: str = Field(
        "",
        max_length=50,
        pattern=r"^([a-z][a-z0-9_]*)?$",
        description="What the assistant calls it (cold_water, hot_water, electricity, gas, heating or "
        "a custom code); defaults to the code",
    )
    name: str = Field(..., min_length=1, max_length=80)
    unit_of_measure: str = Field(..., min_length=1, max_length=16)
    zones: list[Literal["day", "night"]] = Field(default_factory=list, description='[] or ["day", "night"]')
    max_monthly_increase: str = Field(..., description='Largest believable increase per month, e.g. "30"')


class MeterTypeUpdateIn(In):
    name: str | None = Field(None, min_length=1, max_length=80)
    unit_of_measure: str | None = Field(None, min_length=1, max_length=16)
    max_monthly_increase: str | None = None

    @field_validator("*", mode="after")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            raise ValueError("This field cannot be null.")
        return value


class MeterTypeOut(Schema):
    id: int
    condo_id: int | None
    code: str
    kind: str
    name: str
    unit_of_measure: str
    zones: list[str]
    max_monthly_increase: str

    @staticmethod
    def resolve_max_monthly_increase(meter_type) -> str:
        return _decimal_text(meter_type.max_monthly_increase)


# --- meters -------------------------------------------------------------------------------------


class MeterCreateIn(In):
    unit_id: int
    type_id: int
    serial: str = Field("", max_length=60)


class MeterUpdateIn(In):
    serial: str = Field(..., max_length=60)


class MeterTypeRef(Schema):
    id: int
    code: str
    kind: str
    name: str
    unit_of_measure: str
    zones: list[str]


class MeterOut(Schema):
    id: int
    unit_id: int
    unit_number: str
    building: str
    condo_id: int
    meter_type: MeterTypeRef
    serial: str
    is_active: bool
    created_at: datetime

    @staticmethod
    def resolve_unit_number(meter) -> str:
        return meter.unit.number

    @staticmethod
    def resolve_building(meter) -> str:
        return meter.unit.building.name

    @staticmethod
    def resolve_condo_id(meter) -> int:
        return meter.unit.building.condo_id


class MeterPageOut(Schema):
    items: list[MeterOut]
    next_cursor: str | None


# --- readings -----------------------------------------------------------------------------------


class ReadingEnterIn(In):
    meter_id: int
    zone: Zone = ""
    value: str = Field(..., max_length=32, description='e.g. "123.45"')
    period: str | None = Field(None, pattern=PERIOD, description="YYYY-MM; this month when omitted")


class ReadingCorrectIn(In):
    value: str = Field(..., max_length=32)
    reason: str = Field(..., max_length=500)


class ReadingOut(Schema):
    id: int
    meter_id: int
    unit_id: int
    unit_number: str
    condo_id: int
    meter_type: str
    zone: str
    value: str
    period: str
    source: ReadingSource
    forced: bool
    forced_reason: str
    has_photo: bool
    entered_by_id: int | None
    corrected_from: str | None = Field(None, description="The value as submitted, once corrected")
    correction_reason: str
    corrected_at: datetime | None
    corrected_by_id: int | None
    replaced: bool
    created_at: datetime

    @staticmethod
    def resolve_unit_id(reading) -> int:
        return reading.meter.unit_id

    @staticmethod
    def resolve_unit_number(reading) -> str:
        return reading.meter.unit.number

    @staticmethod
    def resolve_condo_id(reading) -> int:
        return reading.meter.unit.building.condo_id

    @staticmethod
    def resolve_meter_type(reading) -> str:
        return reading.meter.meter_type.code

    @staticmethod
    def resolve_value(reading) -> str:
        return _decimal_text(reading.value)

    @staticmethod
    def resolve_corrected_from(reading) -> str | None:
        return _decimal_text(reading.corrected_from)

    @staticmethod
    def resolve_period(reading) -> str:
        return f"{reading.period:%Y-%m}"

    @staticmethod
    def resolve_has_photo(reading) -> bool:
        return reading.photo_id is not None

    @staticmethod
    def resolve_replaced(reading) -> bool:
        return reading.replaced_at is not None


class ReadingPageOut(Schema):
    items: list[ReadingOut]
    next_cursor: str | None


class AnomalyOut(Schema):
    kind: Literal["forced", "jump", "missing"]
    period: str
    zone: str = Field(..., description='"" / "day" / "night": the zone read, or still unread')
    meter_id: int
    unit_id: int
    unit_number: str
    building: str
    meter_type: str
    reading: ReadingOut | None
    previous_value: str | None
    previous_period: str | None

    @staticmethod
    def resolve_period(anomaly) -> str:
        return f"{anomaly.period:%Y-%m}"

    @staticmethod
    def resolve_meter_id(anomaly) -> int:
        return anomaly.meter.pk

    @staticmethod
    def resolve_unit_id(anomaly) -> int:
        return anomaly.meter.unit_id

    @staticmethod
    def resolve_unit_number(anomaly) -> str:
        return anomaly.meter.unit.number

    @staticmethod
    def resolve_building(anomaly) -> str:
        return anomaly.meter.unit.building.name

    @staticmethod
    def resolve_meter_type(anomaly) -> str:
        return anomaly.meter.meter_type.code

    @staticmethod
    def resolve_previous_value(anomaly) -> str | None:
        return _decimal_text(anomaly.previous_value)

    @staticmethod
    def resolve_previous_period(anomaly) -> str | None:
        return f"{anomaly.previous_period:%Y-%m}" if anomaly.previous_period else None


class AnomalyPageOut(Schema):
    items: list[AnomalyOut]
    next_cursor: str | None
