"""The ticket queue in the company panel: read-only, filtered, scoped by condo role."""

from shared_apps.accounts.models import CompanyRole
from tests.helpers import PASSWORD
from tests.tickets.conftest import new_ticket


def panel_of(client_for, company, email):
    panel = client_for(company)
    signed_in = panel.post("/admin/login/?next=/admin/", {"username": email, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.content
    return panel


def test_director_browses_the_queue_read_only(company, place, crew, client_for, director):
    # given
    tap = new_ticket(company, crew.users.anna, place.u12)
    sparks = new_ticket(company, crew.users.anna, place.u12, category="electrical", emergency=True)
    lake = new_ticket(company, crew.users.boris, place.u1)
    panel = panel_of(client_for, company, director.email)
    # when
    queue = panel.get("/admin/tickets/ticket/")
    emergencies = panel.get("/admin/tickets/ticket/?emergency__exact=1")
    page = panel.get(f"/admin/tickets/ticket/{tap.pk}/change/")
    # then
    assert [t.pk for t in queue.context["cl"].result_list] == [lake.pk, sparks.pk, tap.pk]
    assert [t.pk for t in emergencies.context["cl"].result_list] == [sparks.pk]
    assert page.status_code == 200
    assert "The kitchen tap drips" in page.content.decode()
    assert panel.get("/admin/tickets/ticket/add/").status_code == 403
    assert panel.get("/admin/tickets/ticketcategory/").status_code == 200


def test_condo_admin_sees_only_their_condo(company, place, crew, client_for, make_user):
    tap = new_ticket(company, crew.users.anna, place.u12)
    new_ticket(company, crew.users.boris, place.u1)
    make_user("hills@company.test", memberships=[(company, CompanyRole.CONDO_ADMIN, place.hills.pk)])
    panel = panel_of(client_for, company, "hills@company.test")
    assert [t.pk for t in panel.get("/admin/tickets/ticket/").context["cl"].result_list] == [tap.pk]
