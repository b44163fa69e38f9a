"""Every 15 minutes: tickets RESOLVED for TICKET_AUTO_CLOSE_HOURS (24 h) close by themselves,
in every active company (SPEC §8)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tenant_apps.tickets.services import tickets_close_resolved
from tenants.jobs import fan_out, tenant_task


@tenant_task()
def company_tickets_close():
    return tickets_close_resolved()


@db_periodic_task(crontab(minute="*/15"))
def tickets_close_every_15_minutes():
    fan_out(company_tickets_close)
