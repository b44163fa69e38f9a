"""Unit import API on a company host: upload → detected mapping and preview → confirm → job
status → error reports; limits, roles and cross-company isolation."""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.accounts.models import CompanyRole
from tenant_apps.condos.imports.services import unit_import_create
from tenant_apps.condos.models import Unit, UnitImport
from tenant_apps.condos.services import condo_create
from tenants.schemas import in_schema
from tests.fixtures.import_files import csv_file, xlsx_file, xlsx_rows
from tests.helpers import JSON, bearer

HEADER_RU = ["Корпус", "Подъезд", "№ квартиры", "Этаж", "Площадь, м2", "Тип"]
ROWS = [
    ["А", 1, 1, 1, "54,3", "жилое"],
    ["А", 1, 2, 1, "0", "жилое"],
    ["А", None, 3, 1, "40", "жилое"],
    ["А", None, "M1", 0, "120,5", "коммерческое"],
    ["А", 1, 1, 2, "60", "жилое"],
    ["Б", 2, 5, 2, "abc", "жилое"],
    ["Б", 2, 6, 2, "70.25", "жилое"],
]
ERRORS = [
    {"row": 3, "column": "Площадь, м2", "value": "0", "reason": "The area must be greater than 0."},
    {"row": 4, "column": "Подъезд", "value": "", "reason": "A residential unit needs an entrance."},
    {
        "row": 6,
        "column": "№ квартиры",
        "value": "1",
        "reason": "Duplicate of row 2: unit 1 in building А is already in the file.",
    },
    {"row": 7, "column": "Площадь, м2", "value": "abc", "reason": "The area is not a number."},
]


@pytest.fixture(autouse=True)
def _roomy_limits_and_media(settings, tmp_path):
    settings.RATE_LIMIT_AUTH_ATTEMPTS = 1000
    settings.RATE_LIMIT_API_PER_MINUTE = 10000
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def condo(company):
    with in_schema(company.schema_name):
        return condo_create(name="Green Hills")


@pytest.fixture
def token(company_client, director, login):
    return login(company_client, director.email)["access"]


@pytest.fixture
def token_for(company, company_client, make_user, login):
    """token_for(role, condo_id=None) → the access token of a new member with that role."""

    def make(role: str, condo_id: int | None = None) -> str:
        user = make_user(f"{role}-{condo_id}@company.test", memberships=[(company, role, condo_id)])
        return login(company_client, user.email)["access"]

    return make


def upload(client, token, condo_id, content: bytes, name: str = "units.xlsx"):
    return client.post(
        "/api/v1/imports",
        {"condo_id": condo_id, "file": SimpleUploadedFile(name, content)},
        **bearer(token),
    )


def confirm(client, token, import_id, mapping):
    return client.post(
        f"/api/v1/imports/{import_id}/confirm", {"mapping": mapping}, content_type=JSON, **bearer(token)
    )


DETECTED = {"building": 0, "entrance": 1, "number": 2, "floor": 3, "area": 4, "type": 5}


def test_upload_shows_detected_columns_and_preview_then_confirm_runs_the_job(
    company, company_client, token, condo, django_capture_on_commit_callbacks
):
    # when
    uploaded = upload(company_client, token, condo.pk, xlsx_file([HEADER_RU, *ROWS]))
    # then
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert (body["status"], body["file_name"], body["file_format"], body["percent"]) == (
        "pending",
        "units.xlsx",
        "xlsx",
        0,
    )
    assert body["detected_columns"] == [
        {"index": 0, "letter": "A", "header": "Корпус", "field": "building"},
        {"index": 1, "letter": "B", "header": "Подъезд", "field": "entrance"},
        {"index": 2, "letter": "C", "header": "№ квартиры", "field": "number"},
        {"index": 3, "letter": "D", "header": "Этаж", "field": "floor"},
        {"index": 4, "letter": "E", "header": "Площадь, м2", "field": "area"},
        {"index": 5, "letter": "F", "header": "Тип", "field": "type"},
    ]
    assert body["mapping"] == DETECTED
    assert body["preview"] == [
        ["А", "1", "1", "1", "54,3", "жилое"],
        ["А", "1", "2", "1", "0", "жилое"],
        ["А", "", "3", "1", "40", "жилое"],
        ["А", "", "M1", "0", "120,5", "коммерческое"],
        ["А", "1", "1", "2", "60", "жилое"],
    ]
    import_id = body["id"]
    assert (
        company_client.get(f"/api/v1/imports/{import_id}", **bearer(token)).json()["preview"]
        == body["preview"]
    )
    # when the mapping is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm(company_client, token, import_id, DETECTED)
    # then the answer says queued and the job has run after the commit
    assert confirmed.status_code == 202, confirmed.content
    assert confirmed.json()["status"] == "queued"
    done = company_client.get(f"/api/v1/imports/{import_id}", **bearer(token)).json()
    assert {
        key: done[key]
        for key in ("status", "total", "done", "created", "updated", "failed", "percent", "errors_count")
    } == {
        "status": "done",
        "total": 7,
        "done": 7,
        "created": 3,
        "updated": 0,
        "failed": 4,
        "percent": 100,
        "errors_count": 4,
    }
    assert done["preview"] == []
    with in_schema(company.schema_name):
        assert sorted(Unit.objects.filter(building__condo=condo).values_list("number", flat=True)) == [
            "1",
            "6",
            "M1",
        ]
        assert UnitImport.objects.get(pk=import_id).errors == ERRORS


