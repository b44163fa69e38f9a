"""Word matching shared by the offline understanding and the emergency triage.

Messages arrive in Cyrillic, in Latin transliteration ("holodnaya", "studena", "tok") and
with typos ("халодная", "elektricity"). Every word is first reduced to a *spelling key*:
Latin letters are written in Cyrillic (digraphs first: "kh"→"х", "ya"→"я", "sht"→"щ"),
letters that people swap freely are merged ("э"→"е", "ё"→"е", "й"→"и", "ъ"→"а", "ь" dropped),
and doubled letters are collapsed. A `WordIndex` then looks a key up exactly, by its stem,
and within a small edit distance that grows with the word's length.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LATIN_DIGRAPHS = (
    ("shch", "щ"), ("sht", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ya", "я"), ("ja", "я"), ("ia", "я"), ("yu", "ю"), ("ju", "ю"), ("iu", "ю"), ("yo", "ьо"),
    ("ph", "ф"), ("ck", "к"),
)  # fmt: skip
_LATIN_LETTERS = str.maketrans(
    {
        "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
        "j": "и", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
        "s": "с", "t": "т", "u": "у", "v": "в", "x": "х", "y": "ы", "z": "з",
        # "x" is how chats write "х" ("xolodnaya"); "w" stays: English "hw" (hot water) must
        # not become Russian "хв" (cold water)
    }
)  # fmt: skip
_CYRILLIC_MERGES = str.maketrans({"ё": "е", "э": "е", "й": "и", "ъ": "а", "ь": None, "’": None, "'": None})
_DOUBLED_RE = re.compile(r"(\w)\1+")
_LATIN_RE = re.compile(r"[a-z]")


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """The key a lowercase word is compared by: "Kholodnaya" and "холодная" give the same key."""
    if _LATIN_RE.search(word):
        for latin, cyrillic in _LATIN_DIGRAPHS:
            word = word.replace(latin, cyrillic)
        word = word.translate(_LATIN_LETTERS)
    word = word.translate(_CYRILLIC_MERGES)
    return _DOUBLED_RE.sub(r"\1", word) if len(word) > 2 else word


def allowed_typos(length: int) -> int:
    """Edits tolerated in a word of this many letters: none in short words ("газ", "ток"),
    one from five letters, two from nine ("електроенергия")."""
    return 0 if length < 5 else 1 if length < 9 else 2


def edit_distance(left: str, right: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap two neighbours);
    any value above `limit` is returned as limit + 1."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, 1):
        current = [i] + [0] * len(right)
        for j, right_char in enumerate(right, 1):
            cost = left_char != right_char
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and left_char == right[j - 2] and left[i - 2] == right_char:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _deletions(key: str, depth: int) -> set[str]:
    found = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        found |= frontier
    return found


class WordIndex:
    """Words and stems (as spelling keys) → a value, looked up typo-tolerantly.

    `lookup(word, typos=True)`: the exact key; else the longest stem the word starts with
    (at most `max_ending` letters after it); else, with typos, the nearest word or stem
    within `allowed_typos` of the shorter of the two (a stem compared with the word's
    beginning; four-letter words only with two neighbours swapped: "лфит"). Two different
    values equally near → None, so an ambiguous typo is never guessed. Candidates come from
    a deletion index (every key with up to two letters removed): a lookup is a few
    dictionary probes, not a scan.
    """

    def __init__(
        self, words: dict[str, object], stems: dict[str, object], *, max_ending: int = 4, typos: bool = True
    ):
        self.words = {spelling_key(word): value for word, value in words.items()}
        self.stems = {spelling_key(stem): value for stem, value in stems.items()}
        self.max_ending = max_ending
        self.typos = typos
        self._by_deletion: dict[str, set[str]] = {}
        for key in (*self.words, *self.stems) if typos else ():
            for variant in _deletions(key, _depth(len(key))):
                self._by_deletion.setdefault(variant, set()).add(key)
        self.lookup = lru_cache(maxsize=65536)(self._lookup)

    def _lookup(self, word: str, typos: bool = True):
        key = spelling_key(word)
        if key in self.words:
            return self.words[key]
        for end in range(len(key), max(2, len(key) - self.max_ending - 1), -1):
            if key[:end] in self.stems:
                return self.stems[key[:end]]
        if len(key) < 4 or not (typos and self.typos):
            return None
        best, values = 3, set()
        for end in range(len(key), max(4, len(key) - self.max_ending) - 1, -1):
            prefix = key[:end]
            whole_word = end == len(key)
            # the whole word may be two typos from a long word; a beginning, one from a stem
            for variant in _deletions(prefix, _depth(end) if whole_word else 1):
                for candidate in self._by_deletion.get(variant, ()):
                    whole = whole_word and candidate in self.words
                    if not whole and candidate not in self.stems:
                        continue
                    distance = _typo_distance(prefix, candidate, whole=whole)
                    if distance is None or distance > best:
                        continue
                    value = self.words[candidate] if whole else self.stems[candidate]
                    if distance < best:
                        best, values = distance, {value}
                    else:
                        values.add(value)
        return next(iter(values)) if len(values) == 1 else None


def _depth(length: int) -> int:
    return 1 if length == 4 else allowed_typos(length)


def _typo_distance(word: str, candidate: str, *, whole: bool) -> int | None:
    """The edit distance when it is small enough to be a typo of `candidate`, else None.
    Whole words are judged by the shorter of the two (a 4-letter word is no typo of a
    5-letter one); a stem by its own length (the word's beginning is cut to fit it)."""
    shorter = min(len(word), len(candidate)) if whole else len(candidate)
    if shorter < 4:
        return None
    if shorter == 4:  # only two neighbours swapped
        swapped = sorted(word) == sorted(candidate) and edit_distance(word, candidate, 1) == 1
        return 1 if swapped else None
    limit = allowed_typos(shorter)
    distance = edit_distance(word, candidate, limit)
    return distance if distance <= limit else None
