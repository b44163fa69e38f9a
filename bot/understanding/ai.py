"""Understanding by the Perplexity Agent API (SPEC §6).

One request per message: `POST {PERPLEXITY_BASE_URL}/v1/agent`, Responses-style, no tools
(no web search), JSON-schema output.

    {"model": "<PlatformSettings.ai_model or PERPLEXITY_MODEL>",
     "instructions": "<platform system prompt>\\n\\n<intent catalogue>",
     "input": [{"role": "user"|"assistant", "content": "<one of the last 20 messages>"}, ...,
               {"role": "user", "content": [
                   {"type": "input_text", "text": "<context: language, summary, units>"},
                   {"type": "input_text", "text": "New message:\\n<text>"},
                   {"type": "input_image", "image_url": "data:image/jpeg;base64,..."}]}],
     "response_format": {"type": "json_schema",
                         "json_schema": {"name": "understanding", "schema": {...}, "strict": true}}}

The answer is a response object: `status` must be "completed" (a failed run is HTTP 200 with
status "failed"), and the text of its `output` message items is the JSON object
{"intent", "params", "candidates", "reply", "summary"}. `params` is checked with
`validate_params`, so handlers get exactly the catalogue shapes.

Errors: `AIUnavailable` when the service cannot answer now (network, time-out, HTTP error,
a run that did not complete) — the caller retries through the queue; `AIInvalid` when it
answered something unusable — the caller falls back to the offline adapter.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import threading

import httpx
from django.conf import settings

from bot.understanding.types import (
    INTENTS,
    MAX_TEXT_LENGTH,
    STANDARD_METERS,
    TICKET_CATEGORIES,
    ZONES,
    Understanding,
    UnderstandingContext,
    validate_params,
)
from shared_apps.core.images import IMAGE_TYPES, sniff_content_type

logger = logging.getLogger(__name__)

AGENT_PATH = "/v1/agent"
HISTORY_LIMIT = 20  # messages of the conversation sent with each new one (SPEC §6)
MAX_CANDIDATES = 10
MAX_CANDIDATE_LENGTH = 64  # an inline button's text
MAX_SUMMARY_LENGTH = 2000
SCHEMA_NAME = "understanding"
FINAL_STATUS = "completed"


class AIError(Exception):
    """Base of the AI adapter's errors."""


class AIUnavailable(AIError):
    """The service did not answer usefully now: network error, time-out, HTTP error, or a run
    that did not complete. Worth retrying later, except when `retryable` is False (the
    request itself was refused: bad key, unknown model — retrying cannot help)."""

    def __init__(self, message: str, *, status_code: int | None = None, retryable: bool = True):
        super().__init__(message)
        self.status_code = status_code
        self.retryable = retryable


class AIInvalid(AIError):
    """The service answered, but not with a valid understanding (not JSON, wrong shape,
    parameters not in the catalogue's shape). Retrying would not help: fall back."""


# --- the intent catalogue as the model sees it ---------------------------------------------
_METER_TEXT = "|".join(f'"{meter}"' for meter in STANDARD_METERS) + "|<custom meter code>"
_CATEGORY_TEXT = "|".join(f'"{category}"' for category in TICKET_CATEGORIES)
_UNIT_TEXT = "<the unit number the person names, or null>"
PARAM_SHAPES: dict[str, str] = {
    "submit_readings": (
        f'{{"readings": [{{"meter": {_METER_TEXT}, "zone": null|"day"|"night", "value": "12.5"}}], '
        f'"unit": {_UNIT_TEXT}}}'
    ),
    "reading_history": '{"meter": <meter code or null>}',
    "create_ticket": (
        f'{{"description": "<the problem in the person\'s words>", "category": {_CATEGORY_TEXT}, '
        f'"unit": {_UNIT_TEXT}}}'
    ),
    "list_tickets": "{}",
    "ticket_status": '{"ticket_id": 42}',
    "comment_ticket": '{"ticket_id": 42, "text": "<the comment>"}',
    "get_invoice": '{"period": "YYYY-MM" or null}',
    "pay_invoice": '{"amount": "50.00" or null}',
    "payment_history": "{}",
    "poll_vote": "{} (not available yet: reply that it is coming soon)",
    "vehicle_pass": "{} (not available yet: reply that it is coming soon)",
    "vehicle_plate": "{} (not available yet: reply that it is coming soon)",
    "contacts": "{}",
    "help": "{}",
    "greeting": "{}",
    "unknown": "{}",
    "my_tasks": "{}",
    "task_card": '{"ticket_id": 42}',
    "task_take": '{"ticket_id": 42}',
    "task_review": '{"ticket_id": 42}',
    "task_resolve": '{"ticket_id": 42}',
}
assert set(PARAM_SHAPES) == set(INTENTS)


