"""Meters API (/api/v1 on the company host): roles, isolation, manual entry and correction,
anomalies, photos behind the permission check, constant query counts on lists."""

import contextlib
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from config.api import ApiError
from shared_apps.accounts.models import CompanyRole
from shared_apps.audit.models import AuditEntry
from tenant_apps.meters.models import Meter, MeterType, Reading
from tenant_apps.meters.services import meter_create, reading_submit
from tenants.schemas import in_schema
from tests.helpers import JSON, bearer
from tests.meters.conftest import property_with_meters


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def last_month() -> date:
    return (this_month() - timezone.timedelta(days=1)).replace(day=1)


class Api:
    def __init__(self, client, token):
        self.client, self.headers = client, bearer(token)

    def get(self, path, **query):
        return self.client.get(f"/api/v1{path}", query, **self.headers)

    def post(self, path, body=None):
        return self.client.post(f"/api/v1{path}", body or {}, content_type=JSON, **self.headers)

    def patch(self, path, body):
        return self.client.patch(f"/api/v1{path}", body, content_type=JSON, **self.headers)


@pytest.fixture
def as_role(company, company_client, make_user, login, place):
    """as_role(role, condo_id=None) → an Api of a fresh user with that membership."""
    count = iter(range(1000))

    def make(role, condo_id=None):
        email = f"{role}{next(count)}@company.test"
        make_user(email, memberships=[(company, role, condo_id)])
        return Api(company_client, login(company_client, email)["access"])

    return make


@pytest.fixture
def director_api(as_role):
    return as_role(CompanyRole.DIRECTOR)


def photo_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1000, 800), "gray").save(out, format="JPEG")
    return out.getvalue()


def test_director_enters_a_reading_with_the_same_rules_as_the_bot(director_api, company, place):
    with in_schema(company.schema_name):
        reading_submit(
            meter=place.cold, zone="", value="20", period=last_month(), source="bot_text", entered_by_id=None
        )
    # a decrease is refused with the field and reason, and nothing is saved
    response = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "15"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "reading_decreased"
    assert error["fields"] == {"value": [f"Less than the previous reading 20 ({last_month():%Y-%m})."]}
    # the same value again is accepted as forced and audited
    response = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "15"})
    assert response.status_code == 201
    body = response.json()
    assert (body["value"], body["forced"], body["forced_reason"], body["source"], body["period"]) == (
        "15",
        True,
        "reading_decreased",
        "panel",
        f"{this_month():%Y-%m}",
    )
    with in_schema(company.schema_name):
        assert AuditEntry.objects.filter(action="reading.forced", target_id=str(body["id"])).count() == 1


def test_bad_input_is_a_400_naming_the_field(director_api, place):
    response = director_api.post("/readings", {"meter_id": place.power.pk, "value": "10"})
    assert (response.status_code, response.json()["error"]["fields"]) == (
        400,
        {"zone": ["This meter's zones: day or night."]},
    )
    response = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "-1"})
    assert response.json()["error"]["code"] == "reading_not_positive"
    response = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "1", "period": "2026-13"})
    assert response.status_code == 422 and "period" in response.json()["error"]["fields"]


def test_correction_is_audited_and_the_reading_shows_what_it_was(director_api, company, place):
    reading = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "20"}).json()
    assert (reading["corrected_from"], reading["correction_reason"]) == (None, "")
    response = director_api.post(f"/readings/{reading['id']}/correct", {"value": "21", "reason": "Misread"})
    assert response.status_code == 200
    body = response.json()
    assert (
        body["value"],
        body["corrected_from"],
        body["correction_reason"],
        body["corrected_at"] is not None,
    ) == (
        "21",
        "20",
        "Misread",
        True,
    )
    with in_schema(company.schema_name):
        entry = AuditEntry.objects.get(action="reading.correct")
    assert entry.changes == {"value": {"from": "20", "to": "21"}, "reason": "Misread"}


