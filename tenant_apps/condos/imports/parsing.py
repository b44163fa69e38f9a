"""Reading uploaded unit lists: XLSX (openpyxl, read-only), XLS (xlrd) and CSV (comma or
semicolon; UTF-8 with or without BOM, else cp1251).

The format comes from the content — a ZIP signature is XLSX, an OLE2 signature is XLS, text is
CSV — and the extension must be one of the three. Rows come out as (sheet row number, values)
with empty rows skipped; values keep their cell types (numbers stay numbers).
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from tenant_apps.condos.imports.columns import HEADER_SCAN_ROWS, Header, cell_text, header_detect

XLSX_SIGNATURE = b"PK\x03\x04"
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMATS = ("xlsx", "xls", "csv")
CSV_DELIMITERS = (";", ",", "\t")
CSV_SNIFF_LINES = 20
PREVIEW_ROWS = 5

Row = tuple[int, list]


class ImportFileError(Exception):
    """The file cannot be imported; the message says why, for a person."""

    def __init__(self, message: str, *, code: str = "file_unreadable"):
        super().__init__(message)
        self.message = message
        self.code = code


def file_format_detect(content: bytes, file_name: str) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in FORMATS:
        raise ImportFileError(
            f"Unsupported file type {('.' + extension) if extension else '(no extension)'}: "
            "upload an .xlsx, .xls or .csv file.",
            code="unsupported_file",
        )
    if content.startswith(XLSX_SIGNATURE):
        return "xlsx"
    if content.startswith(XLS_SIGNATURE):
        return "xls"
    if b"\x00" in content[:65536]:
        raise ImportFileError(
            "The file content is not a spreadsheet: expected XLSX, XLS or CSV.", code="unsupported_file"
        )
    if extension != "csv":
        raise ImportFileError(
            f"The file is named .{extension} but its content is not an Excel workbook.",
            code="unsupported_file",
        )
    return "csv"


def csv_decode(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else cp1251 — the usual Windows export in RU/BG."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise ImportFileError("The CSV file is neither UTF-8 nor Windows-1251 text.") from exc


def csv_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of fields
    (a decimal comma in a semicolon file keeps ";" ahead of ",")."""
    lines = [line for line in text.splitlines()[: CSV_SNIFF_LINES * 2] if line.strip()][:CSV_SNIFF_LINES]
    best, best_score = ",", (0, 0)
    for delimiter in CSV_DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _non_empty(rows: Iterator[Row]) -> Iterator[Row]:
    for number, values in rows:
        if any(value is not None and value != "" and cell_text(value) for value in values):
            yield number, values


def _xlsx_rows(content: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken archives
        raise ImportFileError("The XLSX file could not be read; save it again from Excel.") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    except Exception as exc:  # a broken sheet shows only while it is read
        raise ImportFileError("The XLSX file could not be read; save it again from Excel.") from exc
    finally:
        workbook.close()


def _xls_rows(content: bytes) -> Iterator[Row]:
    import xlrd

    try:
        workbook = xlrd.open_workbook(file_contents=content, on_demand=True)
        sheet = workbook.sheet_by_index(0)
    except Exception as exc:  # xlrd raises XLRDError, struct errors, ...
        raise ImportFileError("The XLS file could not be read; save it again from Excel.") from exc
    try:
        for index in range(sheet.nrows):
            yield index + 1, sheet.row_values(index)
    except Exception as exc:
        raise ImportFileError("The XLS file could not be read; save it again from Excel.") from exc
    finally:
        workbook.release_resources()


def _csv_rows(content: bytes) -> Iterator[Row]:
    text = csv_decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file is malformed: {exc}.") from exc


def rows_read(content: bytes, file_format: str) -> Iterator[Row]:
    """Every non-empty row of the first sheet."""
    readers = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}
    return _non_empty(readers[file_format](content))


@dataclass
class Sheet:
    """A file opened for import: its header, and an iterator over the data rows below it."""

    header: Header
    data_rows: Iterator[Row]
    scanned_data: list[Row]


def sheet_open(content: bytes, file_format: str) -> Sheet:
    rows = rows_read(content, file_format)
    scanned = []
    for row in rows:
        scanned.append(row)
        if len(scanned) == HEADER_SCAN_ROWS:
            break
    header = header_detect(scanned)
    below = scanned[header.position + 1 :]

    def data_rows() -> Iterator[Row]:
        yield from below
        yield from rows

    return Sheet(header=header, data_rows=data_rows(), scanned_data=below)


def preview_rows(sheet: Sheet) -> list[list[str]]:
    width = len(sheet.header.columns)
    return [
        [cell_text(values[index]) if index < len(values) else "" for index in range(width)]
        for _, values in sheet.scanned_data[:PREVIEW_ROWS]
    ]


_ROW_END_TAGS = (b"</row>", b":row>")  # ":row>" catches prefixed tags such as </x:row>


def _row_ends(block: bytes) -> int:
    return sum(block.count(tag) for tag in _ROW_END_TAGS)


def _xlsx_rows_upper_bound(content: bytes) -> int | None:
    """At most this many rows of the first sheet hold cells: its <dimension>, else the number of
    closing row tags (streamed, so a zip bomb cannot fill the memory). None: cannot tell."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        if sheet.max_row is not None:
            return sheet.max_row - (sheet.min_row or 1) + 1
        path = sheet._worksheet_path
        workbook.close()
        count, tail = 0, b""
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(path) as source:
            while chunk := source.read(1 << 20):
                block = tail + chunk
                tail = block[-8:]
                count += _row_ends(block) - _row_ends(tail)  # tags in the tail count next time
        return count + _row_ends(tail)
    except Exception:  # unreadable here: the exact count reports it
        return None


def rows_over_limit(content: bytes, file_format: str, *, limit: int) -> bool:
    """More than `limit` data rows below the header? Counts at most `limit + 1` rows, and not
    at all for an XLSX whose size already says it fits."""
    if file_format == "xlsx":
        bound = _xlsx_rows_upper_bound(content)
        if bound is not None and bound - 1 <= limit:
            return False
    rows = sheet_open(content, file_format).data_rows
    return next(itertools.islice(rows, limit, None), None) is not None
