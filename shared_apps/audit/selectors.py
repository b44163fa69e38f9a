from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from shared_apps.audit.models import AuditEntry


def audit_entries_past_retention():
    """Live audit entries older than AUDIT_RETENTION_DAYS in the current schema."""
    cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return AuditEntry.objects.filter(created_at__lt=cutoff)
