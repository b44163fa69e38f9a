"""Building regular expressions and word tables from the per-language lexicon lists."""

from __future__ import annotations

import re

from bot.understanding.types import LANGUAGES

WORD_RE = re.compile(r"[^\W\d_]+")


def merged(by_language: dict) -> list:
    """All languages' entries of a {language: [entries]} table."""
    return [entry for language in LANGUAGES for entry in by_language.get(language, ())]


def merged_keyed(by_language: dict) -> dict:
    """{language: {key: [entries]}} → {key: [entries of every language]}."""
    result: dict = {}
    for language in LANGUAGES:
        for key, entries in by_language.get(language, {}).items():
            result.setdefault(key, []).extend(entries)
    return result


def alternation(fragments: list[str]) -> str:
    unique = sorted(set(fragments), key=lambda fragment: (-len(fragment), fragment))
    return "(?:" + "|".join(fragment.replace(" ", r"\s+") for fragment in unique) + ")"


def words_re(fragments: list[str]) -> str:
    """Fragments as one whole-word alternation (not compiled: for composing)."""
    return r"(?<!\w)" + alternation(fragments) + r"(?!\w)"


def compile_words(fragments: list[str]) -> re.Pattern:
    return re.compile(words_re(fragments))


def fold(text: str) -> str:
    """Lowercase, "ё"→"е", "’"→"'" — character for character, so positions in the folded
    text are positions in the original (comment texts are cut from the original)."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return folded.replace("ё", "е").replace("’", "'")


_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+")
_STEM_RE = re.compile(r"([^\W\d_]+)\\w\*")
_PLURAL_RE = re.compile(r"([^\W\d_]+)s\?")


def single_words(fragments: list[str]) -> tuple[list[str], list[str]]:
    """The one-word fragments of a pattern list as (words, stems): "кран\\w*" is the stem
    "кран", "pipes?" the words "pipe" and "pipes", "тече" the word "тече"; phrases and
    other expressions are left to the regular expression."""
    words: list[str] = []
    stems: list[str] = []
    for fragment in fragments:
        if _PLAIN_WORD_RE.fullmatch(fragment):
            words.append(fragment)
        elif match := _STEM_RE.fullmatch(fragment):
            stems.append(match[1])
        elif match := _PLURAL_RE.fullmatch(fragment):
            words += [match[1], match[1] + "s"]
    return words, stems
