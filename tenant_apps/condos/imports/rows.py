"""Cell values of one import row → unit fields, each failure a reason for the error report.

The rules are `condos.services.unit_validate`'s (number required, area > 0, an entrance unless
the type may stand outside one) plus the column limits of the models; the messages shared with
`unit_validate` are the same words, so the panel and the import say one thing.
"""

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tenant_apps.condos.imports.columns import cell_text

NUMBER_REQUIRED = "The unit number is required."
AREA_POSITIVE = "The area must be greater than 0."
ENTRANCE_NEEDED = "A {type_name} unit needs an entrance."
UNIT_EXISTS = "Unit {number} already exists in building {building}."

BUILDING_MAX, ENTRANCE_MAX, NUMBER_MAX, TYPE_NAME_MAX = 60, 30, 20, 80
FLOOR_MIN, FLOOR_MAX = -32768, 32767
AREA_MAX = Decimal("99999999.99")  # DecimalField(max_digits=10, decimal_places=2)
CENT = Decimal("0.01")

_AREA_UNIT = re.compile(r"\s*(?:m2|m²|м2|м²|sq\.?\s*m\.?|sqm|кв\.?\s*м\.?)\s*$")
_AREA_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_FLOOR = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")


class RowError(ValueError):
    """One cell's failure; the message is the reason in the report."""


def text_required(value, *, what: str, limit: int, message: str | None = None) -> str:
    text = cell_text(value)
    if not text:
        raise RowError(message or f"The {what} is required.")
    if len(text) > limit:
        raise RowError(f"The {what} is at most {limit} characters.")
    return text


def text_optional(value, *, what: str, limit: int) -> str | None:
    text = cell_text(value)
    if len(text) > limit:
        raise RowError(f"The {what} is at most {limit} characters.")
    return text or None


def area_parse(value) -> Decimal:
    """54.3, "54.3", "54,3", "1 234,5", "54,3 м²" → Decimal with 2 places; > 0."""
    if isinstance(value, bool):
        raise RowError("The area is not a number.")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RowError("The area is not a number.")
        if value > AREA_MAX:
            raise RowError(f"The area is at most {AREA_MAX}.")
        # Spreadsheet numbers are binary floats: 54.3 may arrive as 54.300000000000004.
        area = Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        text = cell_text(value).lower()
        if not text:
            raise RowError("The area is required.")
        text = _SPACES.sub("", _AREA_UNIT.sub("", text))
        if "," in text and "." in text:  # "1,234.50" or "1.234,50": the last one is the decimal mark
            thousands = "," if text.rfind(".") > text.rfind(",") else "."
            text = text.replace(thousands, "")
        text = text.replace(",", ".")
        if not _AREA_NUMBER.match(text):
            raise RowError("The area is not a number.")
        try:
            area = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
            raise RowError("The area is not a number.") from exc
        if area > AREA_MAX:
            raise RowError(f"The area is at most {AREA_MAX}.")
        if -area.as_tuple().exponent > 2:
            raise RowError("The area may have at most 2 decimals.")
        area = area.quantize(CENT)
    if area <= 0:
        raise RowError(AREA_POSITIVE)
    if area > AREA_MAX:
        raise RowError(f"The area is at most {AREA_MAX}.")
    return area


def floor_parse(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RowError("The floor must be a whole number.")
    if isinstance(value, float):
        if not value.is_integer():
            raise RowError("The floor must be a whole number.")
        floor = int(value)
    elif isinstance(value, int):
        floor = value
    else:
        text = cell_text(value)
        if not text:
            return None
        if not _FLOOR.match(text):
            raise RowError("The floor must be a whole number.")
        floor = int(text.replace(",", ".").split(".")[0])
    if not FLOOR_MIN <= floor <= FLOOR_MAX:
        raise RowError(f"The floor must be between {FLOOR_MIN} and {FLOOR_MAX}.")
    return floor


def building_parse(value) -> str:
    return text_required(value, what="building", limit=BUILDING_MAX)


def entrance_parse(value) -> str | None:
    return text_optional(value, what="entrance", limit=ENTRANCE_MAX)


def number_parse(value) -> str:
    return text_required(value, what="unit number", limit=NUMBER_MAX, message=NUMBER_REQUIRED)


# In the order a row's errors are reported.
PARSERS = (
    ("building", building_parse),
    ("entrance", entrance_parse),
    ("number", number_parse),
    ("floor", floor_parse),
    ("area", area_parse),
)