def catalogue_text(intent_notes: dict | None = None) -> str:
    """The intent catalogue for the instructions: name, description, parameter shape and the
    platform admin's notes."""
    notes = intent_notes if isinstance(intent_notes, dict) else {}
    lines = [
        "Intent catalogue (intent: when to use it; params: their exact shape). Staff-only intents "
        "(my_tasks, task_*) are for people whose units list shows a staff role.",
    ]
    for name, description in INTENTS.items():
        lines.append(f"- {name}: {description}")
        lines.append(f"  params: {PARAM_SHAPES[name]}")
        note = notes.get(name)
        if isinstance(note, str) and note.strip():
            lines.append(f"  notes: {note.strip()}")
    return "\n".join(lines)


# --- the response schema ------------------------------------------------------------------
# Strict structured outputs: every object lists all its properties as required and allows no
# others, optional values are nullable, and no keywords beyond type/enum/anyOf are used. Ranges
# and formats (ticket ids, decimals, periods) are left to `validate_params`.
def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict, description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


_TICKET_ID = {"type": "integer"}
_UNIT = _nullable({"type": "string"})
PARAMS_SCHEMAS = [
    _object(
        {
            "readings": {
                "type": "array",
                "items": _object(
                    {
                        "meter": {"type": "string"},
                        "zone": _nullable({"type": "string", "enum": list(ZONES)}),
                        "value": {"type": "string"},
                    },
                    "One meter value.",
                ),
            },
            "unit": _UNIT,
        },
        "submit_readings",
    ),
    _object({"meter": _nullable({"type": "string"})}, "reading_history"),
    _object(
        {
            "description": {"type": "string"},
            "category": {"type": "string", "enum": list(TICKET_CATEGORIES)},
            "unit": _UNIT,
        },
        "create_ticket",
    ),
    _object({"ticket_id": _TICKET_ID}, "ticket_status, task_card, task_take, task_review, task_resolve"),
    _object({"ticket_id": _TICKET_ID, "text": {"type": "string"}}, "comment_ticket"),
    _object({"period": _nullable({"type": "string"})}, "get_invoice"),
    _object({"amount": _nullable({"type": "string"})}, "pay_invoice"),
    _object({}, "every intent without parameters"),
]

RESPONSE_SCHEMA = _object(
    {
        "intent": {"type": "string", "enum": list(INTENTS)},
        "params": {"anyOf": PARAMS_SCHEMAS},
        "candidates": {"type": "array", "items": {"type": "string"}},
        "reply": _nullable({"type": "string"}),
        "summary": _nullable({"type": "string"}),
    },
    "What the person wants, in the intent catalogue's terms.",
)


def response_format() -> dict:
    return {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "schema": RESPONSE_SCHEMA, "strict": True},
    }


# --- the request ----------------------------------------------------------------------------
def image_data_uri(image: bytes) -> str:
    content_type = sniff_content_type(image)
    if content_type not in IMAGE_TYPES:
        content_type = "image/jpeg"  # Telegram photos are JPEG
    return f"data:{content_type};base64,{base64.b64encode(image).decode('ascii')}"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _history_items(history) -> list[dict]:
    items = []
    for message in list(history or ())[-HISTORY_LIMIT:]:
        if not isinstance(message, dict):
            continue
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        role = "assistant" if message.get("role") == "assistant" else "user"
        items.append({"role": role, "content": text})
    return items


def context_text(context: UnderstandingContext) -> str:
    language = context.language or "unknown: answer in the language of the message"
    summary = context.summary.strip() if isinstance(context.summary, str) else ""
    return "\n".join(
        [
            "Context of this conversation (from the system, not from the person):",
            f"Language: {language}",
            f"Summary of the person: {summary or '(none yet)'}",
            f"The person's units: {_json(list(context.units or ()))}",
        ]
    )


def request_body(context: UnderstandingContext, *, image: bytes | None = None, prefs=None) -> dict:
    """The Agent API request for one message. `prefs` is the PlatformSettings (read when None)."""
    if prefs is None:
        from shared_apps.platform.models import platform_settings

        prefs = platform_settings()
    text = context.text if isinstance(context.text, str) else ""
    content = [
        {"type": "input_text", "text": context_text(context)},
        {"type": "input_text", "text": f"New message:\n{text.strip() or '(no text)'}"},
    ]
    if image:
        content.append({"type": "input_image", "image_url": image_data_uri(image)})
    return {
        "model": prefs.effective_ai_model,
        "instructions": f"{prefs.ai_system_prompt.strip()}\n\n{catalogue_text(prefs.intent_notes)}",
        "input": [*_history_items(context.history), {"role": "user", "content": content}],
        "response_format": response_format(),
    }


# --- HTTP -----------------------------------------------------------------------------------
_client_lock = threading.Lock()
_client: httpx.Client | None = None
_client_pid: int | None = None


def _http() -> httpx.Client:
    """One pooled client per process (recreated after a fork)."""
    global _client, _client_pid
    with _client_lock:
        if _client is None or _client_pid != os.getpid():
            _client = httpx.Client(headers={"Accept": "application/json"})
            _client_pid = os.getpid()
        return _client


