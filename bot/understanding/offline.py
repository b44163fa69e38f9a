"""Offline, rule-based understanding (SPEC §6) for English, Russian and Bulgarian.

No network, no database: regular expressions compiled once at import plus a small walk
over the message's tokens for meter readings. Used when no AI key is set and as the
safety net when an AI answer fails validation. Deterministic: the same text (and `today`)
always gives the same answer. It never guesses silently — a number without a meter, or a
request without its details, comes back as `unknown` with a reply asking for what is
missing.

Decision order (first match wins):
  slash command → comment on a ticket → staff action on a ticket number → task / ticket
  number → payment history → "how much do I owe" → pay → problem report (ticket) →
  meter readings → reading history → readings without values → ticket without details →
  list tickets → my tasks → invoice → contacts → help → greeting → lone numbers → unknown.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from bot.understanding import lexicon as lx
from bot.understanding.types import (
    LANGUAGES,
    MAX_TEXT_LENGTH,
    Understanding,
    UnderstandingContext,
    validate_params,
)

CATEGORY_PRIORITY = ("elevator", "security", "heating", "plumbing", "electrical", "cleaning")


# --- building the expressions from the lexicon ----------------------------------------------
def _merged(by_language: dict) -> list[str]:
    return [entry for language in LANGUAGES for entry in by_language.get(language, ())]


def _merged_keyed(by_language: dict) -> dict:
    merged: dict = {}
    for language in LANGUAGES:
        for key, entries in by_language.get(language, {}).items():
            merged.setdefault(key, []).extend(entries)
    return merged


def _alternation(fragments: list[str]) -> str:
    unique = sorted(set(fragments), key=lambda fragment: (-len(fragment), fragment))
    return "(?:" + "|".join(fragment.replace(" ", r"\s+") for fragment in unique) + ")"


def _words_re(fragments: list[str]) -> str:
    """Fragments as one whole-word alternation (not compiled: for composing)."""
    return r"(?<!\w)" + _alternation(fragments) + r"(?!\w)"


def _compile(fragments: list[str]) -> re.Pattern:
    return re.compile(_words_re(fragments))


_TICKET = _words_re(_merged(lx.TICKET_WORD_PATTERNS))
_TASK = _words_re(_merged(lx.TASK_WORD_PATTERNS))
_TICKET_OR_TASK = _words_re(_merged(lx.TICKET_WORD_PATTERNS) + _merged(lx.TASK_WORD_PATTERNS))
_NUMBER_SIGN = _alternation(_merged(lx.NUMBER_SIGN_PATTERNS))
_ID = rf"(?:{_NUMBER_SIGN}\s*)?(?P<id>0*[1-9]\d{{0,8}})(?!\w)(?![.,]\d)"  # 1 … 999,999,999
_SEPARATOR = r"\s*[:\-—–,.]?\s*"
_TAKE = _words_re(_merged(lx.TAKE_PATTERNS))
_REVIEW = _words_re(_merged(lx.REVIEW_PATTERNS))
_RESOLVE = _words_re(_merged(lx.RESOLVE_PATTERNS))
_ACTION = rf"(?:(?P<task_take>{_TAKE})|(?P<task_review>{_REVIEW})|(?P<task_resolve>{_RESOLVE}))"
_COMMENT = _words_re(_merged(lx.COMMENT_PATTERNS))
_PREPOSITION = r"(?:(?:on|to|for|in|about|к|на|по|до|към|за)\s+)?"

# "comment on ticket 42: still leaking" / "заявка 42 комментарий: ..." (the text follows)
_COMMENT_FIRST_RE = re.compile(rf"{_COMMENT}[\s:]*{_PREPOSITION}(?:{_TICKET_OR_TASK}\s*)?{_ID}{_SEPARATOR}")
_COMMENT_LAST_RE = re.compile(rf"{_TICKET_OR_TASK}\s*{_ID}{_SEPARATOR}{_COMMENT}[\s:\-—–]*")
# "take 42", "взять задачу 42" / "задача 42 готово", "42 готово", "send 42 to review"
_ACTION_FIRST_RE = re.compile(rf"{_ACTION}\s*[:\-—–]?\s*(?:{_TICKET_OR_TASK}\s*)?{_ID}")
_ACTION_AFTER_WORD_RE = re.compile(rf"{_TICKET_OR_TASK}\s*{_ID}{_SEPARATOR}(?:->|→)?\s*{_ACTION}")
_ACTION_AFTER_NUMBER_RE = re.compile(
    rf"^\s*(?:{_words_re(_merged(lx.SEND_PATTERNS))}\s*)?{_ID}{_SEPARATOR}(?:->|→)?\s*{_ACTION}"
)
_TASK_CARD_RE = re.compile(rf"{_TASK}\s*{_ID}")
_TICKET_STATUS_RE = re.compile(
    rf"(?:{_TICKET}|{_words_re(_merged(lx.STATUS_PATTERNS))}\s*{_PREPOSITION}(?:{_TICKET})?)\s*{_ID}"
)

_UNIT_RE = re.compile(
    rf"(?<!\w){_alternation(_merged(lx.UNIT_PATTERNS))}\.?\s*(?:{_NUMBER_SIGN}\s*)?"
    r"(?P<unit>[a-zа-я]?\d{1,5}[a-zа-я]?(?:[-/]\d{1,4})?)(?!\w)(?![.,]\d)"
)
_GREETING_RE = _compile(_merged(lx.GREETING_PATTERNS))
_PROBLEM_RE = _compile(_merged(lx.PROBLEM_PATTERNS))
_ABSENCE_RE = _compile(_merged(lx.ABSENCE_PATTERNS))
_CREATE_TICKET_RE = _compile(_merged(lx.CREATE_TICKET_PATTERNS))
_CATEGORY_RES = {
    category: _compile(fragments) for category, fragments in _merged_keyed(lx.CATEGORY_PATTERNS).items()
}
assert set(_CATEGORY_RES) == set(CATEGORY_PRIORITY)
_STOP_WORDS = frozenset(_merged(lx.STOP_WORDS))
_CONTENT_WORD_RE = re.compile(r"[^\W\d_]{3,}")

_PAYMENT_HISTORY_RE = _compile(_merged(lx.PAYMENT_HISTORY_PATTERNS))
_INVOICE_QUESTION_RE = _compile(_merged(lx.INVOICE_QUESTION_PATTERNS))
_PAY_RE = _compile(_merged(lx.PAY_PATTERNS))
_INVOICE_RE = _compile(_merged(lx.INVOICE_PATTERNS))
_READING_HISTORY_RE = _compile(_merged(lx.READING_HISTORY_PATTERNS))
_READINGS_REQUEST_RE = _compile(_merged(lx.READINGS_REQUEST_PATTERNS))
_HISTORY_METER_RES = {
    meter: _compile(fragments) for meter, fragments in _merged_keyed(lx.HISTORY_METER_PATTERNS).items()
}
_LIST_TICKETS_RE = _compile(_merged(lx.LIST_TICKETS_PATTERNS))
_MY_TASKS_RE = _compile(_merged(lx.MY_TASKS_PATTERNS))
_CONTACTS_RE = _compile(_merged(lx.CONTACTS_PATTERNS))
_HELP_RE = _compile(_merged(lx.HELP_PATTERNS))
_SLASH_RE = re.compile(r"/(?P<command>[a-z_]+)(?:@\w+)?(?!\w)")

_MONTHS = _merged_keyed(lx.MONTH_PATTERNS)
_MONTH_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(f"(?P<m{month:02d}>{_alternation(_MONTHS[month])})" for month in range(1, 13))
    + r")(?!\w)\.?(?:\s+(?P<year>(?:19|20)\d\d)(?!\d))?"
)
_NUMERIC_PERIOD_RE = re.compile(
    r"(?<![\d.,])(?:(?P<y1>(?:19|20)\d\d)[-/.](?P<m1>0?[1-9]|1[0-2])"
    r"|(?P<m2>0?[1-9]|1[0-2])[-/.](?P<y2>(?:19|20)\d\d))(?![\d])(?![.,]\d)"
)
_PREVIOUS_MONTH_RE = _compile(_merged(lx.PREVIOUS_MONTH_PATTERNS))
_CURRENT_MONTH_RE = _compile(_merged(lx.CURRENT_MONTH_PATTERNS))

_CYRILLIC_RE = re.compile(r"[а-яё]")
_RUSSIAN_RE = re.compile(_words_re(lx.RUSSIAN_MARKER_PATTERNS))
_BULGARIAN_RE = re.compile(_words_re(lx.BULGARIAN_MARKER_PATTERNS))

# Tokens of the reading walk: dates (skipped), numbers ("1 234,5" with a thin/normal space
# as thousands separator), words (letters first, digits allowed: "t1", "m3").
_TOKEN_RE = re.compile(
    r"(?P<date>(?<!\w)(?<!\d[.,])(?:(?:19|20)\d\d[-/](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?!\d)(?![.,]\d))"
    r"|(?P<num>(?<!\w)(?<!\d[.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:[.,]\d+)?(?!\d))"
    r"|(?P<word>[^\W\d_][^\W_]*)"
)

METER, ZONE, FILLER, NOT_AFTER, NOT_BEFORE, NUMBER, OTHER = range(7)
_BLOCKERS = (NOT_BEFORE, NOT_AFTER)  # "floor 3", "этаж 3", "3 дня": that number is no reading


def _phrases() -> dict[tuple[str, ...], tuple[int, str | None]]:
    table: dict[tuple[str, ...], tuple[int, str | None]] = {}

    def add(phrase: str, kind: int, value: str | None) -> None:
        key = tuple(phrase.split())
        if key in table and table[key][0] in (METER, ZONE) and table[key] != (kind, value):
            raise ValueError(f"lexicon: {phrase!r} means both {table[key]} and {(kind, value)}")
        table.setdefault(key, (kind, value))

    for kind, source in ((METER, lx.METER_WORDS), (ZONE, lx.ZONE_WORDS)):
        for code, phrases in _merged_keyed(source).items():
            for phrase in phrases:
                add(phrase, kind, code)
    for kind, source in (
        (FILLER, lx.READING_FILLER_WORDS),
        (NOT_AFTER, lx.NOT_READING_AFTER_WORDS),
        (NOT_BEFORE, lx.NOT_READING_BEFORE_WORDS),
    ):
        for phrase in _merged(source):
            add(phrase, kind, None)
    return table


_PHRASES = _phrases()
_LONGEST_PHRASE = max(len(key) for key in _PHRASES)


# --- the adapter ------------------------------------------------------------------------------
def understand_offline(context: UnderstandingContext, today: date | None = None) -> Understanding:
    """Understand one message without any service. `today` (default: date.today()) anchors
    month names without a year: "October" is the most recent October not in the future."""
    raw = context.text if isinstance(context.text, str) else ""
    if not raw.isascii():
        raw = unicodedata.normalize("NFC", raw)
    raw = raw.strip()
    norm = _fold(raw)
    language = _language(context.language, raw)
    intent, params, reply_key = _understand(raw, norm, today or date.today())
    try:
        params = validate_params(intent, params)
    except ValueError:  # pragma: no cover - a lexicon mistake must not break the conversation
        intent, params, reply_key = "unknown", {}, "unknown"
    return Understanding(
        intent=intent,
        params=params,
        candidates=[],
        reply=lx.REPLIES[language][reply_key] if reply_key else None,
        summary=None,
    )


def _fold(text: str) -> str:
    """Lowercase, "ё"→"е", "’"→"'" — character for character, so positions in the folded
    text are positions in the original (comment texts are cut from the original)."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return folded.replace("ё", "е").replace("’", "'")


