"""The python-telegram-bot client, pointed at TELEGRAM_API_BASE_URL (a stand-in in tests)."""

from django.conf import settings
from telegram import Bot
from telegram.request import HTTPXRequest


def telegram_bot(*, timeout: float = 10.0, pool_size: int = 32) -> Bot:
    base = settings.TELEGRAM_API_BASE_URL.rstrip("/")
    request = HTTPXRequest(
        connection_pool_size=pool_size, connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout
    )
    return Bot(
        settings.TELEGRAM_BOT_TOKEN, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot", request=request
    )
