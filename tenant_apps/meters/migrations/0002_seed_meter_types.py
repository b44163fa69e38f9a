from decimal import Decimal

from django.db import migrations

# The defaults every company starts with (SPEC §7); companies and condos add their own.
METER_TYPES = [
    # code, kind, name, unit of measure, zones, largest believable monthly increase
    ("cold_water", "cold_water", "Cold water", "m³", [], Decimal("30")),
    ("electricity", "electricity", "Electricity", "kWh", [], Decimal("2000")),
    (
        "electricity_day_night",
        "electricity",
        "Electricity (day/night)",
        "kWh",
        ["day", "night"],
        Decimal("2000"),
    ),
]


def seed(apps, schema_editor):
    MeterType = apps.get_model("meters", "MeterType")
    for code, kind, name, unit_of_measure, zones, max_increase in METER_TYPES:
        MeterType.objects.get_or_create(
            code=code,
            condo=None,
            deleted_at=None,
            defaults={
                "kind": kind,
                "name": name,
                "unit_of_measure": unit_of_measure,
                "zones": zones,
                "max_monthly_increase": max_increase,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
