"""Meter readings in a message: "хв 12,5 гв 7,3", "electricity day 1234, night 567",
"12.5 холодная", "Т1/Т2 1234/567", "studena 12,5 topla 7".

The message becomes a row of tokens — labels (a meter and/or a day/night zone), numbers and
stops (any other word, a date, a number that is a floor or a duration) — and labels are
paired with the numbers that follow them; when that leaves both labels and numbers over,
values written first ("12.5 cold, 7.3 hot") are tried. Words are recognised by spelling
key, stem and typo distance (bot.understanding.offline.words), so "халодная", "elektricity",
"holodnaya" and "х.в." all name their meter.

A unit that names its meter ("4567 kWh", "1,2 Гкал") names a value that no meter word names.
Cubic metres do not: water (cold or hot) and gas all use them, and a reading needs one meter
code (bot.understanding.types), so "12 m3" alone stays a number without a meter and the
person is asked which meter it is. "счетчик 1: 12,3" numbers the meter: "1" is no value.

Decimal marks: "12,5" and "12.5" are both twelve and a half. In English text (the request's
language, and not written in Cyrillic) a comma before exactly three digits groups thousands
("electricity 1,234" is 1234), as English writes numbers; in Russian and Bulgarian the comma is
the decimal mark ("свет 1,234" is 1.234).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from bot.understanding.offline.lexicon import readings as lexicon
from bot.understanding.offline.lexicon.intents import MONTH_PATTERNS
from bot.understanding.offline.patterns import alternation, merged, merged_keyed
from bot.understanding.offline.words import WordIndex, spelling_key

LABEL, NUMBER, STOP, FILLER, NOT_AFTER, NOT_BEFORE, UNIT = range(7)
WATER = "water"  # the generic noun: cold unless "hot" stands next to it
UNKNOWN_WORD = "word"  # a stop that a label may reach over ("холодная вада 12"), unlike a date or a floor

# Dates are skipped; numbers take "1 234,5", "1,234.5", "00123.4"; words keep one trailing
# digit when it is part of the name ("t1", "т2", "m3") and not the start of a value ("хв12,5").
_TOKEN_RE = re.compile(
    r"(?P<date>(?<!\w)(?<!\d[.,])(?:(?:19|20)\d\d[-/](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?!\d)(?![.,]\d))"
    r"|(?P<num>(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)*))"
    r"|(?P<word>[^\W\d_]+(?:[123](?!\d|[.,]\d))?)"
)
_SEPARATOR_RE = re.compile(r"[.,]")
_COMMA_THOUSANDS_RE = re.compile(r"[1-9]\d{0,2},\d{3}")
# "счетчик №1 12,3", "meter 2: 45.6": a number sign, or a colon or dash before the value
# ("електромер 4 500" is one value)
_METER_ORDINAL_RE = re.compile(
    rf"(?<!\w){alternation(merged(lexicon.METER_NOUN_PATTERNS))}(?:\s+[^\W\d_]+)?\s*(?P<sign>№|#|no\.?)?\s*"
    r"(?P<ordinal>\d{1,2})(?!\d)(?![.,]\d)(?(sign)|(?=\s*[:=\-—–)]\s*\d))"
)


def _label_index() -> WordIndex:
    words: dict[str, tuple] = {}
    stems: dict[str, tuple] = {}
    for table, source, make in (
        (words, lexicon.METER_WORDS, lambda code: (code, None)),
        (stems, lexicon.METER_STEMS, lambda code: (code, None)),
        (words, lexicon.ZONE_WORDS, lambda code: (None, code)),
        (stems, lexicon.ZONE_STEMS, lambda code: (None, code)),
    ):
        for code, entries in merged_keyed(source).items():
            for entry in entries:
                if table.setdefault(entry, make(code)) != make(code):
                    raise ValueError(f"lexicon: {entry!r} names two meters")
    return WordIndex(words, stems)


def _marker_index() -> WordIndex:
    words: dict[str, int] = {}
    stems: dict[str, int] = {}
    for kind, word_source, stem_source in (
        (FILLER, lexicon.FILLER_WORDS, lexicon.FILLER_STEMS),
        (NOT_AFTER, lexicon.NOT_READING_AFTER_WORDS, lexicon.NOT_READING_AFTER_STEMS),
        (NOT_BEFORE, lexicon.NOT_READING_BEFORE_WORDS, lexicon.NOT_READING_BEFORE_STEMS),
    ):
        for word in merged(word_source):
            words.setdefault(word, kind)
        for stem in merged(stem_source):
            stems.setdefault(stem, kind)
    return WordIndex(words, stems, typos=False)


def _abbreviations() -> dict[tuple[str, ...], tuple]:
    table = {}
    for source, make in (
        (lexicon.METER_ABBREVIATIONS, lambda code: (code, None)),
        (lexicon.ZONE_ABBREVIATIONS, lambda code: (None, code)),
    ):
        for language_table in source.values():
            for phrase, code in language_table.items():
                table[tuple(spelling_key(word) for word in phrase.split())] = make(code)
    return table


_LABELS = _label_index()
_UNITS = {word: code for code, words in merged_keyed(lexicon.METER_UNITS).items() for word in words}
_EXACT_LABELS = {
    word: (code, None) for code, words in merged_keyed(lexicon.METER_WORDS).items() for word in words
} | {word: (None, code) for code, words in merged_keyed(lexicon.ZONE_WORDS).items() for word in words}
_MARKERS = _marker_index()
_ABBREVIATIONS = _abbreviations()
_LONGEST_ABBREVIATION = max(len(key) for key in _ABBREVIATIONS)
_MONTH_WORD_RE = re.compile(
    alternation(
        [fragment for months in MONTH_PATTERNS.values() for names in months.values() for fragment in names]
    )
)


def readings_in(work: str, *, comma_thousands: bool = False) -> tuple[list[dict], list[str]]:
    """The readings named in the text and the numbers left without a meter (dot decimals);
    `comma_thousands`: "1,234" is 1234 (English), else 1.234."""
    work = _METER_ORDINAL_RE.sub(_blank_ordinal, work)
    items = _items(work, comma_thousands)
    if not any(kind == LABEL for kind, _ in items):
        return [], [text for kind, text in items if kind == NUMBER]
    items = _resolved(_merged_labels(_bridged(items)))
    readings, lone, unpaired = _meters_first(items)
    if lone and unpaired:
        values_first = _values_first(items)
        if values_first:
            return values_first, []
    return readings, lone


def first_number(work: str, *, comma_thousands: bool = False) -> str | None:
    """The first number of the text that is not part of a date, as a dot decimal."""
    match = next((match for match in _TOKEN_RE.finditer(work) if match.lastgroup == "num"), None)
    return decimal_text(match.group(), comma_thousands) if match else None


def _blank_ordinal(match: re.Match) -> str:
    """The meter's number (it ends the match) becomes spaces."""
    return match.group()[: match.start("ordinal") - match.start()] + " " * len(match["ordinal"])