def test_error_report_downloads_as_csv_and_xlsx(company, company_client, token, condo):
    # given a finished import
    with in_schema(company.schema_name):
        unit_import = unit_import_create(
            condo=condo, file_name="u.xlsx", content=xlsx_file([HEADER_RU, *ROWS])
        )
        UnitImport.objects.filter(pk=unit_import.pk).update(errors=ERRORS, status="done")
    # when
    as_csv = company_client.get(f"/api/v1/imports/{unit_import.pk}/errors.csv", **bearer(token))
    as_xlsx = company_client.get(f"/api/v1/imports/{unit_import.pk}/errors.xlsx", **bearer(token))
    # then
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv["Content-Disposition"] == f'attachment; filename="import-{unit_import.pk}-errors.csv"'
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))) == [
        ["row", "column", "value", "reason"],
        ["3", "Площадь, м2", "0", "The area must be greater than 0."],
        ["4", "Подъезд", "", "A residential unit needs an entrance."],
        ["6", "№ квартиры", "1", "Duplicate of row 2: unit 1 in building А is already in the file."],
        ["7", "Площадь, м2", "abc", "The area is not a number."],
    ]
    assert as_xlsx.status_code == 200
    assert as_xlsx["Content-Disposition"] == f'attachment; filename="import-{unit_import.pk}-errors.xlsx"'
    assert xlsx_rows(as_xlsx.content) == [
        ("row", "column", "value", "reason"),
        (3, "Площадь, м2", "0", "The area must be greater than 0."),
        (4, "Подъезд", None, "A residential unit needs an entrance."),
        (6, "№ квартиры", "1", "Duplicate of row 2: unit 1 in building А is already in the file."),
        (7, "Площадь, м2", "abc", "The area is not a number."),
    ]


def test_report_values_never_become_formulas(company, company_client, token, condo):
    with in_schema(company.schema_name):
        unit_import = unit_import_create(
            condo=condo, file_name="u.xlsx", content=xlsx_file([HEADER_RU, *ROWS])
        )
        bad = [{"row": 2, "column": "Тип", "value": "=HYPERLINK(1)", "reason": "x"}]
        UnitImport.objects.filter(pk=unit_import.pk).update(errors=bad)
    as_csv = company_client.get(f"/api/v1/imports/{unit_import.pk}/errors.csv", **bearer(token))
    as_xlsx = company_client.get(f"/api/v1/imports/{unit_import.pk}/errors.xlsx", **bearer(token))
    assert as_csv.content.decode("utf-8-sig").splitlines()[1] == "2,Тип,'=HYPERLINK(1),x"
    assert xlsx_rows(as_xlsx.content)[1] == (2, "Тип", "=HYPERLINK(1)", "x")


def test_confirm_names_missing_and_wrong_fields(company_client, token, condo):
    # given
    import_id = upload(
        company_client, token, condo.pk, csv_file([["building", "number", "area"], ["A", "1", "1"]]), "u.csv"
    ).json()["id"]
    # when
    missing = confirm(company_client, token, import_id, {"building": 0, "number": 1})
    wrong = confirm(company_client, token, import_id, {"building": 0, "number": "B", "area": 2, "colour": 1})
    # then
    assert missing.status_code == 422
    assert missing.json()["error"] == {
        "code": "validation_error",
        "message": "The column mapping is incomplete or invalid.",
        "fields": {"mapping.area": ["Required: choose the column that holds the area."]},
    }
    assert wrong.status_code == 422
    assert wrong.json()["error"]["fields"] == {
        "mapping.number": ["No column B in the file; its columns are numbered 0 to 2."],
        "mapping.colour": ["Unknown field; the fields are building, entrance, number, floor, area, type."],
    }


