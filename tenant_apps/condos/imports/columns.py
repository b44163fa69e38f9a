"""Which column holds what: header detection from English, Russian and Bulgarian synonyms,
and unit-type values mapped to the condo's types.

A header cell is normalised (lower case, "ё" → "е", punctuation and parenthesised units
dropped, spaces collapsed) and split into words. A word matches a synonym when it equals it,
or starts with it for synonyms of four letters or more ("корпуса" → "корпус"). When one
header names several fields ("Номер подъезда", "Floor area"), the more specific field wins:
area > type > floor > entrance > building > number.
"""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from tenant_apps.condos.models import UnitTypeCode

FIELDS = ("building", "entrance", "number", "floor", "area", "type")
REQUIRED_FIELDS = ("building", "number", "area")
# How many non-empty rows from the top are searched for the header row.
HEADER_SCAN_ROWS = 10

SYNONYMS: dict[str, tuple[str, ...]] = {
    "building": ("building", "bldg", "block", "корпус", "здание", "дом", "строение", "сграда", "блок", "бл"),
    "entrance": ("entrance", "staircase", "подъезд", "парадная", "вход", "вх"),
    "number": (
        "number",
        "no",
        "nr",
        "num",
        "№",
        "#",
        "unit",
        "apartment",
        "apt",
        "flat",
        "номер",
        "квартир",
        "кв",
        "помещение",
        "апартамент",
        "ап",
        "обект",
        "имот",
    ),
    "floor": ("floor", "level", "storey", "этаж", "етаж", "эт", "ет"),
    "area": ("area", "sqm", "m2", "м2", "size", "площадь", "площ", "кв м", "кв м2", "sq m"),
    "type": ("type", "kind", "category", "тип", "вид", "назначение", "предназначение", "категория"),
}
# A header naming several fields goes to the first of these.
PRIORITY = ("area", "type", "floor", "entrance", "building", "number")
PREFIX_MIN_LENGTH = 4

_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCTUATION = re.compile(r"[^\w№#]+")
_SIGNS = re.compile(r"([№#])")


def header_normalize(text: str) -> str:
    text = str(text or "").lower().replace("ё", "е").replace("²", "2")
    text = _PARENTHESISED.sub(" ", text)
    text = _SIGNS.sub(r" \1 ", text)
    return " ".join(_PUNCTUATION.sub(" ", text).replace("_", " ").split())


def _word_matches(word: str, synonym: str) -> bool:
    return word == synonym or (len(synonym) >= PREFIX_MIN_LENGTH and word.startswith(synonym))


def header_field(text: str) -> str | None:
    """The field a header cell names, or None."""
    normalized = header_normalize(text)
    if not normalized:
        return None
    words = normalized.split()
    padded = f" {normalized} "
    found = set()
    for field, synonyms in SYNONYMS.items():
        for synonym in synonyms:
            if " " in synonym:
                hit = f" {synonym} " in padded
            else:
                hit = any(_word_matches(word, synonym) for word in words)
            if hit:
                found.add(field)
                break
    for field in PRIORITY:
        if field in found:
            return field
    return None


@dataclass
class Header:
    """The detected header: its position among the scanned rows and one entry per column."""

    position: int  # index into the scanned rows (0 = first non-empty row)
    row_number: int  # 1-based row number in the sheet
    columns: list[dict]

    @property
    def mapping(self) -> dict[str, int]:
        return {column["field"]: column["index"] for column in self.columns if column["field"]}


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _columns(values: list, width: int) -> list[dict]:
    columns, taken = [], set()
    for index in range(width):
        text = cell_text(values[index]) if index < len(values) else ""
        field = header_field(text)
        if field in taken:
            field = None  # the first column naming a field keeps it
        if field:
            taken.add(field)
        columns.append({"index": index, "letter": column_letter(index), "header": text, "field": field})
    return columns


def _used_width(values) -> int:
    for index in range(len(values) - 1, -1, -1):
        if cell_text(values[index]):
            return index + 1
    return 0


def header_detect(scanned: list[tuple[int, list]]) -> Header:
    """The header among the first non-empty rows: the one naming the most fields (the first
    such row on a tie); the first row when none names any. `scanned`: (row number, values)."""
    if not scanned:
        return Header(position=0, row_number=1, columns=[])
    best, best_score = 0, 0
    for position, (_, values) in enumerate(scanned):
        score = sum(1 for column in _columns(values, len(values)) if column["field"])
        if score > best_score:
            best, best_score = position, score
    row_number, values = scanned[best]
    # Columns reach as far as the header or the data below it (trailing blank cells dropped).
    width = max(_used_width(row) for _, row in scanned[best:])
    columns = _columns(values, width)
    return Header(position=best, row_number=row_number, columns=columns)


def cell_text(value) -> str:
    """A cell as the text a person sees: 12.0 → "12", None → "", whitespace stripped."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value.strip()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


# --- unit types -------------------------------------------------------------------------------

TYPE_SYNONYMS: dict[str, str] = {}
for _code, _words in {
    UnitTypeCode.RESIDENTIAL: (
        "residential",
        "living",
        "apartment",
        "flat",
        "жилое",
        "жилой",
        "жилая",
        "жилое помещение",
        "квартира",
        "жилищен",
        "жилищно",
        "жилищна",
        "апартамент",
    ),
    UnitTypeCode.NON_RESIDENTIAL: (
        "non residential",
        "nonresidential",
        "нежилое",
        "нежилой",
        "нежилая",
        "нежилое помещение",
        "нежилищен",
        "нежилищно",
        "нежилищна",
    ),
    UnitTypeCode.COMMERCIAL: (
        "commercial",
        "shop",
        "store",
        "retail",
        "коммерческое",
        "коммерческий",
        "коммерческая",
        "коммерческое помещение",
        "магазин",
        "търговски",
        "търговско",
        "търговски обект",
    ),
    UnitTypeCode.PARKING: (
        "parking",
        "parking space",
        "parking lot",
        "garage",
        "парковка",
        "машиноместо",
        "машино место",
        "гараж",
        "паркомясто",
        "паркоместо",
        "парко място",
        "паркинг",
    ),
}.items():
    for _word in _words:
        TYPE_SYNONYMS[_word] = str(_code)


def type_normalize(text: str) -> str:
    text = str(text or "").lower().replace("ё", "е").replace("-", " ").replace("_", " ")
    return " ".join(text.split())


_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sht",
        "ъ": "a",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)
TYPE_CODE_MAX_LENGTH = 40


def type_code_for(name: str) -> str:
    """A slug code for a new unit type: Cyrillic transliterated, "Storage room" → storage_room."""
    code = slugify(str(name).lower().translate(_TRANSLIT)).replace("-", "_")
    return code[:TYPE_CODE_MAX_LENGTH].strip("_") or "type"
