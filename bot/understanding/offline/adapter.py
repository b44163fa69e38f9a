"""The offline adapter: the decision between intents (see the package docstring)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from bot.understanding.offline import readings, tickets
from bot.understanding.offline.lexicon import intents as lx
from bot.understanding.offline.lexicon.readings import (
    HISTORY_METER_PATTERNS,
    HISTORY_PERIOD_PATTERNS,
    MONEY_PATTERNS,
    PAST_SUBMISSION_PATTERNS,
    READING_HISTORY_PATTERNS,
    READING_SUBJECT_PATTERNS,
    READINGS_REQUEST_PATTERNS,
    SUBMIT_NOW_PATTERNS,
    UNIT_PATTERNS,
)
from bot.understanding.offline.lexicon.replies import REPLIES
from bot.understanding.offline.patterns import (
    alternation,
    compile_words,
    fold,
    merged,
    merged_keyed,
    words_re,
)
from bot.understanding.types import (
    LANGUAGES,
    MAX_TEXT_LENGTH,
    Understanding,
    UnderstandingContext,
    validate_params,
)

_TICKET = words_re(merged(lx.TICKET_WORD_PATTERNS))
_TASK = words_re(merged(lx.TASK_WORD_PATTERNS))
_TICKET_OR_TASK = words_re(merged(lx.TICKET_WORD_PATTERNS) + merged(lx.TASK_WORD_PATTERNS))
_NUMBER_SIGN = alternation(merged(lx.NUMBER_SIGN_PATTERNS))
_ID = rf"(?:{_NUMBER_SIGN}\s*)?(?P<id>0*[1-9]\d{{0,8}})(?!\w)(?![.,]\d)"  # 1 … 999,999,999
_SEPARATOR = r"\s*[:\-—–,.]?\s*"
_TAKE = words_re(merged(lx.TAKE_PATTERNS))
_REVIEW = words_re(merged(lx.REVIEW_PATTERNS))
_RESOLVE = words_re(merged(lx.RESOLVE_PATTERNS))
_ACTION = rf"(?:(?P<task_take>{_TAKE})|(?P<task_review>{_REVIEW})|(?P<task_resolve>{_RESOLVE}))"
_COMMENT = words_re(merged(lx.COMMENT_PATTERNS))
_PREPOSITION = r"(?:(?:on|to|for|in|about|к|на|по|до|към|за)\s+)?"

# "comment on ticket 42: still leaking" / "заявка 42 комментарий: ..." (the text follows)
_COMMENT_FIRST_RE = re.compile(rf"{_COMMENT}[\s:]*{_PREPOSITION}(?:{_TICKET_OR_TASK}\s*)?{_ID}{_SEPARATOR}")
_COMMENT_LAST_RE = re.compile(rf"{_TICKET_OR_TASK}\s*{_ID}{_SEPARATOR}{_COMMENT}[\s:\-—–]*")
# "42: replaced the valve", "#42 - заменил вентиль", "заявка 42: ..." (a photo's caption too):
# a number opening the message, then a colon or a dash (not the "-й" of "42-й этаж"), then words.
_NUMBERED_COMMENT_RE = re.compile(rf"^(?:{_TICKET_OR_TASK}\s*)?{_ID}(?:\s*:|\s+[\-—–]|[\-—–](?!\w))\s*")
_LETTER_RE = re.compile(r"[^\W\d_]")
# "take 42", "взять задачу 42" / "задача 42 готово", "42 готово", "send 42 to review"
_ACTION_FIRST_RE = re.compile(rf"{_ACTION}\s*[:\-—–]?\s*(?:{_TICKET_OR_TASK}\s*)?{_ID}")
_ACTION_AFTER_WORD_RE = re.compile(rf"{_TICKET_OR_TASK}\s*{_ID}{_SEPARATOR}(?:->|→)?\s*{_ACTION}")
_ACTION_AFTER_NUMBER_RE = re.compile(
    rf"^\s*(?:{words_re(merged(lx.SEND_PATTERNS))}\s*)?{_ID}{_SEPARATOR}(?:->|→)?\s*{_ACTION}"
)
_TASK_CARD_RE = re.compile(rf"{_TASK}\s*{_ID}")
_TICKET_STATUS_RE = re.compile(
    rf"(?:{_TICKET}|{words_re(merged(lx.STATUS_PATTERNS))}\s*{_PREPOSITION}(?:{_TICKET})?)\s*{_ID}"
)

_UNIT_RE = re.compile(
    rf"(?<!\w){alternation(merged(UNIT_PATTERNS))}\.?\s*(?:{_NUMBER_SIGN}\s*)?"
    r"(?P<unit>[a-zа-я]?\d{1,5}[a-zа-я]?(?:[-/]\d{1,4})?)(?!\w)(?![.,]\d)"
)
_GREETING_RE = compile_words(merged(lx.GREETING_PATTERNS))
_CREATE_TICKET_RE = compile_words(merged(tickets.lexicon.CREATE_TICKET_PATTERNS))
_PAYMENT_HISTORY_RE = compile_words(merged(lx.PAYMENT_HISTORY_PATTERNS))
_INVOICE_QUESTION_RE = compile_words(merged(lx.INVOICE_QUESTION_PATTERNS))
_PAY_RE = compile_words(merged(lx.PAY_PATTERNS))
_INVOICE_RE = compile_words(merged(lx.INVOICE_PATTERNS))
_READING_HISTORY_RE = compile_words(merged(READING_HISTORY_PATTERNS))
_READINGS_REQUEST_RE = compile_words(merged(READINGS_REQUEST_PATTERNS))
_HISTORY_METER_RES = {
    meter: compile_words(fragments) for meter, fragments in merged_keyed(HISTORY_METER_PATTERNS).items()
}
_READING_SUBJECT_RE = compile_words(
    merged(READING_SUBJECT_PATTERNS)
    + merged(READINGS_REQUEST_PATTERNS)
    + [fragment for fragments in merged_keyed(HISTORY_METER_PATTERNS).values() for fragment in fragments]
)
_PAST_SUBMISSION_RE = compile_words(merged(PAST_SUBMISSION_PATTERNS))
_HISTORY_PERIOD_RE = compile_words(merged(HISTORY_PERIOD_PATTERNS) + merged(lx.PREVIOUS_MONTH_PATTERNS))
_SUBMIT_NOW_RE = compile_words(merged(SUBMIT_NOW_PATTERNS))
_MONEY_RE = compile_words(merged(MONEY_PATTERNS))
_TICKET_OR_TASK_RE = re.compile(_TICKET_OR_TASK)
_LIST_TICKETS_RE = compile_words(merged(lx.LIST_TICKETS_PATTERNS))
_MY_TASKS_RE = compile_words(merged(lx.MY_TASKS_PATTERNS))
_CONTACTS_RE = compile_words(merged(lx.CONTACTS_PATTERNS))
_HELP_RE = compile_words(merged(lx.HELP_PATTERNS))
_SLASH_RE = re.compile(r"/(?P<command>[a-z_]+)(?:@\w+)?(?!\w)")

_MONTHS = merged_keyed(lx.MONTH_PATTERNS)
_MONTH_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(f"(?P<m{month:02d}>{alternation(_MONTHS[month])})" for month in range(1, 13))
    + r")(?!\w)\.?(?:\s+(?P<year>(?:19|20)\d\d)(?!\d))?"
)
_NUMERIC_PERIOD_RE = re.compile(
    r"(?<![\d.,])(?:(?P<y1>(?:19|20)\d\d)[-/.](?P<m1>0?[1-9]|1[0-2])"
    r"|(?P<m2>0?[1-9]|1[0-2])[-/.](?P<y2>(?:19|20)\d\d))(?![\d])(?![.,]\d)"
)
_PREVIOUS_MONTH_RE = compile_words(merged(lx.PREVIOUS_MONTH_PATTERNS))
_CURRENT_MONTH_RE = compile_words(merged(lx.CURRENT_MONTH_PATTERNS))

_CYRILLIC_RE = re.compile(r"[а-яё]")
_RUSSIAN_RE = re.compile(words_re(lx.RUSSIAN_MARKER_PATTERNS))
_BULGARIAN_RE = re.compile(words_re(lx.BULGARIAN_MARKER_PATTERNS))


def understand_offline(context: UnderstandingContext, today: date | None = None) -> Understanding:
    """Understand one message without any service. `today` (default: date.today()) anchors
    month names without a year: "October" is the most recent October not in the future."""
    raw = context.text if isinstance(context.text, str) else ""
    if not raw.isascii():
        raw = unicodedata.normalize("NFC", raw)
    raw = raw.strip()
    norm = fold(raw)
    language = _language(context.language, raw)
    # English groups thousands with a comma ("1,234"); Russian and Bulgarian mark decimals with it
    comma_thousands = language == "en" and not _CYRILLIC_RE.search(norm)
    intent, params, reply_key = _understand(raw, norm, today or date.today(), comma_thousands)
    try:
        params = validate_params(intent, params)
    except ValueError:  # pragma: no cover - a lexicon mistake must not break the conversation
        intent, params, reply_key = "unknown", {}, "unknown"
    return Understanding(
        intent=intent,
        params=params,
        candidates=[],
        reply=REPLIES[language][reply_key] if reply_key else None,
        summary=None,
    )


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


def _understand(raw: str, norm: str, today: date, comma_thousands: bool) -> tuple[str, dict, str | None]:
    if not norm:
        return "unknown", {}, "unknown"
    if norm.startswith("/"):
        return _slash_command(norm, today, comma_thousands)

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
    comment = _numbered_comment(raw, norm, comma_thousands)
    if comment:
        return "comment_ticket", comment, None
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
        return "pay_invoice", {"amount": _amount(work, today, comma_thousands)}, None

    category = tickets.category_of(norm, typos=False)
    if tickets.is_problem(norm, work, category):
        return _ticket(raw, norm, category, unit)

    found, lone_numbers = readings.readings_in(work, comma_thousands=comma_thousands)
    if found:
        if lone_numbers:
            return "unknown", {}, "which_meter"
        return "submit_readings", {"readings": found, "unit": unit}, None
    if _is_reading_history(norm):
        meter = next((code for code, regex in _HISTORY_METER_RES.items() if regex.search(norm)), None)
        return "reading_history", {"meter": meter}, None
    if _READINGS_REQUEST_RE.search(norm):
        # values without a meter ("счетчик 1: 12,3"): a reading needs a meter code (types.py),
        # so ask which meter each value is for rather than guess one
        return "unknown", {}, "which_meter" if lone_numbers else "readings_format"
    if tickets.is_problem_by_words(norm) or tickets.is_water_problem(norm):
        return _ticket(raw, norm, category, unit)
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
    if tickets.is_request(norm) and (category := tickets.category_of(norm)):
        return _ticket(raw, norm, category, unit)
    if lone_numbers:
        return "unknown", {}, "which_meter"
    if _GREETING_RE.search(norm):
        return "greeting", {}, None
    return "unknown", {}, "unknown"


def _is_reading_history(norm: str) -> bool:
    """ "история показаний", "what did I submit"; a readings or meter word with a verb of
    sending in the past ("какие показания я передавал"), or with a past period and no verb
    asking to send now nor money ("показания за прошлый месяц", not "I forgot to send last
    month's" nor "счёт за воду за прошлый месяц")."""
    if _READING_HISTORY_RE.search(norm):
        return True
    if not _READING_SUBJECT_RE.search(norm) or _TICKET_OR_TASK_RE.search(norm):
        return False
    if _PAST_SUBMISSION_RE.search(norm):
        return True
    return bool(
        _HISTORY_PERIOD_RE.search(norm) and not _SUBMIT_NOW_RE.search(norm) and not _MONEY_RE.search(norm)
    )


def _numbered_comment(raw: str, norm: str, comma_thousands: bool) -> dict | None:
    """{"ticket_id", "text"} of "42: replaced the valve"; None when nothing but numbers follows
    ("42 - 17") or the message reads as meter readings ("42: cold 12")."""
    match = _NUMBERED_COMMENT_RE.match(norm)
    if (
        not match
        or not _LETTER_RE.search(norm, match.end())
        or readings.readings_in(norm, comma_thousands=comma_thousands)[0]
    ):
        return None
    return {"ticket_id": int(match["id"]), "text": raw[match.end() :][:MAX_TEXT_LENGTH].strip()}


def _ticket(raw: str, norm: str, category: str | None, unit: str | None) -> tuple[str, dict, None]:
    category = category or tickets.category_of(norm) or "other"
    return (
        "create_ticket",
        {"description": tickets.description(raw), "category": category, "unit": unit},
        None,
    )


def _slash_command(norm: str, today: date, comma_thousands: bool) -> tuple[str, dict, str | None]:
    match = _SLASH_RE.match(norm)
    intent = lx.SLASH_COMMANDS.get(match["command"]) if match else None
    if intent is None:
        return "unknown", {}, "unknown"
    rest = " " * match.end() + norm[match.end() :]
    if intent == "get_invoice":
        return intent, {"period": _period(rest, today)[0]}, None
    if intent == "pay_invoice":
        return intent, {"amount": _amount(rest, today, comma_thousands)}, None
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


def _amount(work: str, today: date, comma_thousands: bool) -> str | None:
    """The first number that is not part of a month ("pay 50", "платя 50,00") as "50.00"."""
    _, span = _period(work, today)
    if span:
        work = work[: span[0]] + " " * (span[1] - span[0]) + work[span[1] :]
    text = readings.first_number(work, comma_thousands=comma_thousands)
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the expression only yields decimals
        return None
    if number <= 0 or number != number.quantize(Decimal("0.01")):
        return None
    return format(number.quantize(Decimal("0.01")), "f")