# --- tokens -------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[int, object]:
    if word in _UNITS:  # exact words, before any key is compared ("kw" and "cw" share one)
        return UNIT, _UNITS[word]
    if word in _EXACT_LABELS:  # "cw" (cold water) before "kw" (kilowatt), which shares its key
        return LABEL, _EXACT_LABELS[word]
    marker = _MARKERS.lookup(word)
    if marker is not None:
        return marker, None
    label = _LABELS.lookup(word)
    if label is not None:
        return LABEL, label
    if _MONTH_WORD_RE.fullmatch(word):
        return NOT_BEFORE, None  # "October 2026": the year is no reading
    if len(word) >= 7:  # "coldwater", "hotwater"
        for cut in range(3, len(word) - 2):
            left, right = _LABELS.lookup(word[:cut], False), _LABELS.lookup(word[cut:], False)
            if left and right and (joined := _joined(left, right)):
                return LABEL, joined
    return STOP, UNKNOWN_WORD


def _tokens(work: str) -> list[tuple[int, object]]:
    raw = [(match.lastgroup, match.group()) for match in _TOKEN_RE.finditer(work)]
    tokens: list[tuple[int, object]] = []
    index, count = 0, len(raw)
    while index < count:
        kind, text = raw[index]
        if kind == "num":
            tokens.append((NUMBER, text))
        elif kind == "date":
            tokens.append((STOP, None))
        else:
            size, label = _abbreviation_at(raw, index)
            if size:
                tokens.append((LABEL, label))
                index += size
                continue
            tokens.append(_word(text))
        index += 1
    return tokens


def _abbreviation_at(raw: list, index: int) -> tuple[int, tuple | None]:
    """("х", "в") → cold water: the number of words and the label, or (0, None)."""
    for size in range(min(_LONGEST_ABBREVIATION, len(raw) - index), 1, -1):
        window = raw[index : index + size]
        if all(kind == "word" for kind, _ in window):
            label = _ABBREVIATIONS.get(tuple(spelling_key(word) for _, word in window))
            if label:
                return size, label
    return 0, None


def _items(work: str, comma_thousands: bool) -> list[tuple[int, object]]:
    """Labels, numbers (as dot decimals) and stops: fillers dropped, floor/duration numbers
    turned into stops, a unit's meter put before a value no label names ("4567 kWh")."""
    items: list[tuple[int, object]] = []
    previous = None
    for kind, value in _tokens(work):
        if kind == FILLER:
            continue
        if kind == UNIT:
            if items and items[-1][0] == NUMBER and (len(items) < 2 or items[-2][0] != LABEL):
                items.append((UNIT, value))
            continue
        if kind == NUMBER:
            value = decimal_text(value, comma_thousands)
        if kind == NUMBER and previous in (NOT_BEFORE, NOT_AFTER):
            kind, value = STOP, None
        elif kind == NOT_AFTER and items and items[-1][0] == NUMBER:
            items[-1] = (STOP, None)
        previous = kind
        items.append((STOP, None) if kind in (NOT_AFTER, NOT_BEFORE) else (kind, value))
    return _unit_labels(items) if any(kind == UNIT for kind, _ in items) else items


