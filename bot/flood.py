"""Flood protection (SPEC §6): each message waits base × 2^k seconds before processing, k being
the person's messages in the last 60 minutes above a threshold, capped."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from shared_apps.botrouting.models import TelegramUpdate


def flood_delay_seconds(recent_messages: int) -> float:
    excess = recent_messages - settings.BOT_DELAY_THRESHOLD
    if excess <= 0:
        return 0.0
    # 2^k grows past the cap long before k is large; stop computing there.
    return min(settings.BOT_DELAY_BASE_S * 2 ** min(excess, 32), settings.BOT_DELAY_MAX_S)


def flood_delay_for(telegram_user_id: int) -> float:
    hour_ago = timezone.now() - timedelta(minutes=60)
    recent = TelegramUpdate.objects.filter(
        telegram_user_id=telegram_user_id, created_at__gte=hour_ago
    ).count()
    return flood_delay_seconds(recent)
