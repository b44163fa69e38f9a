"""Daily at 02:30 UTC, in every company (SPEC §13): meter photos never attached to a reading
(the person gave up before confirming) go after 7 days, refused reading attempts after 60 days.
Soft-deletes in batches. Readings, and the photos they carry, are never touched here."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from shared_apps.core.cleanup import soft_delete_in_batches
from tenant_apps.meters.models import Reading, ReadingAttempt, ReadingPhoto
from tenants.jobs import fan_out, tenant_task

UNATTACHED_PHOTO_DAYS = 7
ATTEMPT_DAYS = 60


@tenant_task()
def company_meters_cleanup() -> dict:
    now = timezone.now()
    # NOT EXISTS rather than a join: the batches lock rows, which an outer join does not allow.
    attached = Reading.all_objects.filter(photo_id=OuterRef("pk"))
    photos = ReadingPhoto.objects.filter(
        ~Exists(attached), created_at__lt=now - timedelta(days=UNATTACHED_PHOTO_DAYS)
    )
    attempts = ReadingAttempt.objects.filter(created_at__lt=now - timedelta(days=ATTEMPT_DAYS))
    return {
        "photos": soft_delete_in_batches(photos).rows,
        "attempts": soft_delete_in_batches(attempts).rows,
    }


@db_periodic_task(crontab(hour="2", minute="30"))
def meters_cleanup_daily():
    fan_out(company_meters_cleanup, include_blocked=True)
