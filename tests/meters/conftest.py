"""A condo with one flat and its meters in `company` (cold water, electricity day/night)."""

from types import SimpleNamespace

import pytest

from tenant_apps.condos.models import UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.meters.models import MeterType
from tenant_apps.meters.services import meter_create
from tenants.schemas import in_schema


def property_with_meters(schema: str, *, name: str = "Green Hills", **condo_settings) -> SimpleNamespace:
    with in_schema(schema):
        condo = condo_create(name=name, city="Sofia", **condo_settings)
        building = building_create(condo=condo, name="A")
        entrance = entrance_create(building=building, name="1")
        residential = UnitType.objects.get(condo=condo, code="residential")
        units = [
            unit_create(building=building, entrance=entrance, number=n, area="50", unit_type=residential)
            for n in ("12", "14")
        ]
        cold = meter_create(unit=units[0], meter_type=MeterType.objects.get(code="cold_water"), serial="CW-1")
        power = meter_create(
            unit=units[0], meter_type=MeterType.objects.get(code="electricity_day_night"), serial="EL-1"
        )
        return SimpleNamespace(condo=condo, building=building, units=units, cold=cold, power=power)


@pytest.fixture
def place(company):
    return property_with_meters(company.schema_name)
