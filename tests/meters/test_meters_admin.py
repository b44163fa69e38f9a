"""Meters in the company panel: lists scoped by condo role; readings entered and corrected
through the services (rules, forced flag, audit), never deleted; anomalies; the photo view."""

import contextlib
import io
from datetime import date
from decimal import Decimal

from django.utils import timezone
from PIL import Image

from config.api import ApiError
from shared_apps.accounts.models import CompanyRole
from shared_apps.audit.models import AuditEntry
from tenant_apps.meters.models import Reading
from tenant_apps.meters.services import reading_submit
from tenants.schemas import in_schema
from tests.helpers import PASSWORD


def panel_of(client_for, company, make_user, email, role, condo_id=None):
    make_user(email, memberships=[(company, role, condo_id)])
    panel = client_for(company)
    assert (
        panel.post("/admin/login/?next=/admin/", {"username": email, "password": PASSWORD}).status_code == 302
    )
    return panel


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def last_month() -> date:
    return (this_month() - timezone.timedelta(days=1)).replace(day=1)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return out.getvalue()


def test_panel_lists_are_scoped_and_types_and_meters_read_only(company, client_for, make_user, place):
    with in_schema(company.schema_name):
        reading_submit(meter=place.cold, zone="", value="12.5", source="bot_text", entered_by_id=None)
    director = panel_of(client_for, company, make_user, "d@company.test", CompanyRole.DIRECTOR)
    for model in ("metertype", "meter", "reading"):
        assert director.get(f"/admin/meters/{model}/").status_code == 200, model
    assert "CW-1" in director.get("/admin/meters/meter/").content.decode()
    assert director.get("/admin/meters/meter/add/").status_code == 403
    assert director.get("/admin/meters/metertype/add/").status_code == 403
    outsider = panel_of(
        client_for, company, make_user, "a@company.test", CompanyRole.CONDO_ADMIN, place.condo.pk + 1000
    )
    page = outsider.get("/admin/meters/meter/").content.decode()
    assert "CW-1" not in page
    assert "Cold water" in outsider.get("/admin/meters/metertype/").content.decode()  # company-wide types
    assert outsider.get("/admin/meters/reading/add/").status_code == 200  # but no meter to choose
    accountant = panel_of(client_for, company, make_user, "acc@company.test", CompanyRole.ACCOUNTANT)
    assert accountant.get("/admin/meters/reading/add/").status_code == 403


def test_director_enters_a_reading_through_the_rules(company, client_for, make_user, place):
    with in_schema(company.schema_name):
        reading_submit(
            meter=place.cold, zone="", value="20", period=last_month(), source="import", entered_by_id=None
        )
    panel = panel_of(client_for, company, make_user, "d@company.test", CompanyRole.DIRECTOR)
    form = {"meter": place.cold.pk, "zone": "", "value": "15", "period": ""}
    # a decrease is refused on the value field and nothing is saved
    refused = panel.post("/admin/meters/reading/add/", form)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "value": [f"Less than the previous reading 20 ({last_month():%Y-%m})."]
    }
    with in_schema(company.schema_name):
        assert Reading.objects.filter(period=this_month()).count() == 0
    # the same value again is taken as forced, as in the bot and the API, and audited
    assert panel.post("/admin/meters/reading/add/", form).status_code == 302
    with in_schema(company.schema_name):
        reading = Reading.objects.get(period=this_month())
        audited = AuditEntry.objects.filter(action="reading.forced", target_id=str(reading.pk)).count()
    assert (reading.value, reading.source, reading.forced, audited) == (Decimal("15"), "panel", True, 1)
    # a zone the meter lacks and a bad month are refused on their fields
    zone = panel.post("/admin/meters/reading/add/", {**form, "meter": place.power.pk, "value": "3"})
    assert zone.context["adminform"].form.errors == {"zone": ["This meter's zones: day or night."]}
    month = panel.post("/admin/meters/reading/add/", {**form, "period": "2026-13"})
    assert month.context["adminform"].form.errors == {"period": ["Enter the month as YYYY-MM."]}


