"""Every write of meters and readings (company schema); see readings.py for the reading rules.
The names are re-exported here so callers import them from `tenant_apps.meters.services`."""

from tenant_apps.meters.services.meters import meter_create, meter_deactivate, meter_update
from tenant_apps.meters.services.readings import (
    ReadingOutcome,
    reading_correct,
    reading_photo_store,
    reading_submit,
    reading_value_clean,
    readings_submit_many,
)
from tenant_apps.meters.services.types import meter_type_create, meter_type_delete, meter_type_update

__all__ = [
    "ReadingOutcome",
    "meter_create",
    "meter_deactivate",
    "meter_type_create",
    "meter_type_delete",
    "meter_type_update",
    "meter_update",
    "reading_correct",
    "reading_photo_store",
    "reading_submit",
    "reading_value_clean",
    "readings_submit_many",
]