def test_confirm_twice_is_refused(company_client, token, condo, django_capture_on_commit_callbacks):
    content = csv_file([["building", "entrance", "number", "area"], ["A", "1", "1", "1"]])
    import_id = upload(company_client, token, condo.pk, content, "u.csv").json()["id"]
    mapping = {"building": 0, "entrance": 1, "number": 2, "area": 3, "floor": None}
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(company_client, token, import_id, mapping).status_code == 202
    again = confirm(company_client, token, import_id, mapping)
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "import_not_pending",
        "message": "This import is done already; upload the file again to import it anew.",
    }


def test_uploaded_file_is_deleted_after_processing(
    company, company_client, token, condo, django_capture_on_commit_callbacks
):
    # given
    content = csv_file([["building", "entrance", "number", "area"], ["A", "1", "1", "1"]], delimiter=";")
    import_id = upload(company_client, token, condo.pk, content, "u.csv").json()["id"]
    with in_schema(company.schema_name):
        stored = UnitImport.objects.get(pk=import_id).file.name
    assert default_storage.exists(stored)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        confirm(company_client, token, import_id, {"building": 0, "entrance": 1, "number": 2, "area": 3})
    # then
    assert not default_storage.exists(stored)
    with in_schema(company.schema_name):
        assert UnitImport.objects.get(pk=import_id).file.name == ""