def _unit_labels(items: list) -> list:
    """A unit after a value no label names puts its meter before the value ("4567 kWh"),
    unless a label of that meter follows (values first: "345 кВтч день 120 кВтч ночь")."""
    result: list = []
    for index, (kind, value) in enumerate(items):
        if kind != UNIT:
            result.append((kind, value))
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if following and following[0] == LABEL and _joined((value, None), following[1]):
            continue
        result.insert(len(result) - 1, (LABEL, (value, None)))
    return result


def _bridged(items: list) -> list:
    """One unknown word between a label and a number does not part them: it is most often a
    misspelt word of the label itself ("холодная вада 12", "cold wter 15")."""
    return [
        item
        for index, item in enumerate(items)
        if not (
            item == (STOP, UNKNOWN_WORD)
            and 0 < index < len(items) - 1
            and items[index - 1][0] == LABEL
            and items[index + 1][0] == NUMBER
        )
    ]


# --- labels ---------------------------------------------------------------------------------
def _joined(left: tuple, right: tuple) -> tuple | None:
    """Two neighbouring labels as one ("cold"+"water", "свет"+"день"), or None."""
    (left_meter, left_zone), (right_meter, right_zone) = left, right
    if left_zone and right_zone:
        return None
    zone = left_zone or right_zone
    if left_meter is None or right_meter is None or left_meter == right_meter:
        return (left_meter or right_meter, zone)
    if WATER in (left_meter, right_meter) and {left_meter, right_meter} <= {WATER, "cold_water", "hot_water"}:
        return (left_meter if right_meter == WATER else right_meter, zone)
    return None


def _merged_labels(items: list) -> list:
    result: list = []
    for kind, value in items:
        if kind == LABEL and result and result[-1][0] == LABEL and (joined := _joined(result[-1][1], value)):
            result[-1] = (LABEL, joined)
        else:
            result.append((kind, value))
    return result


def _resolved(items: list) -> list:
    """Generic water → cold water; a zone alone → the meter last named with a zone, else
    electricity ("день 1234 ночь 567")."""
    result = []
    zoned_meter = "electricity"
    for kind, value in items:
        if kind == LABEL:
            meter, zone = value
            if meter == WATER:
                meter = "cold_water"
            if meter is None:
                meter = zoned_meter
            elif zone:
                zoned_meter = meter
            value = (meter, zone)
        result.append((kind, value))
    return result


# --- pairing --------------------------------------------------------------------------------
def _runs(items: list) -> list[tuple[int, list]]:
    return [(kind, [value for _, value in group]) for kind, group in groupby(items, key=lambda item: item[0])]


def _reading(label: tuple, number: str) -> dict:
    return {"meter": label[0], "zone": label[1], "value": number}


def _meters_first(items: list) -> tuple[list[dict], list[str], int]:
    """Each run of labels takes the run of numbers right after it: one to one when the
    counts agree ("Т1/Т2 1234/567"), else the last label the first number."""
    readings: list[dict] = []
    lone: list[str] = []
    unpaired = 0
    labels: list = []
    for kind, values in _runs(items):
        if kind == NUMBER and labels:
            if len(labels) == len(values):
                readings += [_reading(label, number) for label, number in zip(labels, values, strict=True)]
            else:
                readings.append(_reading(labels[-1], values[0]))
                unpaired += len(labels) - 1
                lone += values[1:]
            labels = []
            continue
        unpaired += len(labels)
        labels = values if kind == LABEL else []
        if kind == NUMBER:
            lone += values
    unpaired += len(labels)
    return readings, lone, unpaired


def _values_first(items: list) -> list[dict]:
    """ "12.5 холодная, 7.3 горячая": every run of numbers is named by the labels after it."""
    readings: list[dict] = []
    numbers: list = []
    for kind, values in _runs(items):
        if kind == NUMBER:
            numbers = values
        elif kind == LABEL and numbers:
            if len(numbers) != len(values):
                return []
            readings += [_reading(label, number) for label, number in zip(values, numbers, strict=True)]
            numbers = []
        elif kind == LABEL:
            return []
    return [] if numbers else readings


def decimal_text(number: str, comma_thousands: bool = False) -> str:
    """ "1 234,5" → "1234.5", "1,234.5" → "1234.5", "1.234.567" → "1234567", "12,5" → "12.5";
    "1,234" → "1234" with `comma_thousands`, else "1.234"."""
    number = number.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if comma_thousands and _COMMA_THOUSANDS_RE.fullmatch(number):
        return number.replace(",", "")
    separators = _SEPARATOR_RE.findall(number)
    if not separators:
        return number
    decimal = separators[-1]
    if len(separators) > 1 and all(separator == decimal for separator in separators):
        return _SEPARATOR_RE.sub("", number)  # only thousands separators
    whole, _, fraction = number.rpartition(decimal)
    return _SEPARATOR_RE.sub("", whole) + "." + fraction
