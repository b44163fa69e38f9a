from django.db.models import Q
from django.utils import timezone

from shared_apps.accounts.models import EmailToken, RefreshToken


def refresh_tokens_past_use():
    """Refresh tokens no one can use any more: expired or revoked."""
    return RefreshToken.objects.filter(Q(expires_at__lt=timezone.now()) | Q(revoked_at__isnull=False))


def email_tokens_past_use():
    return EmailToken.objects.filter(Q(expires_at__lt=timezone.now()) | Q(used_at__isnull=False))