@pytest.mark.parametrize(
    ("setting", "value", "content", "name", "code", "message"),
    [
        (
            "IMPORT_MAX_BYTES",
            1024 * 1024,
            b"a" * (1024 * 1024 + 1),
            "u.csv",
            "file_too_large",
            "The file is 1 MB; at most 1 MB can be imported at once.",
        ),
        (
            "IMPORT_MAX_BYTES",
            2 * 1024 * 1024,
            b"a" * (5 * 1024 * 1024 // 2),
            "u.csv",
            "file_too_large",
            "The file is 2.5 MB; at most 2 MB can be imported at once.",
        ),
        (
            "IMPORT_MAX_ROWS",
            3,
            xlsx_file([["building", "number", "area"]] + [["A", str(n), "1"] for n in range(4)]),
            "u.xlsx",
            "too_many_rows",
            "The file has more than 3 rows; split it into files of at most 3 rows.",
        ),
        (
            "IMPORT_MAX_ROWS",
            3,
            csv_file([["building", "number", "area"]] + [["A", str(n), "1"] for n in range(4)]),
            "u.csv",
            "too_many_rows",
            "The file has more than 3 rows; split it into files of at most 3 rows.",
        ),
        ("IMPORT_MAX_ROWS", 3, b"", "u.csv", "file_empty", "The file is empty."),
        (
            "IMPORT_MAX_ROWS",
            3,
            b"building,number,area\r\n",
            "u.csv",
            "file_empty",
            "The file has no rows below its header.",
        ),
        (
            "IMPORT_MAX_ROWS",
            3,
            b"building,number,area\r\n",
            "u.pdf",
            "unsupported_file",
            "Unsupported file type .pdf: upload an .xlsx, .xls or .csv file.",
        ),
    ],
    ids=["over-1mb", "over-2mb", "xlsx-rows", "csv-rows", "empty", "header-only", "pdf"],
)
def test_files_over_the_limits_or_of_other_kinds_get_a_clear_422(
    company, company_client, token, condo, settings, setting, value, content, name, code, message
):
    # given
    setattr(settings, setting, value)
    # when
    response = upload(company_client, token, condo.pk, content, name)
    # then
    assert response.status_code == 422
    assert response.json()["error"] == {"code": code, "message": message, "fields": {"file": [message]}}
    with in_schema(company.schema_name):
        assert not UnitImport.objects.exists()


def test_list_filters_by_condo_with_constant_queries(company, company_client, token, condo):
    # given imports in two condos
    with in_schema(company.schema_name):
        lake = condo_create(name="Lake")
        content = csv_file([["building", "number", "area"], ["A", "1", "1"]])
        ours = [unit_import_create(condo=condo, file_name=f"{n}.csv", content=content).pk for n in range(3)]
        unit_import_create(condo=lake, file_name="lake.csv", content=content)
    # when
    first = company_client.get(f"/api/v1/imports?condo={condo.pk}&limit=2", **bearer(token)).json()
    second = company_client.get(
        f"/api/v1/imports?condo={condo.pk}&limit=2&cursor={first['next_cursor']}", **bearer(token)
    ).json()
    # then
    assert [item["id"] for item in first["items"]] + [item["id"] for item in second["items"]] == ours
    assert second["next_cursor"] is None
    assert first["items"][0]["errors_count"] == 0
    with CaptureQueriesContext(connection) as small:
        company_client.get("/api/v1/imports?limit=1", **bearer(token))
    with CaptureQueriesContext(connection) as large:
        assert len(company_client.get("/api/v1/imports?limit=200", **bearer(token)).json()["items"]) == 4
    assert len(small) == len(large)


def test_roles_director_and_condo_admin_write_accountant_reads_others_403(
    company, company_client, condo, token_for
):
    # given
    with in_schema(company.schema_name):
        other_condo = condo_create(name="Lake")
        existing = unit_import_create(
            condo=condo,
            file_name="u.csv",
            content=csv_file([["building", "number", "area"], ["A", "1", "1"]]),
        )
    content = csv_file([["building", "number", "area"], ["A", "1", "1"]])
    accountant = token_for(CompanyRole.ACCOUNTANT)
    admin = token_for(CompanyRole.CONDO_ADMIN, condo.pk)
    stranger_admin = token_for(CompanyRole.CONDO_ADMIN, other_condo.pk)
    staff = token_for(CompanyRole.STAFF, condo.pk)
    resident = token_for(CompanyRole.RESIDENT, condo.pk)
    # then
    by_admin = upload(company_client, admin, condo.pk, content, "u.csv")
    assert by_admin.status_code == 201
    assert upload(company_client, accountant, condo.pk, content, "u.csv").status_code == 403
    assert upload(company_client, stranger_admin, condo.pk, content, "u.csv").status_code == 403
    assert company_client.get(f"/api/v1/imports/{existing.pk}", **bearer(accountant)).status_code == 200
    assert (
        company_client.get(f"/api/v1/imports/{existing.pk}/errors.csv", **bearer(accountant)).status_code
        == 200
    )
    assert confirm(company_client, accountant, existing.pk, DETECTED).status_code == 403
    assert company_client.get(f"/api/v1/imports/{existing.pk}", **bearer(stranger_admin)).status_code == 403
    assert (
        company_client.get(f"/api/v1/imports?condo={condo.pk}", **bearer(stranger_admin)).status_code == 403
    )
    assert company_client.get("/api/v1/imports", **bearer(stranger_admin)).json()["items"] == []
    listed = company_client.get("/api/v1/imports", **bearer(admin)).json()["items"]
    assert [item["id"] for item in listed] == [existing.pk, by_admin.json()["id"]]
    for token in (staff, resident):
        assert upload(company_client, token, condo.pk, content, "u.csv").status_code == 403
        assert company_client.get(f"/api/v1/imports/{existing.pk}", **bearer(token)).status_code == 403
        assert company_client.get("/api/v1/imports", **bearer(token)).status_code == 403
    assert company_client.get("/api/v1/imports").status_code == 401


def test_ids_of_another_company_are_not_found(company_client, token, other_company, condo):
    # given an import and a condo of the other company
    with in_schema(other_company.schema_name):
        theirs = condo_create(name="Theirs")
        if theirs.pk == condo.pk:  # the id must not exist on our side
            theirs = condo_create(name="Theirs too")
        foreign = unit_import_create(
            condo=theirs,
            file_name="u.csv",
            content=csv_file([["building", "number", "area"], ["A", "1", "1"]]),
        )
    content = csv_file([["building", "number", "area"], ["A", "1", "1"]])
    # then
    for path in ("", "/errors.csv", "/errors.xlsx"):
        response = company_client.get(f"/api/v1/imports/{foreign.pk}{path}", **bearer(token))
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
    assert confirm(company_client, token, foreign.pk, DETECTED).status_code == 404
    assert upload(company_client, token, theirs.pk, content, "u.csv").status_code == 404
    assert company_client.get("/api/v1/imports", **bearer(token)).json()["items"] == []


def test_the_import_routes_are_documented(company_client):
    paths = company_client.get("/api/openapi.json").json()["paths"]
    assert {path: set(methods) for path, methods in paths.items() if path.startswith("/api/v1/imports")} == {
        "/api/v1/imports": {"get", "post"},
        "/api/v1/imports/{import_id}": {"get"},
        "/api/v1/imports/{import_id}/confirm": {"post"},
        "/api/v1/imports/{import_id}/errors.csv": {"get"},
        "/api/v1/imports/{import_id}/errors.xlsx": {"get"},
    }
    upload = paths["/api/v1/imports"]["post"]["requestBody"]["content"]
    assert set(upload["multipart/form-data"]["schema"]["required"]) == {"condo_id", "file"}
