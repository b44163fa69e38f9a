"""manage.py import_units: the same pipeline, synchronously, with a progress bar; and the job's
fallbacks (row-by-row after a conflicting concurrent change, retry on a lost connection)."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError

from tenant_apps.condos.imports import services
from tenant_apps.condos.imports.services import unit_import_confirm, unit_import_create, unit_import_run
from tenant_apps.condos.models import JobStatus, Unit, UnitImport
from tenant_apps.condos.services import condo_create
from tenants.schemas import in_schema
from tests.fixtures.import_files import csv_file, xlsx_file

HEADER_BG = ["Сграда", "Вход", "Апартамент", "Етаж", "Площ", "Тип"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def condo(company):
    with in_schema(company.schema_name):
        return condo_create(name="Green Hills")


def units_of(company, condo) -> list[tuple]:
    with in_schema(company.schema_name):
        units = Unit.objects.filter(building__condo=condo).values_list(
            "building__name", "entrance__name", "number", "area", "unit_type__code"
        )
        return sorted(units, key=lambda unit: (unit[0], unit[2]))


def test_command_imports_a_file_with_a_progress_bar(company, condo, tmp_path):
    # given
    path = tmp_path / "units.xlsx"
    path.write_bytes(
        xlsx_file(
            [
                HEADER_BG,
                ["Б1", 1, 5, 2, "54,3", "жилищен"],
                ["Б1", None, "Г1", -1, "15,5", "гараж"],
                ["Б1", 1, 6, 2, "0", ""],
            ]
        )
    )
    out, err = io.StringIO(), io.StringIO()
    # when
    call_command("import_units", "company", str(condo.pk), str(path), stdout=out, stderr=err)
    # then
    with in_schema(company.schema_name):
        unit_import = UnitImport.objects.get(condo=condo)
    assert out.getvalue().splitlines() == [
        "columns: A 'Сграда' → building, B 'Вход' → entrance, C 'Апартамент' → number, D 'Етаж' → floor, "
        "E 'Площ' → area, F 'Тип' → type",
        f"import {unit_import.pk}: done; rows 3, created 2, updated 0, failed 1",
        "  row 4, Площ = '0': The area must be greater than 0.",
    ]
    assert "import: 100%" in err.getvalue()
    assert "3/3" in err.getvalue()
    assert units_of(company, condo) == [
        ("Б1", "1", "5", Decimal("54.30"), "residential"),
        ("Б1", None, "Г1", Decimal("15.50"), "parking"),
    ]
    assert unit_import.file.name == ""


def test_command_takes_a_mapping_and_updates_on_reimport(company, condo, tmp_path):
    # given a file whose header names nothing
    path = tmp_path / "units.csv"
    path.write_bytes(
        csv_file([["c1", "c2", "c3", "c4"], ["12", "A", "1", "54,3"]], delimiter=";", encoding="cp1251")
    )
    mapping = json.dumps({"number": 0, "building": 1, "entrance": 2, "area": 3})
    # when imported twice, the second time with a changed area
    call_command(
        "import_units",
        "company",
        str(condo.pk),
        str(path),
        "--mapping",
        mapping,
        "--no-progress",
        stdout=io.StringIO(),
    )
    path.write_bytes(
        csv_file([["c1", "c2", "c3", "c4"], ["12", "A", "1", "60"]], delimiter=";", encoding="cp1251")
    )
    out = io.StringIO()
    call_command(
        "import_units", "company", str(condo.pk), str(path), "--mapping", mapping, "--no-progress", stdout=out
    )
    # then
    assert out.getvalue().splitlines()[-1].endswith(": done; rows 1, created 0, updated 1, failed 0")
    assert units_of(company, condo) == [("A", "1", "12", Decimal("60.00"), "residential")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "1", "units.csv"], "No company 'nobody'"),
        (["company", "999999", "units.csv"], "No condo 999999 in company company"),
        (["company", "{condo}", "missing.csv"], "No file {tmp}/missing.csv"),
        (
            ["company", "{condo}", "units.csv", "--mapping", "[1]"],
            '--mapping must be a JSON object such as {"building": 0}',
        ),
        (
            ["company", "{condo}", "units.csv", "--mapping", '{"building": 0}'],
            "The column mapping is incomplete or invalid. (mapping.number: Required: choose the column that "
            "holds the unit number.; mapping.area: Required: choose the column that holds the area.)",
        ),
        (
            ["company", "{condo}", "units.txt"],
            "Unsupported file type .txt: upload an .xlsx, .xls or .csv file.",
        ),
    ],
)
def test_command_says_what_is_wrong(condo, tmp_path, args, message):
    # given
    (tmp_path / "units.csv").write_bytes(csv_file([["building", "number", "area"], ["A", "1", "1"]]))
    (tmp_path / "units.txt").write_bytes(b"building,number,area\n")
    args = [
        str(tmp_path / arg)
        if arg.startswith("units.") or arg == "missing.csv"
        else arg.replace("{condo}", str(condo.pk))
        for arg in args
    ]
    # when
    with pytest.raises(CommandError) as error:
        call_command("import_units", *args, stdout=io.StringIO(), stderr=io.StringIO())
    # then
    assert str(error.value) == message.replace("{tmp}", str(tmp_path))


def test_a_batch_hit_by_a_concurrent_change_is_redone_row_by_row(company, condo, monkeypatch):
    # given unit 2 is taken by someone else between our read and our write
    real_insert = services._units_insert

    def conflicting_insert(rows, now):
        if any(row[3] == "2" for row in rows):
            raise IntegrityError('duplicate key value violates unique constraint "condos_unit_unique_live"')
        return real_insert(rows, now)

    monkeypatch.setattr(services, "_units_insert", conflicting_insert)
    content = csv_file(
        [["building", "entrance", "number", "area"]] + [["A", "1", str(n), "50"] for n in (1, 2, 3)]
    )
    # when
    with in_schema(company.schema_name):
        unit_import = unit_import_create(condo=condo, file_name="u.csv", content=content)
        unit_import_confirm(unit_import=unit_import, mapping=unit_import.mapping, enqueue=False)
        finished = unit_import_run(unit_import_id=unit_import.pk)
    # then only that row fails, the others are in
    assert (finished.status, finished.done, finished.created, finished.failed) == (JobStatus.DONE, 3, 2, 1)
    assert finished.errors == [
        {
            "row": 3,
            "column": "",
            "value": "",
            "reason": "Conflicts with a change made at the same time; import the file again.",
        }
    ]
    assert [unit[2] for unit in units_of(company, condo)] == ["1", "3"]


def test_a_lost_connection_is_retried_with_the_file_kept(company, condo, monkeypatch):
    # given the database goes away during the first attempt
    real_load = services._Importer.load
    attempts = []

    def flaky_load(importer):
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_load(importer)

    monkeypatch.setattr(services._Importer, "load", flaky_load)
    content = csv_file([["building", "entrance", "number", "area"], ["A", "1", "1", "50"]])
    with in_schema(company.schema_name):
        unit_import = unit_import_create(condo=condo, file_name="u.csv", content=content)
        unit_import_confirm(unit_import=unit_import, mapping=unit_import.mapping, enqueue=False)
        # when the first attempt has retries left
        with pytest.raises(OperationalError):
            unit_import_run(unit_import_id=unit_import.pk, retries_left=2)
        waiting = UnitImport.objects.get(pk=unit_import.pk)
        # then it waits in the queue with its file, and the retry imports it
        assert (waiting.status, default_storage.exists(waiting.file.name)) == (JobStatus.QUEUED, True)
        finished = unit_import_run(unit_import_id=unit_import.pk, retries_left=1)
    assert (finished.status, finished.created, finished.file.name) == (JobStatus.DONE, 1, "")


def test_the_last_attempt_fails_the_import_and_deletes_the_file(company, condo, monkeypatch):
    def broken_load(importer):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services._Importer, "load", broken_load)
    content = csv_file([["building", "entrance", "number", "area"], ["A", "1", "1", "50"]])
    with in_schema(company.schema_name):
        unit_import = unit_import_create(condo=condo, file_name="u.csv", content=content)
        stored = unit_import.file.name
        unit_import_confirm(unit_import=unit_import, mapping=unit_import.mapping, enqueue=False)
        finished = unit_import_run(unit_import_id=unit_import.pk, retries_left=0)
    assert (finished.status, finished.failure, finished.file.name) == (
        JobStatus.FAILED,
        "The database was unavailable; upload the file again.",
        "",
    )
    assert not default_storage.exists(stored)


def test_command_fails_when_the_job_fails(condo, tmp_path, monkeypatch):
    def broken_load(importer):
        raise RuntimeError("boom")

    monkeypatch.setattr(services._Importer, "load", broken_load)
    path = tmp_path / "units.csv"
    path.write_bytes(csv_file([["building", "entrance", "number", "area"], ["A", "1", "1", "50"]]))
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_units", "company", str(condo.pk), str(path), "--no-progress", stdout=out)
    assert str(error.value) == "Unexpected error; quote the import id when reporting it."
    assert out.getvalue().splitlines()[-1].endswith(": failed; rows 1, created 0, updated 0, failed 0")