def _language(requested: str | None, raw: str) -> str:
    if isinstance(requested, str):
        code = requested.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    lowered = raw.lower()
    if not _CYRILLIC_RE.search(lowered):
        return "en"
    bulgarian = len(_BULGARIAN_RE.findall(lowered))
    russian = len(_RUSSIAN_RE.findall(lowered))
    return "bg" if bulgarian > russian else "ru"


def _understand(raw: str, norm: str, today: date) -> tuple[str, dict, str | None]:
    if not norm:
        return "unknown", {}, "unknown"
    if norm.startswith("/"):
        return _slash_command(norm, today)

    match = _COMMENT_FIRST_RE.search(norm) or _COMMENT_LAST_RE.search(norm)
    if match:
        text = raw[match.end() :][:MAX_TEXT_LENGTH].strip()
        if not text:
            return "unknown", {}, "comment_text"
        return "comment_ticket", {"ticket_id": int(match["id"]), "text": text}, None
    match = (
        _ACTION_FIRST_RE.search(norm)
        or _ACTION_AFTER_WORD_RE.search(norm)
        or _ACTION_AFTER_NUMBER_RE.search(norm)
    )
    if match:
        intent = next(name for name in ("task_take", "task_review", "task_resolve") if match[name])
        return intent, {"ticket_id": int(match["id"])}, None
    match = _TASK_CARD_RE.search(norm)
    if match:
        return "task_card", {"ticket_id": int(match["id"])}, None
    match = _TICKET_STATUS_RE.search(norm)
    if match:
        return "ticket_status", {"ticket_id": int(match["id"])}, None

    unit, work = _unit_hint(norm)
    work = _blank(_GREETING_RE, work)
    if _PAYMENT_HISTORY_RE.search(norm):
        return "payment_history", {}, None
    if _INVOICE_QUESTION_RE.search(norm):
        return "get_invoice", {"period": _period(work, today)[0]}, None
    if _PAY_RE.search(norm):
        return "pay_invoice", {"amount": _amount(work, today)}, None

    category = _category(norm)
    if _is_problem(norm, work, category):
        return (
            "create_ticket",
            {"description": raw[:MAX_TEXT_LENGTH].strip(), "category": category or "other", "unit": unit},
            None,
        )

    readings, lone_numbers = _readings(work)
    if readings:
        if lone_numbers:
            return "unknown", {}, "which_meter"
        return "submit_readings", {"readings": readings, "unit": unit}, None
    if _READING_HISTORY_RE.search(norm):
        meter = next((code for code, regex in _HISTORY_METER_RES.items() if regex.search(norm)), None)
        return "reading_history", {"meter": meter}, None
    if _READINGS_REQUEST_RE.search(norm):
        return "unknown", {}, "readings_format"
    if _CREATE_TICKET_RE.search(work):
        return "unknown", {}, "describe_problem"
    if _LIST_TICKETS_RE.search(norm):
        return "list_tickets", {}, None
    if _MY_TASKS_RE.search(norm):
        return "my_tasks", {}, None
    if _INVOICE_RE.search(norm):
        return "get_invoice", {"period": _period(work, today)[0]}, None
    if _CONTACTS_RE.search(norm):
        return "contacts", {}, None
    if _HELP_RE.search(norm):
        return "help", {}, None
    if lone_numbers:
        return "unknown", {}, "which_meter"
    if _GREETING_RE.search(norm):
        return "greeting", {}, None
    return "unknown", {}, "unknown"


