"""The property tree in the company panel: read-only lists scoped by condo role."""

import pytest

from shared_apps.accounts.models import CompanyRole
from tenant_apps.condos.models import Building, Condo, Entrance, Unit, UnitType
from tenants.company_admin import company_admin_site
from tests.helpers import PASSWORD
from tests.property.test_condos_api import grow

MODELS = (Condo, Building, Entrance, UnitType, Unit)


@pytest.fixture
def trees(company):
    return grow(company.schema_name, numbers=("11", "12")), grow(
        company.schema_name, name="Lake View", building="L", numbers=("L-7",)
    )


def panel_of(client_for, company, make_user, email, role, condo_id=None):
    make_user(email, memberships=[(company, role, condo_id)])
    panel = client_for(company)
    signed_in = panel.post("/admin/login/?next=/admin/", {"username": email, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.content
    return panel


def test_every_property_model_is_registered_on_the_company_panel():
    registered = company_admin_site._registry
    assert [registered[model].condo_path for model in MODELS] == [
        "id",
        "condo_id",
        "building__condo_id",
        "condo_id",
        "building__condo_id",
    ]


def test_director_browses_units_but_cannot_add_change_or_delete(company, client_for, make_user, trees):
    # given
    green, lake = trees
    panel = panel_of(client_for, company, make_user, "dir@company.test", CompanyRole.DIRECTOR)
    unit = green.units[0]
    # when
    index = panel.get("/admin/")
    units = panel.get("/admin/condos/unit/")
    searched = panel.get("/admin/condos/unit/?q=L-7")
    filtered = panel.get(f"/admin/condos/unit/?building__condo__id__exact={lake.condo.pk}")
    # then
    assert index.status_code == 200
    for label in ("Condos", "Buildings", "Entrances", "Unit types", "Units"):
        assert label in index.content.decode()
    assert units.status_code == 200
    assert [row.number for row in units.context["cl"].result_list] == ["11", "12", "L-7"]
    assert [row.number for row in searched.context["cl"].result_list] == ["L-7"]
    assert [row.number for row in filtered.context["cl"].result_list] == ["L-7"]
    for model in ("condo", "building", "entrance", "unittype"):
        assert panel.get(f"/admin/condos/{model}/").status_code == 200, model
    assert panel.get("/admin/condos/unit/add/").status_code == 403
    view = panel.get(f"/admin/condos/unit/{unit.pk}/change/")
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert panel.post(f"/admin/condos/unit/{unit.pk}/change/", {"number": "99"}).status_code == 403
    assert panel.get(f"/admin/condos/unit/{unit.pk}/delete/").status_code == 403


def test_condo_admin_sees_only_their_condo(company, client_for, make_user, trees):
    # given
    green, lake = trees
    panel = panel_of(
        client_for, company, make_user, "ca@company.test", CompanyRole.CONDO_ADMIN, lake.condo.pk
    )
    # when
    units = panel.get("/admin/condos/unit/")
    condos = panel.get("/admin/condos/condo/")
    foreign = panel.get(f"/admin/condos/unit/{green.units[0].pk}/change/")
    # then
    assert [row.number for row in units.context["cl"].result_list] == ["L-7"]
    assert [row.name for row in condos.context["cl"].result_list] == ["Lake View"]
    assert foreign.status_code == 302  # "doesn't exist" for rows outside their condo
    assert "Green Hills" not in panel.get("/admin/condos/building/").content.decode()


def test_accountant_reads_every_condo(company, client_for, make_user, trees):
    panel = panel_of(client_for, company, make_user, "acc@company.test", CompanyRole.ACCOUNTANT)
    units = panel.get("/admin/condos/unit/")
    assert [row.number for row in units.context["cl"].result_list] == ["11", "12", "L-7"]
    assert panel.get("/admin/condos/unit/add/").status_code == 403
