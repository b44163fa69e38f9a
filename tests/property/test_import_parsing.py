"""Unit import, file side: format by content, encodings and delimiters, header detection from
EN/RU/BG synonyms, cell values (area, floor) — no database."""

from decimal import Decimal

import pytest

from tenant_apps.condos.imports.columns import header_detect, header_field, type_code_for
from tenant_apps.condos.imports.parsing import (
    ImportFileError,
    csv_decode,
    csv_delimiter,
    file_format_detect,
    preview_rows,
    rows_over_limit,
    sheet_open,
)
from tenant_apps.condos.imports.rows import RowError, area_parse, floor_parse
from tests.fixtures.import_files import csv_file, xls_file, xlsx_file

HEADER_RU = ["Корпус", "Подъезд", "№ квартиры", "Этаж", "Площадь, м2", "Тип"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Building", "building"),
        ("  КОРПУС ", "building"),
        ("Сграда", "building"),
        ("Блок", "building"),
        ("Номер корпуса", "building"),
        ("Entrance", "entrance"),
        ("подъезд", "entrance"),
        ("Вход", "entrance"),
        ("Номер подъезда", "entrance"),
        ("Number", "number"),
        ("№", "number"),
        ("№кв.", "number"),
        ("Номер квартиры", "number"),
        ("Квартира", "number"),
        ("Апартамент", "number"),
        ("Floor", "floor"),
        ("Этаж", "floor"),
        ("Етаж", "floor"),
        ("Area", "area"),
        ("Floor area", "area"),
        ("Площадь, м²", "area"),
        ("Площ (кв.м)", "area"),
        ("Общая площадь квартиры", "area"),
        ("Type", "type"),
        ("Тип помещения", "type"),
        ("Unit type", "type"),
        ("Owner", None),
        ("", None),
    ],
)
def test_header_cells_name_fields_in_three_languages(header, field):
    assert header_field(header) == field


def test_header_row_is_found_below_a_title_and_proposes_a_mapping():
    # given a title row and a blank line above the header (blank rows never reach detection)
    scanned = [
        (1, ["Список квартир ЖК Зелёный", None, None]),
        (3, ["Корпус", "Подъезд", "Номер", "Этаж", "Площадь", "Тип", None]),
        (4, ["A", "1", "12", 3, 54.3, "жилое", None]),
    ]
    # when
    header = header_detect(scanned)
    # then
    assert (header.position, header.row_number) == (1, 3)
    assert header.mapping == {
        "building": 0,
        "entrance": 1,
        "number": 2,
        "floor": 3,
        "area": 4,
        "type": 5,
    }
    assert header.columns[0] == {"index": 0, "letter": "A", "header": "Корпус", "field": "building"}
    assert len(header.columns) == 6


def test_the_first_column_naming_a_field_keeps_it():
    header = header_detect([(1, ["Номер", "Площадь", "Номер квартиры"])])
    assert [column["field"] for column in header.columns] == ["number", "area", None]


def test_format_is_told_by_content_not_extension():
    xlsx = xlsx_file([["a"]])
    xls = xls_file([["a"]])
    assert file_format_detect(xlsx, "units.xlsx") == "xlsx"
    assert file_format_detect(xlsx, "units.XLS") == "xlsx"  # mislabelled workbook: still read
    assert file_format_detect(xls, "units.xls") == "xls"
    assert file_format_detect(b"a;b\n1;2\n", "units.csv") == "csv"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"a,b", "units.txt", "Unsupported file type .txt: upload an .xlsx, .xls or .csv file."),
        (b"a,b", "units", "Unsupported file type (no extension): upload an .xlsx, .xls or .csv file."),
        (b"a,b\n1,2", "units.xlsx", "The file is named .xlsx but its content is not an Excel workbook."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "units.csv",
            "The file content is not a spreadsheet: expected XLSX, XLS or CSV.",
        ),
    ],
)
def test_files_that_are_not_unit_lists_are_refused(content, name, message):
    with pytest.raises(ImportFileError) as error:
        file_format_detect(content, name)
    assert (error.value.code, error.value.message) == ("unsupported_file", message)


def test_broken_workbook_is_reported_as_unreadable():
    with pytest.raises(ImportFileError) as error:
        sheet_open(b"PK\x03\x04 not really a zip", "xlsx")
    assert error.value.message == "The XLSX file could not be read; save it again from Excel."