def _slash_command(norm: str, today: date) -> tuple[str, dict, str | None]:
    match = _SLASH_RE.match(norm)
    intent = lx.SLASH_COMMANDS.get(match["command"]) if match else None
    if intent is None:
        return "unknown", {}, "unknown"
    rest = " " * match.end() + norm[match.end() :]
    if intent == "get_invoice":
        return intent, {"period": _period(rest, today)[0]}, None
    if intent == "pay_invoice":
        return intent, {"amount": _amount(rest, today)}, None
    if intent == "reading_history":
        return intent, {"meter": None}, None
    return intent, {}, None


def _blank(regex: re.Pattern, text: str) -> str:
    """Replace every match by spaces (keeps positions)."""
    return regex.sub(lambda match: " " * len(match.group()), text)


def _unit_hint(norm: str) -> tuple[str | None, str]:
    match = _UNIT_RE.search(norm)
    if not match:
        return None, norm
    start, end = match.span()
    return match["unit"].upper(), norm[:start] + " " * (end - start) + norm[end:]


def _category(norm: str) -> str | None:
    return next((name for name in CATEGORY_PRIORITY if _CATEGORY_RES[name].search(norm)), None)


def _is_problem(norm: str, work: str, category: str | None) -> bool:
    if _PROBLEM_RE.search(norm):
        return True
    if category and _ABSENCE_RE.search(norm):
        return True
    if _CREATE_TICKET_RE.search(work):
        if category:
            return True
        rest = _CREATE_TICKET_RE.sub(" ", work)
        return any(word not in _STOP_WORDS for word in _CONTENT_WORD_RE.findall(rest))
    return False