def test_a_replaced_reading_is_not_corrected(director_api, company, place):
    first = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "20"}).json()
    director_api.post("/readings", {"meter_id": place.cold.pk, "value": "21"})
    response = director_api.post(f"/readings/{first['id']}/correct", {"value": "22", "reason": "x"})
    assert (response.status_code, response.json()["error"]["code"], response.json()["error"]["fields"]) == (
        409,
        "reading_replaced",
        {"reading_id": ["A newer reading replaced this one; correct that one."]},
    )
    with in_schema(company.schema_name):
        assert Reading.all_objects.get(pk=first["id"]).value == 20


def test_roles(as_role, place, company):
    accountant = as_role(CompanyRole.ACCOUNTANT)
    admin_here = as_role(CompanyRole.CONDO_ADMIN, place.condo.pk)
    admin_elsewhere = as_role(CompanyRole.CONDO_ADMIN, place.condo.pk + 1000)
    staff = as_role(CompanyRole.STAFF, place.condo.pk)
    resident = as_role(CompanyRole.RESIDENT, place.condo.pk)
    entry = {"meter_id": place.cold.pk, "value": "10"}
    # reads: accountant and the condo's admin yes, staff and residents no
    assert accountant.get("/readings").status_code == 200
    assert admin_here.get("/readings", condo=place.condo.pk).status_code == 200
    assert admin_elsewhere.get("/readings", condo=place.condo.pk).status_code == 403
    assert staff.get("/readings").status_code == 403
    assert resident.get("/meters").status_code == 403
    # writes: the condo's admin yes, the accountant and another condo's admin no
    assert accountant.post("/readings", entry).status_code == 403
    assert admin_elsewhere.post("/readings", entry).status_code == 403
    assert admin_here.post("/readings", entry).status_code == 201
    # types: a condo admin adds their condo's, only the director the company's
    new_type = {
        "code": "hot_water",
        "name": "Hot water",
        "unit_of_measure": "m³",
        "max_monthly_increase": "20",
    }
    assert admin_here.post("/meter-types", {**new_type, "condo_id": None}).status_code == 403
    response = admin_here.post("/meter-types", {**new_type, "condo_id": place.condo.pk})
    assert (response.status_code, response.json()["kind"], response.json()["condo_id"]) == (
        201,
        "hot_water",
        place.condo.pk,
    )
    # the admin of another condo does not see it
    assert "hot_water" not in [t["code"] for t in admin_elsewhere.get("/meter-types").json()]


def test_meters_crud_and_type_of_another_condo_refused(director_api, company, place):
    other = property_with_meters(company.schema_name, name="Blue Lake")
    condo_type = director_api.post(
        "/meter-types",
        {
            "condo_id": other.condo.pk,
            "code": "gas",
            "name": "Gas",
            "unit_of_measure": "m³",
            "max_monthly_increase": "50",
        },
    ).json()
    response = director_api.post("/meters", {"unit_id": place.units[1].pk, "type_id": condo_type["id"]})
    assert (response.status_code, response.json()["error"]["fields"]) == (
        400,
        {"type_id": ["This meter type belongs to another condo."]},
    )
    created = director_api.post(
        "/meters", {"unit_id": place.units[1].pk, "type_id": place.cold.meter_type_id, "serial": "X"}
    )
    assert created.status_code == 201
    meter_id = created.json()["id"]
    assert director_api.patch(f"/meters/{meter_id}", {"serial": "Y"}).json()["serial"] == "Y"
    assert director_api.post(f"/meters/{meter_id}/deactivate").json()["is_active"] is False
    assert director_api.get("/meters", unit=place.units[1].pk, active=True).json()["items"] == []
    in_use = director_api.client.delete(
        f"/api/v1/meter-types/{place.cold.meter_type_id}", **director_api.headers
    )
    assert in_use.json()["error"]["code"] == "meter_type_in_use"


