from shared_apps.accounts.models import CompanyRole
from tests.helpers import PASSWORD


def test_director_signs_in_to_the_company_panel_of_their_company_only(
    company, make_user, client_for, other_company
):
    # given
    make_user("dir@company.test", memberships=[(company, CompanyRole.DIRECTOR, None)])
    panel, elsewhere = client_for(company), client_for(other_company)
    # when
    signed_in = panel.post(
        "/admin/login/?next=/admin/", {"username": "dir@company.test", "password": PASSWORD}
    )
    refused = elsewhere.post("/admin/login/", {"username": "dir@company.test", "password": PASSWORD})
    # then
    assert signed_in.status_code == 302
    index = panel.get("/admin/")
    assert index.status_code == 200
    assert "Audit entries" in index.content.decode()
    assert refused.status_code == 200
    assert "Please enter the correct email" in refused.content.decode()


def test_residents_do_not_enter_the_company_panel(company, make_user, client_for):
    make_user("res@company.test", memberships=[(company, CompanyRole.RESIDENT, 1)])
    response = client_for(company).post(
        "/admin/login/", {"username": "res@company.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Please enter the correct email" in response.content.decode()


def test_condo_admin_enters_but_does_not_see_the_company_audit_log(company, make_user, client_for):
    make_user("ca@company.test", memberships=[(company, CompanyRole.CONDO_ADMIN, 1)])
    panel = client_for(company)
    panel.post("/admin/login/", {"username": "ca@company.test", "password": PASSWORD})
    assert panel.get("/admin/").status_code == 200
    assert panel.get("/admin/audit/auditentry/").status_code == 403