# --- meter readings ---------------------------------------------------------------------------
def _tokens(work: str) -> list[tuple[int, str | None]]:
    raw_tokens = [(match.lastgroup, match.group()) for match in _TOKEN_RE.finditer(work)]
    tokens: list[tuple[int, str | None]] = []
    index, count = 0, len(raw_tokens)
    while index < count:
        kind, text = raw_tokens[index]
        if kind == "num":
            tokens.append((NUMBER, text))
            index += 1
            continue
        if kind == "date":
            tokens.append((OTHER, None))
            index += 1
            continue
        for size in range(min(_LONGEST_PHRASE, count - index), 0, -1):
            window = raw_tokens[index : index + size]
            if any(kind_ != "word" for kind_, _ in window):
                continue
            entry = _PHRASES.get(tuple(word for _, word in window))
            if entry:
                tokens.append(entry)
                index += size
                break
        else:
            tokens.append((OTHER, None))
            index += 1
    return tokens


def _decimal_text(number: str) -> str:
    return number.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")


def _readings(work: str) -> tuple[list[dict], list[str]]:
    """Pair meters (and day/night zones) with the values that follow them; numbers left
    without a meter come back as lone numbers. "12.5 cold, 1234 electricity" (values first)
    is tried when meters-first leaves both lone numbers and meters without a value."""
    tokens = _tokens(work)
    if not any(kind in (METER, ZONE) for kind, _ in tokens):
        return [], _lone_numbers(tokens)
    readings, lone, unpaired = _meters_first(tokens)
    if lone and unpaired and not any(kind == ZONE for kind, _ in tokens):
        values_first = _values_first(tokens)
        if values_first:
            return values_first, []
    return readings, lone