def test_anomalies_forced_jump_and_missing(director_api, company, place):
    with in_schema(company.schema_name):
        reading_submit(
            meter=place.cold, zone="", value="100", period=last_month(), source="import", entered_by_id=None
        )
        with contextlib.suppress(ApiError):  # a jump, refused once, then insisted on
            reading_submit(meter=place.cold, zone="", value="500", source="bot_text", entered_by_id=None)
        reading_submit(meter=place.cold, zone="", value="500", source="bot_text", entered_by_id=None)
        # the day/night meter has only its day zone read this month: night is missing
        reading_submit(meter=place.power, zone="day", value="10", source="bot_text", entered_by_id=None)
        spare = meter_create(unit=place.units[1], meter_type=place.cold.meter_type)
    page = director_api.get("/reading-anomalies", condo=place.condo.pk).json()
    rows = page["items"]
    assert [(row["kind"], row["meter_id"], row["zone"]) for row in rows] == [
        ("forced", place.cold.pk, ""),
        ("jump", place.cold.pk, ""),
        ("missing", place.power.pk, "night"),
        ("missing", spare.pk, ""),
    ]
    assert (rows[1]["previous_value"], rows[1]["previous_period"], rows[1]["reading"]["value"]) == (
        "100",
        f"{last_month():%Y-%m}",
        "500",
    )
    assert page["next_cursor"] is None


def test_anomalies_are_paged_by_meter_at_a_fixed_query_count(director_api, company, place):
    # given five meters with nothing read this month (the flat's two and three more)
    with in_schema(company.schema_name):
        extra = [meter_create(unit=place.units[1], meter_type=place.cold.meter_type) for _ in range(3)]
    expected = [
        (place.cold.pk, ""),
        (place.power.pk, "day"),
        (place.power.pk, "night"),
        *[(meter.pk, "") for meter in extra],
    ]
    # when they are walked two meters a page
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = director_api.get("/reading-anomalies", **query).json()
        seen += [(row["meter_id"], row["zone"]) for row in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    # then every meter's anomalies come once, a meter's zones on the same page
    assert (seen, pages) == (expected, 3)
    director_api.get("/me")  # the caller's profile is cached by the first request
    with CaptureQueriesContext(connection) as small:
        assert len(director_api.get("/reading-anomalies", limit=1).json()["items"]) == 1
    with CaptureQueriesContext(connection) as large:
        assert len(director_api.get("/reading-anomalies", limit=50).json()["items"]) == 6
    assert len(small) == len(large)


def test_photo_only_through_the_authorised_endpoint(
    as_role, director_api, company, other_company, place, client_for, make_user, login
):
    with in_schema(company.schema_name):
        reading = reading_submit(
            meter=place.cold, zone="", value="5", source="bot_photo", entered_by_id=None, photo=photo_jpeg()
        )
        plain = reading_submit(
            meter=place.power, zone="day", value="5", source="bot_text", entered_by_id=None
        )
    response = director_api.get(f"/readings/{reading.pk}/photo")
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200,
        "image/jpeg",
        "private, no-store",
    )
    assert Image.open(io.BytesIO(response.content)).size == (512, 410)
    assert director_api.get(f"/readings/{plain.pk}/photo").status_code == 404
    assert (
        as_role(CompanyRole.CONDO_ADMIN, place.condo.pk + 1000)
        .get(f"/readings/{reading.pk}/photo")
        .status_code
        == 403
    )
    assert (
        as_role(CompanyRole.RESIDENT, place.condo.pk).get(f"/readings/{reading.pk}/photo").status_code == 403
    )
    # another company's director: that id does not exist there
    make_user("boss@other.test", memberships=[(other_company, CompanyRole.DIRECTOR, None)])
    other_client = client_for(other_company)
    other = Api(other_client, login(other_client, "boss@other.test")["access"])
    assert other.get(f"/readings/{reading.pk}/photo").status_code == 404
    assert other.get("/readings").json()["items"] == []
    assert other.get(f"/meters/{place.cold.pk}").status_code in (404, 405)


