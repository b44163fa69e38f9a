"""Telegram's webhook takes the shortest path through the stack."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection

from bot.views import telegram_webhook

WEBHOOK_PATH = "/telegram/webhook"


class TelegramWebhookMiddleware:
    """Answers the webhook on a platform host before the tenant lookup, sessions, CSRF and
    auth: it needs none of them (its secret token is its authentication), and it carries
    every message of every company, so each update should cost as little as possible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == WEBHOOK_PATH and _on_public_host(request):
            if connection.schema_name != "public":
                connection.set_schema_to_public()
            return telegram_webhook(request)
        return self.get_response(request)


def _on_public_host(request) -> bool:
    try:
        return request.get_host().rsplit(":", 1)[0] in settings.PUBLIC_HOSTS
    except DisallowedHost:
        return False
