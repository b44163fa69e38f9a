"""The error report of an import as CSV or XLSX: one line per error (row, column, value, reason)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

HEADER = ("row", "column", "value", "reason")
_FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def _csv_safe(text: str) -> str:
    """A value that a spreadsheet would run as a formula gets a leading apostrophe."""
    if text.startswith(_FORMULA_STARTS) or (text.startswith("-") and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def errors_csv(errors: list[dict]) -> bytes:
    """UTF-8 with a BOM, comma-separated: Excel opens it with Cyrillic intact."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for error in errors:
        writer.writerow(
            [error["row"], _csv_safe(error["column"]), _csv_safe(error["value"]), _csv_safe(error["reason"])]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def errors_xlsx(errors: list[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Errors")
    sheet.append(HEADER)
    for error in errors:
        row = [error["row"]]
        for key in ("column", "value", "reason"):
            cell = WriteOnlyCell(sheet, value=error[key])
            cell.data_type = "s"  # text as typed, never a formula
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
