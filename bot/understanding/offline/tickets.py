"""Problem reports (create_ticket): is the message a problem, its category, its description.

Two looks. The regular expressions of the lexicon read phrases exactly ("не работает",
"gas leak", "is off"). The second look, used once meter readings are ruled out, reads word
by word through spelling keys, stems and typo distance, so "тичет кран", "lift ne
rabotaet", "elevater broken" and "асансьора не раборти" are problems with a category too.
"""

from __future__ import annotations

import re

from bot.understanding.offline.lexicon import tickets as lexicon
from bot.understanding.offline.lexicon.intents import GREETING_PATTERNS
from bot.understanding.offline.patterns import (
    WORD_RE,
    alternation,
    compile_words,
    fold,
    merged,
    merged_keyed,
    single_words,
)
from bot.understanding.offline.words import WordIndex, spelling_key
from bot.understanding.types import MAX_TEXT_LENGTH

# The groups of lexicon CATEGORY_PATTERNS in the order they decide, and the ticket category of
# each: intruders, locks and cameras first; then a gas smell, wherever it comes from ("other":
# no seeded category handles gas); fire or smoke is the category of the equipment that burns
# ("smoke from the socket": electrical), else security; doors come last, as they mostly say
# where something else went wrong ("water under the door").
CATEGORY_PRIORITY = (
    "security", "gas", "elevator", "fire", "heating", "plumbing", "electrical", "cleaning", "doors",
)  # fmt: skip
CATEGORY_OF_GROUP = {"gas": "other", "doors": "security", "fire": "security"}
BURNING_EQUIPMENT = ("electrical", "heating")
PROBLEM, ABSENCE, NEGATION, NEGATABLE = "problem", "absence", "negation", "negatable"
NEGATION_REACH = 3  # "не работает", "doesnt really work", "не е изхвърлен": the verb follows closely

_PROBLEM_RE = compile_words(merged(lexicon.PROBLEM_PATTERNS))
_ABSENCE_RE = compile_words(merged(lexicon.ABSENCE_PATTERNS))
_CREATE_TICKET_RE = compile_words(merged(lexicon.CREATE_TICKET_PATTERNS))
_REQUEST_RE = compile_words(merged(lexicon.REQUEST_PATTERNS))
_WATER_RE = compile_words(merged(lexicon.WATER_PATTERNS))
_WATER_TROUBLE_RE = compile_words(merged(lexicon.WATER_TROUBLE_PATTERNS))
_CATEGORY_RES = {
    category: compile_words(fragments)
    for category, fragments in merged_keyed(lexicon.CATEGORY_PATTERNS).items()
}
assert set(_CATEGORY_RES) == set(CATEGORY_PRIORITY)
_STOP_WORDS = frozenset(merged(lexicon.STOP_WORDS))
_CONTENT_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def _word_index() -> WordIndex:
    """Every one-word entry of the lexicon with its roles (a word may be a problem and name
    a category: "теч" is both)."""
    words: dict[str, set] = {}
    stems: dict[str, set] = {}

    def add(fragments: list[str], role: str) -> None:
        found_words, found_stems = single_words(fragments)
        for table, entries in ((words, found_words), (stems, found_stems)):
            for entry in entries:
                table.setdefault(spelling_key(entry), set()).add(role)

    add(merged(lexicon.PROBLEM_PATTERNS), PROBLEM)
    add(merged(lexicon.ABSENCE_PATTERNS), ABSENCE)
    add(merged(lexicon.NEGATION_WORDS), NEGATION)
    add([stem + r"\w*" for stem in merged(lexicon.NEGATABLE_STEMS)], NEGATABLE)
    for category, fragments in merged_keyed(lexicon.CATEGORY_PATTERNS).items():
        add(fragments, category)
    return WordIndex(
        {key: frozenset(roles) for key, roles in words.items()},
        {key: frozenset(roles) for key, roles in stems.items()},
    )


_WORDS = _word_index()
_NO_ROLES: frozenset = frozenset()

_SYMBOLS_RE = re.compile("[\u2190-\u2bff\u2e00-\u2e7f\u3000-\u303f\ufe0f\u200d\U0001f000-\U0001faff]+")
_SPACES_RE = re.compile(r"\s+")
_OPENING_RE = re.compile(
    rf"^(?:(?:{alternation(merged(GREETING_PATTERNS))})(?!\w)[\s!,.;:—–-]*)*"
    rf"(?:{alternation(merged(lexicon.CREATE_TICKET_PATTERNS))}(?!\w)\s*[:—–-]+\s*)?"
)


def category_of(norm: str, *, typos: bool = True) -> str | None:
    """The category the message names (its first group in CATEGORY_PRIORITY), else None;
    `typos` adds the word-by-word look when the exact phrases name none."""

    def named_by_phrase(name: str) -> bool:
        return bool(_CATEGORY_RES[name].search(norm))

    is_named = named_by_phrase
    found = next((name for name in CATEGORY_PRIORITY if is_named(name)), None)
    if not found and typos:
        is_named = {role for word_roles in _roles(norm) for role in word_roles}.__contains__
        found = next((name for name in CATEGORY_PRIORITY if is_named(name)), None)
    if found == "fire":
        found = next((name for name in BURNING_EQUIPMENT if is_named(name)), found)
    return CATEGORY_OF_GROUP.get(found, found)


def is_problem(norm: str, work: str, category: str | None) -> bool:
    """A clear problem report by the exact phrases (checked before meter readings)."""
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


def is_problem_by_words(norm: str) -> bool:
    """The typo-tolerant look: a problem word, a negation closely followed by a verb that
    can fail ("не работает"), or a word of absence with a category word ("net sveta")."""
    roles = _roles(norm)
    for index, word_roles in enumerate(roles):
        if PROBLEM in word_roles:
            return True
        if NEGATION in word_roles and any(
            NEGATABLE in later for later in roles[index + 1 : index + 1 + NEGATION_REACH]
        ):
            return True
    named = {role for word_roles in roles for role in word_roles}
    return ABSENCE in named and any(name in named for name in CATEGORY_PRIORITY)


def is_water_problem(norm: str) -> bool:
    """Water where it does not belong: "water coming through the ceiling", "вода в подвале"."""
    return bool(_WATER_RE.search(norm) and _WATER_TROUBLE_RE.search(norm))


def is_request(norm: str) -> bool:
    """ "need a plumber", "нужна уборка": asking for a service (a ticket with a category)."""
    return bool(_REQUEST_RE.search(norm))


def description(raw: str) -> str:
    """The text of the ticket: symbols and emoji dropped, whitespace collapsed, a leading
    greeting or "new request:" removed when something is left after it."""
    text = _SPACES_RE.sub(" ", _SYMBOLS_RE.sub(" ", raw)).strip()
    opening = _OPENING_RE.match(fold(text))
    rest = text[opening.end() :].strip() if opening else text
    return (rest or text or raw.strip())[:MAX_TEXT_LENGTH]


def _roles(norm: str) -> list[frozenset]:
    return [_WORDS.lookup(word) or _NO_ROLES for word in WORD_RE.findall(norm)]
