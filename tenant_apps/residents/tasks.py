"""Daily at 02:00 UTC: expired invites are soft-deleted, in every company and in the public
routing table (SPEC §13). Used and revoked ones stay until they expire: they are history."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from shared_apps.botrouting.models import InviteRoute
from shared_apps.core.cleanup import soft_delete_in_batches
from tenant_apps.residents.models import Invite
from tenants.jobs import fan_out, tenant_task


@tenant_task()
def company_invites_cleanup():
    return soft_delete_in_batches(Invite.objects.filter(expires_at__lt=timezone.now())).rows


@db_task(retries=3, retry_delay=10, retry_backoff=2)
def invite_routes_cleanup():
    return soft_delete_in_batches(InviteRoute.objects.filter(expires_at__lt=timezone.now())).rows


@db_periodic_task(crontab(hour="2", minute="0"))
def invites_cleanup_daily():
    invite_routes_cleanup()
    fan_out(company_invites_cleanup, include_blocked=True)
