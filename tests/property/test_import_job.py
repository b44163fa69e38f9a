"""Unit import, job side: the services and the job body in the company schema — creates and
re-import updates, new buildings/entrances/types, row errors, duplicates, progress, file
deletion, audit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from config.api import ApiError
from shared_apps.audit.models import AuditEntry
from tenant_apps.condos.imports import rows as cells
from tenant_apps.condos.imports.services import (
    unit_import_confirm,
    unit_import_create,
    unit_import_run,
)
from tenant_apps.condos.models import Building, Entrance, JobStatus, Unit, UnitImport, UnitType
from tenant_apps.condos.services import (
    building_create,
    condo_create,
    entrance_create,
    unit_create,
    unit_validate,
)
from tenants.schemas import in_schema
from tests.fixtures.import_files import csv_file, xls_file, xlsx_file

HEADER_RU = ["Корпус", "Подъезд", "№ квартиры", "Этаж", "Площадь, м2", "Тип"]
HEADER_BG = ["Сграда", "Вход", "Апартамент", "Етаж", "Площ", "Тип"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def condo(company):
    with in_schema(company.schema_name):
        return condo_create(name="Green Hills", city="Sofia", street="Vitosha", house="12")


def run_import(company, condo, content: bytes, name: str = "units.xlsx", mapping=None, progress=None):
    """Upload, confirm (the detected mapping unless given) and run the job, as the worker would."""
    with in_schema(company.schema_name):
        unit_import = unit_import_create(condo=condo, file_name=name, content=content)
        unit_import_confirm(unit_import=unit_import, mapping=mapping or unit_import.mapping, enqueue=False)
        unit_import_run(unit_import_id=unit_import.pk, progress=progress)
        return UnitImport.objects.get(pk=unit_import.pk)


def units_of(company, condo) -> list[tuple]:
    with in_schema(company.schema_name):
        units = Unit.objects.filter(building__condo=condo).values_list(
            "building__name", "entrance__name", "number", "floor", "area", "unit_type__code"
        )
        return sorted(units, key=lambda unit: (unit[0], unit[2]))


def counters(unit_import) -> tuple:
    return (
        unit_import.status,
        unit_import.total,
        unit_import.done,
        unit_import.created,
        unit_import.updated,
        unit_import.failed,
        unit_import.percent,
    )


def test_xlsx_with_russian_headers_creates_units_buildings_entrances_and_types(company, condo):
    # given
    content = xlsx_file(
        [
            HEADER_RU,
            ["А", 1, 1, 1, "54,3", "жилое"],
            ["А", 1, 2, 1, 61.25, "Жилое"],
            ["А", None, "М1", 0, "120,5", "коммерческое"],
            ["Б", 2, 7, 3, "48", None],
            ["Б", None, "P-1", -1, "13,2", "парковка"],
            ["Б", 2, "S1", -1, "4,5", "Склад"],
        ]
    )
    # when
    unit_import = run_import(company, condo, content)
    # then
    assert counters(unit_import) == (JobStatus.DONE, 6, 6, 6, 0, 0, 100)
    assert unit_import.errors == []
    assert units_of(company, condo) == [
        ("А", "1", "1", 1, Decimal("54.30"), "residential"),
        ("А", "1", "2", 1, Decimal("61.25"), "residential"),
        ("А", None, "М1", 0, Decimal("120.50"), "commercial"),
        ("Б", "2", "7", 3, Decimal("48.00"), "residential"),
        ("Б", None, "P-1", -1, Decimal("13.20"), "parking"),
        ("Б", "2", "S1", -1, Decimal("4.50"), "sklad"),
    ]
    with in_schema(company.schema_name):
        assert sorted(Building.objects.filter(condo=condo).values_list("name", flat=True)) == ["А", "Б"]
        assert sorted(
            Entrance.objects.filter(building__condo=condo).values_list("building__name", "name")
        ) == [("А", "1"), ("Б", "2")]
        new_type = UnitType.objects.get(condo=condo, code="sklad")
        assert new_type.name == "Склад"
        assert UnitType.objects.filter(condo=condo).count() == 5


def test_type_values_map_by_code_or_name_in_three_languages(company, condo):
    # given
    values = [
        "residential",
        "жилищен",
        "Non-residential",
        "нежилое",
        "нежилищен",
        "Commercial",
        "търговски",
        "магазин",
        "parking",
        "паркомясто",
        "гараж",
    ]
    content = csv_file(
        [["building", "entrance", "number", "area", "type"]]
        + [["A", "1", str(n), "10", v] for n, v in enumerate(values, 1)]
    )
    # when
    unit_import = run_import(company, condo, content, "units.csv")
    # then
    assert unit_import.errors == []
    assert [unit[5] for unit in sorted(units_of(company, condo), key=lambda unit: int(unit[2]))] == [
        "residential",
        "residential",
        "non_residential",
        "non_residential",
        "non_residential",
        "commercial",
        "commercial",
        "commercial",
        "parking",
        "parking",
        "parking",
    ]
    with in_schema(company.schema_name):
        assert UnitType.objects.filter(condo=condo).count() == 4


def test_bad_rows_are_reported_and_never_stop_the_rest(company, condo):
    # given
    content = xlsx_file(
        [
            HEADER_RU,
            ["А", 1, 1, 1, "0", "жилое"],
            ["А", 1, 2, 1, -1, "жилое"],
            ["А", 1, 3, 1, "abc", "жилое"],
            ["А", None, 4, 1, "50", "жилое"],
            ["А", 1, None, 1, "50", "жилое"],
            [None, 1, 6, "second", "50", "жилое"],
            ["А", 1, 7, 2, "70,5", "жилое"],
        ]
    )
    # when
    unit_import = run_import(company, condo, content)
    # then
    assert counters(unit_import) == (JobStatus.DONE, 7, 7, 1, 0, 6, 100)
    assert unit_import.errors == [
        {"row": 2, "column": "Площадь, м2", "value": "0", "reason": "The area must be greater than 0."},
        {"row": 3, "column": "Площадь, м2", "value": "-1", "reason": "The area must be greater than 0."},
        {"row": 4, "column": "Площадь, м2", "value": "abc", "reason": "The area is not a number."},
        {"row": 5, "column": "Подъезд", "value": "", "reason": "A residential unit needs an entrance."},
        {"row": 6, "column": "№ квартиры", "value": "", "reason": "The unit number is required."},
        {"row": 7, "column": "Корпус", "value": "", "reason": "The building is required."},
        {"row": 7, "column": "Этаж", "value": "second", "reason": "The floor must be a whole number."},
    ]
    assert units_of(company, condo) == [("А", "1", "7", 2, Decimal("70.50"), "residential")]


def test_commercial_unit_needs_no_entrance_but_residential_does(company, condo):
    content = csv_file(
        [
            ["building", "number", "area", "type"],
            ["A", "M1", "80", "commercial"],
            ["A", "5", "50", "residential"],
        ]
    )
    unit_import = run_import(company, condo, content, "units.csv")
    assert (unit_import.created, unit_import.failed) == (1, 1)
    assert unit_import.errors == [
        {"row": 3, "column": "entrance", "value": "", "reason": "A residential unit needs an entrance."}
    ]


def test_duplicate_rows_import_once_and_report_the_first_row(company, condo):
    # given the same unit twice (once with another entrance), and a number reused in another building
    content = xlsx_file(
        [
            HEADER_RU,
            ["А", 1, 12, 3, "54,3", "жилое"],
            ["Б", 1, 12, 3, "54,3", "жилое"],
            ["А", 1, 12, 4, "60", "жилое"],
            ["А", 2, 12, 4, "60", "жилое"],
        ]
    )
    # when
    unit_import = run_import(company, condo, content)
    # then
    assert counters(unit_import) == (JobStatus.DONE, 4, 4, 2, 0, 2, 100)
    assert unit_import.errors == [
        {
            "row": 4,
            "column": "№ квартиры",
            "value": "12",
            "reason": "Duplicate of row 2: unit 12 in building А is already in the file.",
        },
        {
            "row": 5,
            "column": "№ квартиры",
            "value": "12",
            "reason": "Duplicate of row 2: unit 12 in building А is already in the file.",
        },
    ]
    assert units_of(company, condo) == [
        ("А", "1", "12", 3, Decimal("54.30"), "residential"),
        ("Б", "1", "12", 3, Decimal("54.30"), "residential"),
    ]


def test_reimport_updates_by_building_entrance_and_number(company, condo):
    # given an earlier import
    first = run_import(
        company,
        condo,
        xlsx_file(
            [
                HEADER_RU,
                ["А", 1, 1, 1, "54,3", "жилое"],
                ["А", 1, 2, 1, "60", "жилое"],
                ["А", None, "M1", 0, "100", "коммерческое"],
            ]
        ),
    )
    with in_schema(company.schema_name):
        untouched = Unit.objects.get(number="2").updated_at
    # when the list comes again with changes, an unchanged row and new units
    second = run_import(
        company,
        condo,
        xlsx_file(
            [
                HEADER_RU,
                ["А", 1, 1, 2, "55,5", "нежилое"],
                ["А", 1, 2, 1, "60", "жилое"],
                ["А", None, "M1", 0, "101", "коммерческое"],
                ["А", 3, 9, 5, "70", "жилое"],
                ["В", 1, 1, 1, "40", "жилое"],
            ]
        ),
    )
    # then
    assert counters(first) == (JobStatus.DONE, 3, 3, 3, 0, 0, 100)
    assert counters(second) == (JobStatus.DONE, 5, 5, 2, 3, 0, 100)
    assert units_of(company, condo) == [
        ("А", "1", "1", 2, Decimal("55.50"), "non_residential"),
        ("А", "1", "2", 1, Decimal("60.00"), "residential"),
        ("А", "3", "9", 5, Decimal("70.00"), "residential"),
        ("А", None, "M1", 0, Decimal("101.00"), "commercial"),
        ("В", "1", "1", 1, Decimal("40.00"), "residential"),
    ]
    with in_schema(company.schema_name):
        assert Unit.objects.get(number="2").updated_at == untouched
        assert Unit.all_objects.filter(building__condo=condo).count() == 5


def test_unit_in_another_entrance_is_not_moved(company, condo):
    # given unit 12 of building A in entrance 1
    with in_schema(company.schema_name):
        building = building_create(condo=condo, name="A")
        unit_create(
            building=building,
            entrance=entrance_create(building=building, name="1"),
            number="12",
            area=Decimal("50"),
            unit_type=UnitType.objects.get(condo=condo, code="residential"),
        )
    # when the file puts it in entrance 2
    unit_import = run_import(
        company,
        condo,
        csv_file([["building", "entrance", "number", "area"], ["A", "2", "12", "50"]]),
        "u.csv",
    )
    # then
    assert unit_import.errors == [
        {
            "row": 2,
            "column": "entrance",
            "value": "2",
            "reason": "Unit 12 already exists in building A in entrance 1.",
        }
    ]
    with in_schema(company.schema_name):
        assert not Entrance.objects.filter(building=building, name="2").exists()


def test_row_messages_are_those_of_unit_validate(company, condo):
    # given
    with in_schema(company.schema_name):
        building = building_create(condo=condo, name="A")
        residential = UnitType.objects.get(condo=condo, code="residential")
        unit_create(
            building=building,
            entrance=entrance_create(building=building, name="1"),
            number="1",
            area=Decimal("50"),
            unit_type=residential,
        )
        # when
        with pytest.raises(ValidationError) as error:
            unit_validate(
                building=building, entrance=None, unit_type=residential, number="1", area=Decimal(0)
            )
    # then
    assert error.value.message_dict == {
        "entrance": [cells.ENTRANCE_NEEDED.format(type_name="residential")],
        "number": [cells.UNIT_EXISTS.format(number="1", building="A")],
        "area": [cells.AREA_POSITIVE],
    }


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (
            xls_file([HEADER_BG, ["Б1", 1, 5, 2, "54,3", "жилищен"], ["Б1", None, "Г1", -1, 15.5, "гараж"]]),
            "u.xls",
        ),
        (
            csv_file(
                [
                    HEADER_BG,
                    ["Б1", "1", "5", "2", "54,3", "жилищен"],
                    ["Б1", "", "Г1", "-1", "15,5", "гараж"],
                ],
                delimiter=";",
                encoding="cp1251",
            ),
            "u.csv",
        ),
        (
            csv_file(
                [
                    HEADER_BG,
                    ["Б1", "1", "5", "2", "54,3", "жилищен"],
                    ["Б1", "", "Г1", "-1", "15.5", "гараж"],
                ],
                bom=True,
            ),
            "u.csv",
        ),
    ],
    ids=["xls", "csv-semicolon-cp1251", "csv-comma-utf8-bom"],
)
def test_xls_and_csv_with_bulgarian_headers_import_alike(company, condo, content, name):
    unit_import = run_import(company, condo, content, name)
    assert (unit_import.status, unit_import.created, unit_import.errors) == (JobStatus.DONE, 2, [])
    assert units_of(company, condo) == [
        ("Б1", "1", "5", 2, Decimal("54.30"), "residential"),
        ("Б1", None, "Г1", -1, Decimal("15.50"), "parking"),
    ]


def test_mapping_chosen_by_hand_reads_a_file_without_headers(company, condo):
    # given a header that names nothing: the first row is taken as the header all the same
    content = csv_file([["col1", "col2", "col3", "col4"], ["10", "A", "1", "54,3"], ["11", "A", "1", "40"]])
    # when
    unit_import = run_import(
        company, condo, content, "u.csv", mapping={"number": 0, "building": 1, "entrance": 2, "area": 3}
    )
    # then
    assert unit_import.mapping == {"building": 1, "entrance": 2, "number": 0, "area": 3}
    assert units_of(company, condo) == [
        ("A", "1", "10", None, Decimal("54.30"), "residential"),
        ("A", "1", "11", None, Decimal("40.00"), "residential"),
    ]


def test_progress_is_committed_batch_by_batch(company, condo):
    # given 450 rows: batches of 200, 200 and 50
    content = xlsx_file([HEADER_RU] + [["А", 1, n, 1, "50", "жилое"] for n in range(1, 451)])
    seen = []

    def progress(done, total):  # called by the job, in the company schema
        row = UnitImport.objects.get(condo=condo)
        seen.append((done, total, row.status, row.total, row.done, row.created, row.percent))

    # when
    unit_import = run_import(company, condo, content, progress=progress)
    # then
    assert seen == [
        (200, 450, JobStatus.RUNNING, 450, 200, 200, 44),
        (400, 450, JobStatus.RUNNING, 450, 400, 400, 88),
        (450, 450, JobStatus.RUNNING, 450, 450, 450, 100),
    ]
    assert counters(unit_import) == (JobStatus.DONE, 450, 450, 450, 0, 0, 100)


def test_file_is_deleted_after_the_import(company, condo):
    # given
    with in_schema(company.schema_name):
        unit_import = unit_import_create(
            condo=condo,
            file_name="units.csv",
            content=csv_file([["building", "number", "area"], ["A", "1", "1"]]),
        )
    stored = unit_import.file.name
    assert stored.startswith(f"imports/company/condo-{condo.pk}/")
    assert default_storage.exists(stored)
    # when
    run_mapping = {"building": 0, "number": 1, "area": 2}
    with in_schema(company.schema_name):
        unit_import_confirm(unit_import=unit_import, mapping=run_mapping, enqueue=False)
        unit_import_run(unit_import_id=unit_import.pk)
        unit_import.refresh_from_db()
    # then
    assert not default_storage.exists(stored)
    assert (unit_import.file.name, unit_import.status) == ("", JobStatus.DONE)


def test_a_failed_import_deletes_the_file_too(company, condo, settings):
    # given a file that fitted when uploaded but not when run
    with in_schema(company.schema_name):
        unit_import = unit_import_create(
            condo=condo,
            file_name="units.csv",
            content=csv_file([["building", "number", "area"], ["A", "1", "1"], ["A", "2", "1"]]),
        )
        unit_import_confirm(unit_import=unit_import, mapping=unit_import.mapping, enqueue=False)
    stored = unit_import.file.name
    settings.IMPORT_MAX_ROWS = 1
    # when
    with in_schema(company.schema_name):
        unit_import_run(unit_import_id=unit_import.pk)
        unit_import.refresh_from_db()
    # then
    assert (unit_import.status, unit_import.failure, unit_import.file.name, unit_import.created) == (
        JobStatus.FAILED,
        "The file has more than 1 rows; split it into files of at most 1 rows.",
        "",
        0,
    )
    assert not default_storage.exists(stored)
    with in_schema(company.schema_name):
        assert not Unit.objects.filter(building__condo=condo).exists()


def test_import_is_audited_once_with_its_counters(company, condo, make_user):
    # given
    uploader = make_user("admin@company.test")
    content = xlsx_file(
        [HEADER_RU] + [["А", 1, n, 1, "50", "жилое"] for n in range(1, 6)] + [["А", 1, 9, 1, 0, ""]]
    )
    # when
    with in_schema(company.schema_name):
        unit_import = unit_import_create(condo=condo, file_name="u.xlsx", content=content, actor=uploader)
        unit_import_confirm(
            unit_import=unit_import, mapping=unit_import.mapping, actor=uploader, enqueue=False
        )
        unit_import_run(unit_import_id=unit_import.pk)
        entries = list(AuditEntry.objects.order_by("id").values_list("action", "actor_id", "changes"))
    # then
    assert entries[-3:] == [
        ("unit_import.create", uploader.pk, {"file_name": "u.xlsx", "format": "xlsx"}),
        (
            "unit_import.confirm",
            uploader.pk,
            {"mapping": {"building": 0, "entrance": 1, "number": 2, "floor": 3, "area": 4, "type": 5}},
        ),
        (
            "unit_import.run",
            uploader.pk,
            {"status": "done", "total": 6, "created": 5, "updated": 0, "failed": 1},
        ),
    ]
    assert not any(action.startswith("unit.") for action, _, _ in entries)


def test_the_job_runs_once(company, condo):
    # given a finished import
    content = csv_file([["building", "number", "area", "type"], ["A", "1", "1", "parking"]])
    unit_import = run_import(company, condo, content, "u.csv")
    # when the job comes again (a duplicate delivery)
    with in_schema(company.schema_name):
        unit_import_run(unit_import_id=unit_import.pk)
        again = UnitImport.objects.get(pk=unit_import.pk)
    # then
    assert unit_import.errors == []
    assert counters(again) == counters(unit_import) == (JobStatus.DONE, 1, 1, 1, 0, 0, 100)


def test_confirm_checks_the_mapping_and_names_fields(company, condo):
    with in_schema(company.schema_name):
        unit_import = unit_import_create(
            condo=condo,
            file_name="u.csv",
            content=csv_file([["building", "number", "area"], ["A", "1", "1"]]),
        )
        with pytest.raises(ApiError) as error:
            unit_import_confirm(
                unit_import=unit_import, mapping={"building": 0, "number": 0, "owner": 1, "floor": 7}
            )
    assert (error.value.status, error.value.fields) == (
        422,
        {
            "mapping.number": ["Column 0 is already mapped to building."],
            "mapping.owner": ["Unknown field; the fields are building, entrance, number, floor, area, type."],
            "mapping.floor": ["No column 7 in the file; its columns are numbered 0 to 2."],
            "mapping.area": ["Required: choose the column that holds the area."],
        },
    )