def test_readings_list_costs_the_same_queries_for_any_page_size(director_api, company, place):
    with in_schema(company.schema_name):
        for unit in place.units:
            meter = meter_create(unit=unit, meter_type=place.cold.meter_type)
            reading_submit(
                meter=meter, zone="", value="3", period=last_month(), source="import", entered_by_id=None
            )
        reading_submit(meter=place.cold, zone="", value="3", source="import", entered_by_id=None)
    director_api.get("/me")  # the caller's profile is cached by the first request
    with CaptureQueriesContext(connection) as small:
        assert len(director_api.get("/readings", limit=1).json()["items"]) == 1
    with CaptureQueriesContext(connection) as large:
        assert len(director_api.get("/readings", limit=50).json()["items"]) == 3
    assert len(small) == len(large)
    with CaptureQueriesContext(connection) as meters_small:
        director_api.get("/meters", limit=1)
    with CaptureQueriesContext(connection) as meters_large:
        director_api.get("/meters", limit=50)
    assert len(meters_small) == len(meters_large)


def test_history_flag_shows_replaced_submissions(director_api, company, place):
    director_api.post("/readings", {"meter_id": place.cold.pk, "value": "5"})
    director_api.post("/readings", {"meter_id": place.cold.pk, "value": "6"})
    counting = director_api.get("/readings", meter=place.cold.pk).json()["items"]
    everything = director_api.get("/readings", meter=place.cold.pk, history=True).json()["items"]
    assert [(r["value"], r["replaced"]) for r in counting] == [("6", False)]
    assert [(r["value"], r["replaced"]) for r in everything] == [("5", True), ("6", False)]
    with in_schema(company.schema_name):
        assert Reading.all_objects.count() == 2


@pytest.fixture
def outsider_api(other_company, client_for, make_user, login):
    """The director of another company, on that company's host."""
    make_user("boss@other.test", memberships=[(other_company, CompanyRole.DIRECTOR, None)])
    client = client_for(other_company)
    return Api(client, login(client, "boss@other.test")["access"])


def snapshot(company) -> dict:
    with in_schema(company.schema_name):
        return {
            "types": list(MeterType.objects.order_by("id").values_list("id", "name", "max_monthly_increase")),
            "meters": list(Meter.objects.order_by("id").values_list("id", "serial", "is_active")),
            "readings": list(Reading.all_objects.order_by("id").values_list("id", "value", "replaced_at")),
            "audit": AuditEntry.objects.count(),
        }


def test_no_write_reaches_another_companys_meters(director_api, outsider_api, company, place):
    # given a condo type, meters and a reading with a photo in `company`
    condo_type = director_api.post(
        "/meter-types",
        {
            "condo_id": place.condo.pk,
            "code": "hot_water",
            "name": "Hot water",
            "unit_of_measure": "m³",
            "max_monthly_increase": "20",
        },
    ).json()
    with in_schema(company.schema_name):
        reading = reading_submit(
            meter=place.cold, zone="", value="5", source="bot_photo", entered_by_id=None, photo=photo_jpeg()
        )
    before = snapshot(company)
    # when the other company's director sends every write with `company`'s ids
    type_body = {"code": "gas", "name": "Gas", "unit_of_measure": "m³", "max_monthly_increase": "5"}
    responses = {
        "type create": outsider_api.post("/meter-types", {**type_body, "condo_id": place.condo.pk}),
        "type update": outsider_api.patch(f"/meter-types/{condo_type['id']}", {"name": "Stolen"}),
        "type delete": outsider_api.client.delete(
            f"/api/v1/meter-types/{condo_type['id']}", **outsider_api.headers
        ),
        "meter create": outsider_api.post(
            "/meters", {"unit_id": place.units[1].pk, "type_id": place.cold.meter_type_id}
        ),
        "meter update": outsider_api.patch(f"/meters/{place.cold.pk}", {"serial": "Stolen"}),
        "meter deactivate": outsider_api.post(f"/meters/{place.cold.pk}/deactivate"),
        "reading enter": outsider_api.post("/readings", {"meter_id": place.cold.pk, "value": "6"}),
        "reading correct": outsider_api.post(
            f"/readings/{reading.pk}/correct", {"value": "7", "reason": "x"}
        ),
        "photo": outsider_api.get(f"/readings/{reading.pk}/photo"),
    }
    # then each is a 404 (those ids do not exist there) and nothing changed here
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(
        responses, 404
    )
    assert outsider_api.get("/reading-anomalies").json() == {"items": [], "next_cursor": None}
    assert snapshot(company) == before
