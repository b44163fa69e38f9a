"""Meters in the company panel: read-only lists scoped by condo role."""

from shared_apps.accounts.models import CompanyRole
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


def test_panel_lists_meters_and_readings_read_only_and_scoped(company, client_for, make_user, place):
    with in_schema(company.schema_name):
        reading_submit(meter=place.cold, zone="", value="12.5", source="bot_text", entered_by_id=None)
    director = panel_of(client_for, company, make_user, "d@company.test", CompanyRole.DIRECTOR)
    for model in ("metertype", "meter", "reading"):
        assert director.get(f"/admin/meters/{model}/").status_code == 200, model
    assert "CW-1" in director.get("/admin/meters/meter/").content.decode()
    assert director.get("/admin/meters/reading/add/").status_code == 403
    outsider = panel_of(
        client_for, company, make_user, "a@company.test", CompanyRole.CONDO_ADMIN, place.condo.pk + 1000
    )
    page = outsider.get("/admin/meters/meter/").content.decode()
    assert "CW-1" not in page
    assert "Cold water" in outsider.get("/admin/meters/metertype/").content.decode()  # company-wide types
