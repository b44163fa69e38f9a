import json

import pytest

from tests.bot.updates import SECRET


@pytest.fixture
def telegram(settings, fake_telegram):
    """The fake Bot API as the bot's Telegram; offline understanding; no per-chat spacing."""
    settings.TELEGRAM_BOT_TOKEN = fake_telegram.token
    settings.TELEGRAM_API_BASE_URL = fake_telegram.base_url
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    settings.PERPLEXITY_API_KEY = ""
    settings.BOT_SEND_CHAT_INTERVAL_SECONDS = 0
    return fake_telegram


@pytest.fixture
def post_update(public_client, django_capture_on_commit_callbacks):
    """Posts an update to the webhook; the queued processing runs at once."""

    def post(update: dict, secret: str = SECRET):
        with django_capture_on_commit_callbacks(execute=True):
            return public_client.post(
                "/telegram/webhook",
                json.dumps(update),
                content_type="application/json",
                HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=secret,
            )

    return post
