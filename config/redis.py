"""The shared Redis client for global keys (rate limits, revoked tokens, user cache).

Callers go through `redis_call`: when Redis is not configured or failed a moment ago it
returns the fallback at once instead of waiting on a dead socket for every request.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from django.conf import settings

logger = logging.getLogger(__name__)
T = TypeVar("T")

_lock = threading.Lock()
_state: dict = {"client": None, "url": None, "down_until": 0.0}


def rkey(key: str) -> str:
    """A global key, with this deployment's prefix."""
    return settings.REDIS_KEY_PREFIX + key


def redis_state_reset() -> None:
    """Forget a Redis failure (tests that simulate outages call this)."""
    _state["down_until"] = 0.0


def redis_client() -> redis.Redis | None:
    url = settings.REDIS_URL
    if not url:
        return None
    with _lock:
        if _state["client"] is None or _state["url"] != url:
            _state["client"] = redis.Redis.from_url(
                url, socket_connect_timeout=0.5, socket_timeout=0.5, health_check_interval=30
            )
            _state["url"] = url
            _state["down_until"] = 0.0
        return _state["client"]


def redis_available() -> bool:
    return redis_client() is not None and time.monotonic() >= _state["down_until"]


def redis_call(operation: Callable[[redis.Redis], T], *, fallback: Callable[[], T], what: str) -> T:
    """Run `operation` against Redis, or `fallback()` when Redis is unconfigured or down."""
    client = redis_client()
    if client is None or time.monotonic() < _state["down_until"]:
        return fallback()
    try:
        return operation(client)
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        _state["down_until"] = time.monotonic() + settings.REDIS_RETRY_AFTER_SECONDS
        logger.warning(
            "redis unavailable, falling back", extra={"operation": what, "error": type(exc).__name__}
        )
        return fallback()
