"""Reading a meter photo with the Perplexity Agent API (image input, SPEC §7).

The request is the understanding request (`ai.request_body` with the image) given its own
instructions and answer schema:

    {"readable": true|false, "value": "123.45"|null, "meter": "<kind>"|null, "zone": "day"|"night"|null}

`meter` is one of the kinds the person's unit has (the model is told which). Errors: AIUnavailable
propagates (the queue retries the message); an answer that breaks the schema counts as unreadable.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.understanding.ai import AIUnavailable, agent_post, output_text, request_body, run_status_check
from bot.understanding.choose import ai_enabled
from bot.understanding.types import ZONES, UnderstandingContext

logger = logging.getLogger(__name__)

SCHEMA_NAME = "meter_photo"
INSTRUCTIONS = (
    "You read utility meters from photos. Look at the photo and report the number the meter's "
    "counter shows, as a decimal string with a dot (digits after a comma or in red are decimals). "
    "Say which kind of meter it is, choosing only from the kinds listed in the message, and the "
    "tariff zone (day/night) when the display shows one. If there is no meter, the counter is not "
    "legible, or you are not sure of every digit, answer readable=false with value null."
)
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "readable": {"type": "boolean"},
        "value": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "meter": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "zone": {"anyOf": [{"type": "string", "enum": list(ZONES)}, {"type": "null"}]},
    },
    "required": ["readable", "value", "meter", "zone"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class MeterPhotoReading:
    readable: bool
    value: Decimal | None = None
    meter: str | None = None  # one of the kinds offered, or None
    zone: str | None = None


UNREADABLE = MeterPhotoReading(readable=False)


def _parse(text: str, kinds: list[str]) -> MeterPhotoReading:
    try:
        data = json.loads(text)
    except ValueError:
        return UNREADABLE
    if not isinstance(data, dict) or data.get("readable") is not True:
        return UNREADABLE
    try:
        value = Decimal(str(data.get("value")).strip().replace(",", "."))
    except InvalidOperation:
        return UNREADABLE
    if not value.is_finite() or value <= 0:
        return UNREADABLE
    meter = data.get("meter") if data.get("meter") in kinds else None
    zone = data.get("zone") if data.get("zone") in ZONES else None
    return MeterPhotoReading(readable=True, value=value, meter=meter, zone=zone)


def meter_photo_read(image: bytes, *, kinds: list[str], language: str = "en") -> MeterPhotoReading:
    """What the meter in `image` shows. `kinds`: the meter kinds of the person's unit."""
    if not ai_enabled():
        raise AIUnavailable("PERPLEXITY_API_KEY is not set", retryable=False)
    context = UnderstandingContext(
        text=f"Meter photo. Kinds of meter in this unit: {', '.join(kinds) or 'unknown'}.",
        language=language,
    )
    body = request_body(context, image=image)
    body["instructions"] = INSTRUCTIONS
    body["response_format"] = {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "schema": ANSWER_SCHEMA, "strict": True},
    }
    payload = agent_post(body)
    run_status_check(payload)
    reading = _parse(output_text(payload), kinds)
    if not reading.readable:
        logger.info("Perplexity run %s: meter photo not readable", payload.get("id") or "?")
    return reading
