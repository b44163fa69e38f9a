"""Flood protection (SPEC §6): each message waits base × 2^k seconds before processing, k being
the person's messages in the last 60 minutes above a threshold, capped."""

from django.conf import settings

from shared_apps.accounts.ratelimit import Limit, hit

MESSAGES_PER_HOUR = Limit("bot_messages", 0, 3600, "")


def flood_delay_seconds(recent_messages: int) -> float:
    excess = recent_messages - settings.BOT_DELAY_THRESHOLD
    if excess <= 0:
        return 0.0
    # 2^k grows past the cap long before k is large; stop computing there.
    return min(settings.BOT_DELAY_BASE_S * 2 ** min(excess, 32), settings.BOT_DELAY_MAX_S)


def flood_delay_for(telegram_user_id: int) -> float:
    """Counts this message and answers its delay; the hourly count lives in Redis (shared by
    every web process), in process memory when Redis is down."""
    recent = hit(MESSAGES_PER_HOUR, str(telegram_user_id)).count
    return flood_delay_seconds(round(recent))
