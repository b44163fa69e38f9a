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
from tenant_apps.meters.models import Reading
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
    assert error["fields"] == {"value": f"Less than the previous reading 20 ({last_month():%Y-%m})."}
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
        {"zone": "This meter's zones: day or night."},
    )
    response = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "-1"})
    assert response.json()["error"]["code"] == "reading_not_positive"
    response = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "1", "period": "2026-13"})
    assert response.status_code == 422 and "period" in response.json()["error"]["fields"]


def test_correction_is_audited_with_the_reason(director_api, company, place):
    reading = director_api.post("/readings", {"meter_id": place.cold.pk, "value": "20"}).json()
    response = director_api.post(f"/readings/{reading['id']}/correct", {"value": "21", "reason": "Misread"})
    assert response.status_code == 200
    assert (response.json()["value"], response.json()["corrected_at"] is not None) == ("21", True)
    with in_schema(company.schema_name):
        entry = AuditEntry.objects.get(action="reading.correct")
    assert entry.changes == {"value": {"from": "20", "to": "21"}, "reason": "Misread"}


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
        {"type_id": "This meter type belongs to another condo."},
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
        reading_submit(meter=place.power, zone="day", value="10", source="bot_text", entered_by_id=None)
        spare = meter_create(unit=place.units[1], meter_type=place.cold.meter_type)
    rows = director_api.get("/reading-anomalies", condo=place.condo.pk).json()
    assert [(row["kind"], row["meter_id"]) for row in rows] == [
        ("forced", place.cold.pk),
        ("jump", place.cold.pk),
        ("missing", spare.pk),
    ]
    assert (rows[1]["previous_value"], rows[1]["reading"]["value"]) == ("100", "500")


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
