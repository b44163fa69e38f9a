"""Readiness and integration checks behind /ready and /health/integrations."""

import asyncio
import threading
import time
from collections.abc import Callable

import httpx
import redis
from django.conf import settings
from django.db import connection

OK, ERROR, NOT_CONFIGURED = "ok", "error", "not_configured"


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"status": NOT_CONFIGURED}
    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()
    return {"status": OK}


def check_migrations() -> dict:
    from tenants.models import Company
    from tenants.schemas import unapplied_migrations

    schemas = ["public", *Company.objects.operating().values_list("schema_name", flat=True)]
    missing = unapplied_migrations(schemas)
    if missing:
        return {"status": ERROR, "unapplied": missing}
    return {"status": OK, "schemas": len(schemas)}


READINESS_CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "redis": check_redis,
    "migrations": check_migrations,
}


def run_checks(checks: dict[str, Callable[[], dict]]) -> dict[str, dict]:
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as exc:  # a failing dependency is a result, not a crash
            results[name] = {"status": ERROR, "detail": type(exc).__name__}
    return results


def readiness() -> tuple[bool, dict[str, dict]]:
    results = run_checks(READINESS_CHECKS)
    ready = all(result["status"] in (OK, NOT_CONFIGURED) for result in results.values())
    return ready, results


def check_telegram() -> dict:
    if not settings.TELEGRAM_BOT_TOKEN:
        return {"status": NOT_CONFIGURED}
    from bot.telegram import telegram_bot

    bot = telegram_bot(timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS, pool_size=1)

    async def get_me():
        # Entering the bot already calls getMe (and refuses a bad token); reuse its answer.
        async with bot:
            return bot.bot

    me = asyncio.run(get_me())
    return {"status": OK, "bot": me.username}


def check_ai() -> dict:
    if not settings.PERPLEXITY_API_KEY:
        return {"status": NOT_CONFIGURED}
    response = httpx.get(
        f"{settings.PERPLEXITY_BASE_URL}/v1/models",
        headers={"Authorization": f"Bearer {settings.PERPLEXITY_API_KEY}"},
        timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS,
    )
    if response.status_code != 200:
        return {"status": ERROR, "detail": f"HTTP {response.status_code}"}
    return {"status": OK}


def check_stripe() -> dict:
    if not settings.STRIPE_SECRET_KEY:
        return {"status": NOT_CONFIGURED}
    import stripe

    # stripe's HTTPXClient is async-only unless allow_sync_methods=True.
    http_client = stripe.HTTPXClient(timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS, allow_sync_methods=True)
    client = stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=0,
        http_client=http_client,
    )
    try:
        client.v1.balance.retrieve()
    finally:
        http_client.close()
    return {"status": OK}


INTEGRATION_CHECKS: dict[str, Callable[[], dict]] = {
    "telegram": check_telegram,
    "ai": check_ai,
    "stripe": check_stripe,
}

_integrations_lock = threading.Lock()
_integrations_cache: dict = {"at": 0.0, "results": None}


def integrations(*, fresh: bool = False) -> dict[str, dict]:
    """Integration statuses, cached per process for HEALTH_INTEGRATIONS_CACHE_SECONDS."""
    with _integrations_lock:
        age = time.monotonic() - _integrations_cache["at"]
        if (
            fresh
            or _integrations_cache["results"] is None
            or age > settings.HEALTH_INTEGRATIONS_CACHE_SECONDS
        ):
            _integrations_cache["results"] = run_checks(INTEGRATION_CHECKS)
            _integrations_cache["at"] = time.monotonic()
        return _integrations_cache["results"]
