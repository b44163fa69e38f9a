"""The one entry point of understanding: picks the adapter (SPEC §6, ARCHITECTURE "The assistant").

    understanding = understand(context, image=photo_bytes)

- PERPLEXITY_API_KEY set → the Perplexity adapter (`bot.understanding.ai`).
  - Its answer is not valid (not JSON, not the schema, parameters not in the catalogue's
    shape: `AIInvalid`) → the offline adapter answers the same message instead, so the
    person is never left without an answer because of a bad model output.
  - The service is unavailable (network error, time-out, HTTP error, a run that failed or
    did not complete: `AIUnavailable`) → the error propagates. The caller (the queued
    message task) retries the message through the queue 1–2 times with a delay, and after
    the last failure answers "can't process this right now, please try later". Offline is
    deliberately not used here: a temporary outage should not silently downgrade answers.
    `AIUnavailable.retryable` is False when retrying cannot help (bad key, unknown model):
    answer "try later" at once and alert the operators (logged as an error).
- No key → the offline, rule-based adapter; no HTTP request is made.
"""

from __future__ import annotations

import logging

from django.conf import settings

from bot.understanding.ai import AIInvalid, AIUnavailable, understand_ai
from bot.understanding.offline import understand_offline
from bot.understanding.types import Understanding, UnderstandingContext

logger = logging.getLogger(__name__)

__all__ = ["AIInvalid", "AIUnavailable", "ai_enabled", "understand"]


def ai_enabled() -> bool:
    return bool(settings.PERPLEXITY_API_KEY)


def understand(context: UnderstandingContext, *, image: bytes | None = None) -> Understanding:
    """Understand one message: the AI when configured, else (or when its answer is invalid)
    the offline adapter. Raises AIUnavailable for the caller to retry through the queue."""
    if not ai_enabled():
        return understand_offline(context)
    try:
        return understand_ai(context, image=image)
    except AIInvalid as exc:
        logger.warning("AI answer invalid, falling back to offline understanding: %s", exc)
        return understand_offline(context)
    except AIUnavailable as exc:
        if not exc.retryable:
            logger.error("AI understanding refused (not retryable): %s", exc)
        raise