def agent_post(body: dict) -> dict:
    """The response object of one Agent API request; AIUnavailable when there is none."""
    url = settings.PERPLEXITY_BASE_URL.rstrip("/") + AGENT_PATH
    timeout = settings.AI_TIMEOUT_SECONDS
    try:
        response = _http().post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {settings.PERPLEXITY_API_KEY}"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        )
    except httpx.TimeoutException as exc:
        raise AIUnavailable(f"Perplexity did not answer within {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise AIUnavailable(f"Perplexity unreachable: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        status = response.status_code
        raise AIUnavailable(
            f"Perplexity answered HTTP {status}: {_error_message(response)}",
            status_code=status,
            retryable=status >= 500 or status in (408, 409, 429),
        )
    try:
        payload = response.json()
    except ValueError as exc:
        raise AIUnavailable("Perplexity answered HTTP 200 without a JSON body", status_code=200) from exc
    if not isinstance(payload, dict):
        raise AIUnavailable("Perplexity answered HTTP 200 without a response object", status_code=200)
    return payload


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return response.text[:200]
    if isinstance(error, dict):
        return str(error.get("message") or error)[:200]
    return str(error)[:200]


# --- the answer -----------------------------------------------------------------------------
_FENCE_RE = re.compile(r"^```(?:json)?\s*(?P<body>.*?)\s*```$", re.DOTALL)


def output_text(payload: dict) -> str:
    """The text of the response's message items (what the SDKs call `output_text`)."""
    parts = []
    for item in payload.get("output") or ():
        if not isinstance(item, dict) or item.get("type") != "message":
            continue
        for part in item.get("content") or ():
            if (
                isinstance(part, dict)
                and part.get("type") == "output_text"
                and isinstance(part.get("text"), str)
            ):
                parts.append(part["text"])
    if not parts and isinstance(payload.get("output_text"), str):
        parts.append(payload["output_text"])
    return "".join(parts).strip()


def run_status_check(payload: dict) -> None:
    """AIUnavailable unless the run completed."""
    status = payload.get("status")
    if status == FINAL_STATUS:
        return
    error = payload.get("error")
    detail = ""
    if isinstance(error, dict):
        detail = f": {error.get('code') or error.get('type') or ''} {error.get('message') or ''}".rstrip()
    elif isinstance(payload.get("incomplete_details"), dict):
        detail = f": {payload['incomplete_details'].get('reason') or ''}"
    raise AIUnavailable(f"Perplexity run {payload.get('id') or '?'} ended with status {status!r}{detail}")


def _optional_text(data: dict, key: str, limit: int, *, truncate: bool) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise AIInvalid(f"{key} must be a string or null, got {type(value).__name__}")
    value = value.strip()
    if len(value) > limit:
        if not truncate:
            raise AIInvalid(f"{key} is longer than {limit} characters")
        value = value[:limit].rstrip()
    return value or None


def parse_understanding(text: str) -> Understanding:
    """The model's JSON text → a validated `Understanding` (AIInvalid otherwise)."""
    fenced = _FENCE_RE.match(text.strip())
    if fenced:
        text = fenced.group("body")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AIInvalid(f"answer is not JSON: {text[:200]!r}") from exc
    if not isinstance(data, dict):
        raise AIInvalid(f"answer must be a JSON object, got {type(data).__name__}")
    intent = data.get("intent")
    if intent not in INTENTS:
        raise AIInvalid(f"intent must be one of the catalogue, got {intent!r}")
    if "params" not in data:
        raise AIInvalid("params missing")
    try:
        params = validate_params(intent, data["params"])
    except ValueError as exc:
        raise AIInvalid(str(exc)) from exc
    candidates = data.get("candidates")
    if candidates is None:
        candidates = []
    if not isinstance(candidates, list) or not all(isinstance(item, str) for item in candidates):
        raise AIInvalid("candidates must be a list of strings")
    candidates = [item.strip()[:MAX_CANDIDATE_LENGTH] for item in candidates if item.strip()][:MAX_CANDIDATES]
    return Understanding(
        intent=intent,
        params=params,
        candidates=candidates,
        reply=_optional_text(data, "reply", MAX_TEXT_LENGTH, truncate=False),
        summary=_optional_text(data, "summary", MAX_SUMMARY_LENGTH, truncate=True),
    )


def understand_ai(context: UnderstandingContext, *, image: bytes | None = None) -> Understanding:
    """Understand one message with the Perplexity Agent API. Raises AIUnavailable (retry
    later) or AIInvalid (fall back to the offline adapter)."""
    if not settings.PERPLEXITY_API_KEY:
        raise AIUnavailable("PERPLEXITY_API_KEY is not set", retryable=False)
    payload = agent_post(request_body(context, image=image))
    run_status_check(payload)
    text = output_text(payload)
    if not text:
        raise AIInvalid(f"Perplexity run {payload.get('id') or '?'} completed without output text")
    try:
        return parse_understanding(text)
    except AIInvalid as exc:
        logger.warning("Perplexity run %s: invalid understanding: %s", payload.get("id") or "?", exc)
        raise
