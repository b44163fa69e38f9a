"""Daily at 03:00: audit entries past AUDIT_RETENTION_DAYS are soft-deleted, platform and companies."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from shared_apps.audit.selectors import audit_entries_past_retention
from shared_apps.core.cleanup import soft_delete_in_batches
from tenants.jobs import fan_out, tenant_task


@tenant_task()
def company_audit_cleanup():
    return soft_delete_in_batches(audit_entries_past_retention()).rows


@db_task(retries=3, retry_delay=10, retry_backoff=2)
def platform_audit_cleanup():
    return soft_delete_in_batches(audit_entries_past_retention()).rows


@db_periodic_task(crontab(hour="3", minute="0"))
def audit_cleanup_daily():
    platform_audit_cleanup()
    fan_out(company_audit_cleanup, include_blocked=True)