def _lone_numbers(tokens: list) -> list[str]:
    lone: list[str] = []
    previous = None
    for kind, text in tokens:
        if kind == NUMBER and previous not in _BLOCKERS:
            lone.append(text)
        elif kind == NOT_AFTER and previous == NUMBER and lone:
            lone.pop()
        previous = kind
    return lone


def _meters_first(tokens: list) -> tuple[list[dict], list[str], int]:
    readings: list[dict] = []
    lone: list[str] = []
    unpaired = 0
    meter = zone = None
    expecting = False
    previous = last_number = None
    for kind, text in tokens:
        if kind == METER:
            unpaired += expecting
            meter, zone, expecting = text, None, True
        elif kind == ZONE:
            if expecting and zone is not None:
                unpaired += 1
            elif not expecting and not (readings and readings[-1]["meter"] == meter and readings[-1]["zone"]):
                meter = "electricity"  # day/night tariffs are electricity's unless a meter was just named
            zone, expecting = text, True
        elif kind == NUMBER:
            last_number = None
            if previous in _BLOCKERS:
                pass
            elif expecting:
                readings.append({"meter": meter, "zone": zone, "value": _decimal_text(text)})
                expecting, zone, last_number = False, None, "reading"
            else:
                lone.append(text)
                last_number = "lone"
        elif kind == NOT_AFTER and previous == NUMBER and last_number:
            (readings if last_number == "reading" else lone).pop()
            last_number = None
        elif kind in (OTHER, NOT_BEFORE, NOT_AFTER):
            unpaired += expecting
            expecting = False
        previous = kind
    unpaired += expecting
    return readings, lone, unpaired


def _values_first(tokens: list) -> list[dict]:
    readings: list[dict] = []
    pending = None
    previous = None
    for kind, text in tokens:
        if kind == NUMBER:
            if pending is not None:
                return []
            pending = None if previous in _BLOCKERS else text
        elif kind == METER:
            if pending is None:
                return []
            readings.append({"meter": text, "zone": None, "value": _decimal_text(pending)})
            pending = None
        elif kind == NOT_AFTER and previous == NUMBER:
            pending = None
        elif kind in (OTHER, NOT_BEFORE, NOT_AFTER) and pending is not None:
            return []
        previous = kind
    return readings if pending is None else []


# --- periods and amounts ---------------------------------------------------------------------
def _period(work: str, today: date) -> tuple[str | None, tuple[int, int] | None]:
    """The invoice month named in the text ("2026-10", "10.2026", "October 2026", "октябрь",
    "last month") as ("YYYY-MM", span), else (None, None)."""
    match = _NUMERIC_PERIOD_RE.search(work)
    if match:
        year = int(match["y1"] or match["y2"])
        month = int(match["m1"] or match["m2"])
        return f"{year:04d}-{month:02d}", match.span()
    match = _MONTH_RE.search(work)
    if match:
        month = next(number for number in range(1, 13) if match[f"m{number:02d}"])
        year = today.year if month <= today.month else today.year - 1
        if match["year"]:
            year = int(match["year"])
        return f"{year:04d}-{month:02d}", match.span()
    match = _PREVIOUS_MONTH_RE.search(work)
    if match:
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return f"{year:04d}-{month:02d}", match.span()
    match = _CURRENT_MONTH_RE.search(work)
    if match:
        return f"{today.year:04d}-{today.month:02d}", match.span()
    return None, None


def _amount(work: str, today: date) -> str | None:
    """The first number that is not part of a month ("pay 50", "платя 50,00") as "50.00"."""
    _, span = _period(work, today)
    if span:
        work = work[: span[0]] + " " * (span[1] - span[0]) + work[span[1] :]
    match = next((match for match in _TOKEN_RE.finditer(work) if match.lastgroup == "num"), None)
    if not match:
        return None
    try:
        number = Decimal(_decimal_text(match.group()))
    except InvalidOperation:  # pragma: no cover - the token expression only yields decimals
        return None
    if number <= 0 or number != number.quantize(Decimal("0.01")):
        return None
    return format(number.quantize(Decimal("0.01")), "f")
