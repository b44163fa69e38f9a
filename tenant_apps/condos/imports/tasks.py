"""The import job, run by the worker in the company's schema."""

from tenant_apps.condos.imports.services import unit_import_run
from tenants.jobs import tenant_task


@tenant_task(context=True)
def unit_import_job(unit_import_id: int, task=None):
    """`unit_import_job(schema_name, unit_import_id)`; a lost database connection is retried
    (the file is kept until the last attempt), anything else ends the import as failed."""
    unit_import_run(unit_import_id=unit_import_id, retries_left=task.retries if task is not None else 0)