def test_condo_admin_corrects_a_reading_with_a_reason_and_cannot_delete(
    company, client_for, make_user, place
):
    with in_schema(company.schema_name):
        reading = reading_submit(meter=place.cold, zone="", value="20", source="bot_text", entered_by_id=None)
    panel = panel_of(
        client_for, company, make_user, "a@company.test", CompanyRole.CONDO_ADMIN, place.condo.pk
    )
    url = f"/admin/meters/reading/{reading.pk}/change/"
    assert panel.get(url).status_code == 200
    # without a reason nothing changes
    missing = panel.post(url, {"value": "21", "reason": ""})
    assert missing.context["adminform"].form.errors == {"reason": ["This field is required."]}
    # with one, the value changes, the submitted value stays on the row and the audit log has it
    assert panel.post(url, {"value": "21", "reason": "Misread"}).status_code == 302
    with in_schema(company.schema_name):
        reading.refresh_from_db()
        entry = AuditEntry.objects.get(action="reading.correct")
    assert (reading.value, reading.corrected_from, reading.correction_reason) == (
        Decimal("21"),
        Decimal("20"),
        "Misread",
    )
    assert entry.changes == {"value": {"from": "20", "to": "21"}, "reason": "Misread"}
    assert panel.get(f"/admin/meters/reading/{reading.pk}/delete/").status_code == 403
    # another condo's admin does not reach it
    outsider = panel_of(
        client_for, company, make_user, "b@company.test", CompanyRole.CONDO_ADMIN, place.condo.pk + 1000
    )
    assert outsider.post(url, {"value": "1", "reason": "x"}).status_code == 302  # redirected: no such row
    with in_schema(company.schema_name):
        assert Reading.objects.get(pk=reading.pk).value == Decimal("21")


def test_anomaly_filter_and_the_authorised_photo(company, client_for, make_user, place):
    with in_schema(company.schema_name):
        reading_submit(
            meter=place.cold, zone="", value="100", period=last_month(), source="import", entered_by_id=None
        )
        with contextlib.suppress(ApiError):
            reading_submit(meter=place.cold, zone="", value="500", source="bot_text", entered_by_id=None)
        jump = reading_submit(meter=place.cold, zone="", value="500", source="bot_text", entered_by_id=None)
        photo = reading_submit(
            meter=place.power, zone="day", value="10", source="bot_photo", entered_by_id=None, photo=jpeg()
        )
    panel = panel_of(client_for, company, make_user, "d@company.test", CompanyRole.DIRECTOR)
    forced = panel.get("/admin/meters/reading/?anomaly=forced").context["cl"].result_list
    jumps = panel.get("/admin/meters/reading/?anomaly=jump").context["cl"].result_list
    assert ([r.pk for r in forced], [r.pk for r in jumps]) == ([jump.pk], [jump.pk])
    listing = panel.get("/admin/meters/reading/").content.decode()
    assert f'href="/admin/meters/reading/{photo.pk}/photo/"' in listing
    response = panel.get(f"/admin/meters/reading/{photo.pk}/photo/")
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200,
        "image/jpeg",
        "private, no-store, max-age=0, no-cache, must-revalidate",  # the panel adds never_cache
    )
    assert panel.get(f"/admin/meters/reading/{jump.pk}/photo/").status_code == 404
    outsider = panel_of(
        client_for, company, make_user, "b@company.test", CompanyRole.CONDO_ADMIN, place.condo.pk + 1000
    )
    assert outsider.get(f"/admin/meters/reading/{photo.pk}/photo/").status_code == 404
    anonymous = client_for(company)
    assert anonymous.get(f"/admin/meters/reading/{photo.pk}/photo/").status_code == 302  # to the login
