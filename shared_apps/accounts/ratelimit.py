"""Rate limits shared by every process through Redis (global keys, never prefixed with a
company). A sliding-window counter: this window's count plus the previous window's, weighted
by how much of it still overlaps the last `window_seconds` — no burst at window edges.
When Redis is unreachable each process counts in its own memory: limits get looser,
requests never fail because of it."""

import hashlib
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from config.api import ApiError
from config.redis import redis_call, rkey


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window_seconds: int
    message: str


def api_limit() -> Limit:
    return Limit("api", settings.RATE_LIMIT_API_PER_MINUTE, 60, "Too many requests")


def auth_limit() -> Limit:
    return Limit(
        "auth",
        settings.RATE_LIMIT_AUTH_ATTEMPTS,
        settings.RATE_LIMIT_AUTH_WINDOW_MINUTES * 60,
        "Too many authentication attempts",
    )


def refresh_limit() -> Limit:
    return Limit("refresh", settings.RATE_LIMIT_REFRESH_PER_MINUTE, 60, "Too many refresh requests")


def email_limit() -> Limit:
    return Limit(
        "email", settings.RATE_LIMIT_EMAIL_PER_HOUR, 3600, "Too many emails requested for this address"
    )


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int
    count: float = 0.0  # events in the last window, this one included (sliding estimate)


class RateLimited(ApiError):
    def __init__(self, limit: Limit, retry_after: int):
        super().__init__(
            429, limit.message, code="too_many_requests", headers={"Retry-After": str(retry_after)}
        )
        self.limit = limit
        self.retry_after = retry_after


_memory_lock = threading.Lock()
_memory: dict[str, int] = {}


def memory_counters_reset() -> None:
    with _memory_lock:
        _memory.clear()


def _memory_hit(key: str, previous_key: str) -> tuple[int, int]:
    with _memory_lock:
        if len(_memory) > 50_000:  # windows roll over; old keys are never read again
            _memory.clear()
        _memory[key] = _memory.get(key, 0) + 1
        return _memory[key], _memory.get(previous_key, 0)


# One round trip, one command: count this event, keep the key two windows, read the last window.
HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, tonumber(redis.call('GET', KEYS[2]) or '0')}
"""


def _redis_hit(client, key: str, previous_key: str, window_seconds: int) -> tuple[int, int]:
    count, previous = client.eval(HIT_SCRIPT, 2, key, previous_key, window_seconds * 2)
    return int(count), int(previous)


def hit(limit: Limit, identity: str) -> Decision:
    """Count one event for `identity` and say whether it is within the limit."""
    now = time.time()
    window, elapsed = divmod(now, limit.window_seconds)
    window = int(window)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = rkey(f"ratelimit:{limit.scope}:{digest}:{window}")
    previous_key = rkey(f"ratelimit:{limit.scope}:{digest}:{window - 1}")
    count, previous = redis_call(
        lambda client: _redis_hit(client, key, previous_key, limit.window_seconds),
        fallback=lambda: _memory_hit(key, previous_key),
        what=f"ratelimit:{limit.scope}",
    )
    overlap = 1 - elapsed / limit.window_seconds
    estimate = count + previous * overlap
    if estimate <= limit.limit:
        return Decision(allowed=True, retry_after=0, count=estimate)
    if count > limit.limit or previous == 0:
        retry_after = limit.window_seconds - elapsed
    else:  # wait until enough of the previous window has slid out
        retry_after = (estimate - limit.limit) / previous * limit.window_seconds
    return Decision(allowed=False, retry_after=max(1, math.ceil(retry_after)), count=estimate)


def enforce(limit: Limit, identity: str) -> None:
    decision = hit(limit, identity)
    if not decision.allowed:
        raise RateLimited(limit, decision.retry_after)