def test_csv_text_is_utf8_with_or_without_bom_else_cp1251():
    assert csv_decode("Корпус;Номер".encode()) == "Корпус;Номер"
    assert csv_decode(b"\xef\xbb\xbf" + "Корпус;Номер".encode()) == "Корпус;Номер"
    assert csv_decode("Корпус;Номер".encode("cp1251")) == "Корпус;Номер"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Корпус;Номер;Площадь, м²\nA;1;54,3\nA;2;60,1\n", ";"),
        ('building,number,area\nA,1,"54,3"\nA,2,60.1\n', ","),
        ("building\tnumber\tarea\nA\t1\t54.3\n", "\t"),
    ],
)
def test_csv_delimiter_is_sniffed_despite_decimal_commas(text, delimiter):
    assert csv_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (
            csv_file([HEADER_RU, ["A", "1", "12", "3", "54,3", "жилое"]], delimiter=";", encoding="cp1251"),
            "units.csv",
        ),
        (csv_file([HEADER_RU, ["A", "1", "12", "3", "54,3", "жилое"]], delimiter=",", bom=True), "units.csv"),
        (xls_file([HEADER_RU, ["A", 1, 12, 3, "54,3", "жилое"]]), "units.xls"),
        (xlsx_file([HEADER_RU, ["A", 1, 12, 3, "54,3", "жилое"]]), "units.xlsx"),
    ],
    ids=["csv-semicolon-cp1251", "csv-comma-bom", "xls", "xlsx"],
)
def test_every_format_gives_the_same_header_and_preview(content, name):
    # when
    sheet = sheet_open(content, file_format_detect(content, name))
    # then
    assert [column["header"] for column in sheet.header.columns] == HEADER_RU
    assert sheet.header.mapping == {
        "building": 0,
        "entrance": 1,
        "number": 2,
        "floor": 3,
        "area": 4,
        "type": 5,
    }
    assert preview_rows(sheet) == [["A", "1", "12", "3", "54,3", "жилое"]]


def test_preview_holds_the_first_five_rows_and_skips_blank_lines():
    rows = [["building", "number", "area"]] + [["A", str(n), "50"] for n in range(1, 8)]
    rows.insert(2, [None, None, None])
    sheet = sheet_open(xlsx_file(rows), "xlsx")
    assert preview_rows(sheet) == [["A", str(n), "50"] for n in range(1, 6)]
    assert [number for number, _ in sheet.data_rows] == [2, 4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize("file_format", ["xlsx", "xls", "csv"])
def test_row_limit_counts_data_rows_below_the_header(file_format):
    rows = [["building", "number", "area"]] + [["A", str(n), "50"] for n in range(1, 6)]
    build = {"xlsx": xlsx_file, "xls": xls_file, "csv": csv_file}[file_format]
    assert rows_over_limit(build(rows), file_format, limit=5) is False
    assert rows_over_limit(build(rows), file_format, limit=4) is True


@pytest.mark.parametrize(
    ("value", "area"),
    [
        ("54,3", Decimal("54.30")),
        ("54.3", Decimal("54.30")),
        (" 54,35 ", Decimal("54.35")),
        (54.3, Decimal("54.30")),
        (54.300000000000004, Decimal("54.30")),
        (60, Decimal("60.00")),
        ("1 234,5", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("54,3 м²", Decimal("54.30")),
        ("54.3 m2", Decimal("54.30")),
    ],
)
def test_area_takes_a_point_or_a_comma(value, area):
    assert area_parse(value) == area


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0", "The area must be greater than 0."),
        (0, "The area must be greater than 0."),
        ("-1", "The area must be greater than 0."),
        (-1.5, "The area must be greater than 0."),
        ("abc", "The area is not a number."),
        ("54,3,1", "The area is not a number."),
        ("54.333", "The area may have at most 2 decimals."),
        ("", "The area is required."),
        (None, "The area is required."),
        ("100000000", "The area is at most 99999999.99."),
    ],
)
def test_bad_areas_say_why(value, reason):
    with pytest.raises(RowError) as error:
        area_parse(value)
    assert str(error.value) == reason


@pytest.mark.parametrize(
    ("value", "floor"), [(None, None), ("", None), ("3", 3), (3.0, 3), (-1, -1), ("-2", -2), ("4,0", 4)]
)
def test_floor_is_a_whole_number_or_nothing(value, floor):
    assert floor_parse(value) == floor


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("3.5", "The floor must be a whole number."),
        (3.5, "The floor must be a whole number."),
        ("ground", "The floor must be a whole number."),
        (40000, "The floor must be between -32768 and 32767."),
    ],
)
def test_bad_floors_say_why(value, reason):
    with pytest.raises(RowError) as error:
        floor_parse(value)
    assert str(error.value) == reason


@pytest.mark.parametrize(
    ("name", "code"),
    [("Склад", "sklad"), ("Storage room", "storage_room"), ("Мазе", "maze"), ("!!!", "type")],
)
def test_new_unit_types_get_latin_slug_codes(name, code):
    assert type_code_for(name) == code
