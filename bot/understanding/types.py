"""The contract between understanding adapters and intent handlers (SPEC §6).

Both adapters (AI and offline) return an `Understanding`; handlers receive its `params` in
exactly the shapes of the intent catalogue. `validate_params` checks and normalises a
parameter dict against that catalogue, so an adapter's answer can be trusted or rejected
(an AI answer that fails it falls back to the offline adapter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

LANGUAGES = ("en", "ru", "bg")
STANDARD_METERS = ("cold_water", "hot_water", "electricity", "gas", "heating")
ZONES = ("day", "night")
TICKET_CATEGORIES = ("plumbing", "electrical", "heating", "cleaning", "security", "elevator", "other")

# Intent name → short description (what the AI is told; the platform admin may add more).
INTENTS: dict[str, str] = {
    "submit_readings": "Resident sends meter readings (cold/hot water, electricity day/night, gas, heating).",
    "reading_history": "Resident asks for their previous meter readings, optionally for one meter.",
    "create_ticket": "Resident or staff reports a problem (leak, no light, broken lift...) to open a ticket.",
    "list_tickets": "Resident asks for the list of their tickets.",
    "ticket_status": "Resident asks about one ticket by its number.",
    "comment_ticket": "Resident or staff adds a comment to a ticket by its number.",
    "get_invoice": "Resident asks for an invoice, optionally for a month.",
    "pay_invoice": "Resident wants to pay, optionally naming an amount.",
    "payment_history": "Resident asks for their past payments.",
    "poll_vote": "Resident votes in a poll (later feature).",
    "vehicle_pass": "Resident orders a one-time or permanent vehicle pass (later feature).",
    "vehicle_plate": "Resident gives a vehicle plate for a pass (later feature).",
    "contacts": "Resident asks for the management's contacts or the FAQ.",
    "help": "User asks what the assistant can do.",
    "greeting": "User greets or thanks the assistant.",
    "unknown": "Nothing above fits: the assistant asks to rephrase.",
    "my_tasks": "Staff asks for the tickets assigned to them.",
    "task_card": "Staff asks for one task's card by ticket number.",
    "task_take": "Staff takes a ticket into work (IN_PROGRESS).",
    "task_review": "Staff sends a ticket to review (REVIEW).",
    "task_resolve": "Staff marks a ticket resolved (RESOLVED).",
}
STAFF_INTENTS = frozenset(
    {"my_tasks", "task_card", "task_take", "task_review", "task_resolve", "create_ticket", "comment_ticket"}
)
RESIDENT_INTENTS = frozenset(INTENTS) - {"my_tasks", "task_card", "task_take", "task_review", "task_resolve"}
LATER_INTENTS = frozenset({"poll_vote", "vehicle_pass", "vehicle_plate"})  # shapes not fixed yet


@dataclass(frozen=True)
class UnderstandingContext:
    """What an adapter gets: the new message, the user's language (empty → detect), units,
    stored summary and recent messages (`{"role": "user"|"assistant", "text": ...}`)."""

    text: str
    language: str | None
    units: list[dict] = ()
    summary: str = ""
    history: list[dict] = ()


@dataclass(frozen=True)
class Understanding:
    """What an adapter answers. `params` follows the catalogue shape of `intent`."""

    intent: str
    params: dict
    candidates: list = field(default_factory=list)
    reply: str | None = None
    summary: str | None = None


# --- parameter validation -------------------------------------------------------------------
MAX_TEXT_LENGTH = 4096  # one Telegram message
MAX_UNIT_LENGTH = 32
MAX_TICKET_ID = 2**31 - 1
_METER_CODE_RE = re.compile(r"[a-z][a-z0-9_]{0,49}")
_DECIMAL_RE = re.compile(r"\d+(?:[.,]\d+)?")
_PERIOD_RE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")
_TICKET_ID_RE = re.compile(r"\d{1,10}")


def validate_params(intent: str, params: dict) -> dict:
    """Check `params` against the catalogue shape of `intent` and return a normalised copy
    (keys in catalogue order, optional keys filled with None, decimals as dot strings).
    Raises ValueError with a message naming the offending field."""
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}; expected one of: {', '.join(INTENTS)}")
    if not isinstance(params, dict):
        raise ValueError(f"{intent}: params must be an object, got {type(params).__name__}")
    if intent in LATER_INTENTS:
        return dict(params)
    return _VALIDATORS[intent](intent, params)


def _check_keys(intent: str, params: dict, required: tuple = (), optional: tuple = ()) -> None:
    extra = sorted(set(params) - set(required) - set(optional), key=str)
    if extra:
        raise ValueError(f"{intent}: unexpected parameter(s) {', '.join(map(repr, extra))}")
    missing = [key for key in required if key not in params]
    if missing:
        raise ValueError(f"{intent}: missing parameter(s) {', '.join(map(repr, missing))}")


def _empty(intent: str, params: dict) -> dict:
    _check_keys(intent, params)
    return {}


def _decimal(value, where: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where} must be a decimal string like '12.5', got {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_RE.fullmatch(text):
            raise ValueError(f"{where} must be a decimal string like '12.5', got {value!r}")
        return Decimal(text.replace(",", "."))
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(f"{where} must be a finite number, got {value!r}")
        if number < 0:
            raise ValueError(f"{where} must not be negative, got {value!r}")
        return number
    raise ValueError(f"{where} must be a decimal string like '12.5', got {type(value).__name__}")


def _decimal_string(number: Decimal) -> str:
    return format(number, "f")  # never exponent notation: "1E+3" → "1000"


def _unit(intent: str, value) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{intent}: unit must be a string or null, got {type(value).__name__}")
    value = value.strip()
    if len(value) > MAX_UNIT_LENGTH:
        raise ValueError(f"{intent}: unit is longer than {MAX_UNIT_LENGTH} characters")
    return value or None


def _meter(intent: str, value, *, nullable: bool) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not _METER_CODE_RE.fullmatch(value.strip().lower()):
        raise ValueError(
            f"{intent}: meter must be {'null or ' if nullable else ''}a code like "
            f"{', '.join(STANDARD_METERS)} (lowercase letters, digits, _), got {value!r}"
        )
    return value.strip().lower()


def _text(intent: str, key: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{intent}: {key} must be a non-empty string, got {value!r}")
    value = value.strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"{intent}: {key} is longer than {MAX_TEXT_LENGTH} characters")
    return value


def _ticket_id(intent: str, value) -> int:
    if isinstance(value, str) and _TICKET_ID_RE.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{intent}: ticket_id must be an integer, got {value!r}")
    if not 1 <= value <= MAX_TICKET_ID:
        raise ValueError(f"{intent}: ticket_id must be between 1 and {MAX_TICKET_ID}, got {value}")
    return value


def _submit_readings(intent: str, params: dict) -> dict:
    _check_keys(intent, params, required=("readings",), optional=("unit",))
    readings = params["readings"]
    if not isinstance(readings, list) or not readings:
        raise ValueError(f"{intent}: readings must be a non-empty list")
    normalised = []
    for index, reading in enumerate(readings):
        where = f"{intent}: readings[{index}]"
        if not isinstance(reading, dict):
            raise ValueError(f"{where} must be an object with meter, zone and value")
        _check_keys(where, reading, required=("meter", "value"), optional=("zone",))
        zone = reading.get("zone")
        if isinstance(zone, str):
            zone = zone.strip().lower()
        if zone not in (None, *ZONES):
            raise ValueError(f"{where}.zone must be null, 'day' or 'night', got {reading.get('zone')!r}")
        value = _decimal(reading["value"], f"{where}.value")
        normalised.append(
            {
                "meter": _meter(where, reading["meter"], nullable=False),
                "zone": zone,
                "value": _decimal_string(value),
            }
        )
    return {"readings": normalised, "unit": _unit(intent, params.get("unit"))}


def _reading_history(intent: str, params: dict) -> dict:
    _check_keys(intent, params, optional=("meter",))
    return {"meter": _meter(intent, params.get("meter"), nullable=True)}


def _create_ticket(intent: str, params: dict) -> dict:
    _check_keys(intent, params, required=("description", "category"), optional=("unit",))
    category = params["category"]
    if isinstance(category, str):
        category = category.strip().lower()
    if category not in TICKET_CATEGORIES:
        raise ValueError(
            f"{intent}: category must be one of {', '.join(TICKET_CATEGORIES)}, got {params['category']!r}"
        )
    return {
        "description": _text(intent, "description", params["description"]),
        "category": category,
        "unit": _unit(intent, params.get("unit")),
    }


def _by_ticket_id(intent: str, params: dict) -> dict:
    _check_keys(intent, params, required=("ticket_id",))
    return {"ticket_id": _ticket_id(intent, params["ticket_id"])}


def _comment_ticket(intent: str, params: dict) -> dict:
    _check_keys(intent, params, required=("ticket_id", "text"))
    return {
        "ticket_id": _ticket_id(intent, params["ticket_id"]),
        "text": _text(intent, "text", params["text"]),
    }


def _get_invoice(intent: str, params: dict) -> dict:
    _check_keys(intent, params, optional=("period",))
    period = params.get("period")
    if period is not None and (not isinstance(period, str) or not _PERIOD_RE.fullmatch(period.strip())):
        raise ValueError(f"{intent}: period must be null or 'YYYY-MM', got {period!r}")
    return {"period": period.strip() if period is not None else None}


def _pay_invoice(intent: str, params: dict) -> dict:
    _check_keys(intent, params, optional=("amount",))
    amount = params.get("amount")
    if amount is None:
        return {"amount": None}
    number = _decimal(amount, f"{intent}: amount")
    if number <= 0:
        raise ValueError(f"{intent}: amount must be greater than 0, got {amount!r}")
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise ValueError(f"{intent}: amount must have at most 2 decimals, got {amount!r}")
    return {"amount": _decimal_string(number.quantize(Decimal("0.01")))}


_VALIDATORS = {
    "submit_readings": _submit_readings,
    "reading_history": _reading_history,
    "create_ticket": _create_ticket,
    "list_tickets": _empty,
    "ticket_status": _by_ticket_id,
    "comment_ticket": _comment_ticket,
    "get_invoice": _get_invoice,
    "pay_invoice": _pay_invoice,
    "payment_history": _empty,
    "contacts": _empty,
    "help": _empty,
    "greeting": _empty,
    "unknown": _empty,
    "my_tasks": _empty,
    "task_card": _by_ticket_id,
    "task_take": _by_ticket_id,
    "task_review": _by_ticket_id,
    "task_resolve": _by_ticket_id,
}
assert set(_VALIDATORS) | LATER_INTENTS == set(INTENTS)
