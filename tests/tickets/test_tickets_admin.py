"""The ticket queue in the company panel: filters (status, emergency, category, condo, assignee,
age), the queue order, the ticket page's work area (assign/reassign, cancel, status, comment —
each through the services) and the statistics page, scoped by condo role."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from shared_apps.accounts.models import CompanyRole
from shared_apps.audit.models import AuditEntry
from tenant_apps.condos.services import condo_create
from tenant_apps.tickets.models import Ticket, TicketComment, TicketEvent, TicketStatus
from tenant_apps.tickets.services import ticket_attachment_add, ticket_create
from tenants.schemas import in_schema
from tests.helpers import PASSWORD
from tests.tickets.conftest import new_ticket

QUEUE = "/admin/tickets/ticket/"


def panel_of(client_for, company, email):
    panel = client_for(company)
    signed_in = panel.post("/admin/login/?next=/admin/", {"username": email, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.content
    return panel


def listed(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [ticket.pk for ticket in response.context["cl"].result_list]


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def stored(company, ticket) -> Ticket:
    with in_schema(company.schema_name):
        return Ticket.objects.get(pk=ticket.pk)


@pytest.fixture
def tickets(company, place, crew):
    """Green Hills: a plumbing ticket (Pavel), an emergency electrical one (Elena), a cleaning one
    nobody does (NEW). Lake View: a plumbing ticket (Lina), four days old."""
    tap = new_ticket(company, crew.users.anna, place.u12)
    sparks = new_ticket(company, crew.users.anna, place.u12, category="electrical", emergency=True)
    stairs = new_ticket(company, crew.users.anna, place.u12, category="cleaning", description="Dirty stairs")
    lake = new_ticket(company, crew.users.boris, place.u1)
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=lake.pk).update(created_at=timezone.now() - timedelta(days=4))
    return type("Tickets", (), {"tap": tap, "sparks": sparks, "stairs": stairs, "lake": lake})


def test_director_browses_and_filters_the_queue(company, place, crew, tickets, client_for, director):
    panel = panel_of(client_for, company, director.email)
    # the queue: emergencies first, then the oldest
    assert listed(panel.get(QUEUE)) == [tickets.sparks.pk, tickets.lake.pk, tickets.tap.pk, tickets.stairs.pk]
    assert listed(panel.get(QUEUE, {"emergency__exact": "1"})) == [tickets.sparks.pk]
    assert listed(panel.get(QUEUE, {"status__exact": "new"})) == [tickets.stairs.pk]
    assert listed(panel.get(QUEUE, {"condo__id__exact": place.lake.pk})) == [tickets.lake.pk]
    assert listed(panel.get(QUEUE, {"assignee": crew.pavel.pk})) == [tickets.tap.pk]
    assert listed(panel.get(QUEUE, {"assignee": "none"})) == [tickets.stairs.pk]
    assert listed(panel.get(QUEUE, {"older_than_hours": "72"})) == [tickets.lake.pk]
    assert listed(panel.get(QUEUE, {"older_than_hours": "168"})) == []
    # the filters offer the assignees by name
    page = panel.get(QUEUE).content.decode()
    for choice in (
        "?assignee=none",
        f"?assignee={crew.pavel.pk}",
        "Pavel",
        "over 3 days",
        "Ticket statistics",
    ):
        assert choice in page, choice
    view = panel.get(f"{QUEUE}{tickets.tap.pk}/change/")
    assert view.status_code == 200
    assert "The kitchen tap drips" in view.content.decode()
    assert panel.get(f"{QUEUE}add/").status_code == 403
    assert panel.get("/admin/tickets/ticketcategory/").status_code == 200


def test_condo_admin_sees_only_their_condo(company, place, crew, tickets, client_for):
    panel = panel_of(client_for, company, crew.users.ivan.email)
    assert listed(panel.get(QUEUE)) == [tickets.sparks.pk, tickets.tap.pk, tickets.stairs.pk]
    assert listed(panel.get(QUEUE, {"assignee": crew.lina.pk})) == []


def test_the_ticket_page_offers_matching_staff_first_and_only_legal_moves(
    company, place, crew, tickets, client_for, director
):
    panel = panel_of(client_for, company, director.email)
    # when
    assigned = panel.get(f"{QUEUE}{tickets.tap.pk}/change/")
    waiting = panel.get(f"{QUEUE}{tickets.stairs.pk}/change/")
    # then: plumbers of Green Hills first for a plumbing ticket; Lake View's Lina never
    assert assigned.context["ticket_work"] == {
        "staff": [
            (crew.pavel.pk, "Pavel (plumber) ★ matches"),
            (crew.petar.pk, "Petar (plumber) ★ matches"),
            (crew.elena.pk, "Elena (electrician)"),
        ],
        "can_unassign": True,
        "next_statuses": [("in_progress", "In progress")],
    }
    assert (
        waiting.context["ticket_work"]["can_unassign"],
        waiting.context["ticket_work"]["next_statuses"],
    ) == (
        False,
        [],
    )
    page = assigned.content.decode()
    assert f'action="{QUEUE}{tickets.tap.pk}/assign/"' in page
    assert f'action="{QUEUE}{tickets.tap.pk}/comment/"' in page


def test_director_works_a_ticket_through_the_services(company, place, crew, tickets, client_for, director):
    panel = panel_of(client_for, company, director.email)
    url = f"{QUEUE}{tickets.tap.pk}"
    # when the director starts it, gives it to Petar (Pavel is ill), tries to close it, comments, cancels
    started = panel.post(f"{url}/status/", {"status": "in_progress"})
    started_said = said(panel.get(f"{url}/change/"))
    reassigned = panel.post(f"{url}/assign/", {"staff_id": crew.petar.pk}, follow=True)
    illegal = panel.post(f"{url}/status/", {"status": "closed"}, follow=True)
    outside = panel.post(f"{url}/assign/", {"staff_id": crew.lina.pk}, follow=True)
    noted = panel.post(f"{url}/comment/", {"text": "Petar has the key", "internal": "on"}, follow=True)
    empty = panel.post(f"{url}/comment/", {"text": "  "}, follow=True)
    cancelled = panel.post(f"{url}/unassign/", follow=True)
    # then each step went through the services and said so
    assert (started.status_code, started["Location"]) == (302, f"{url}/change/")
    assert started_said == [f"Ticket {tickets.tap.pk}: status changed."]
    assert said(reassigned) == [f"Ticket {tickets.tap.pk} assigned."]
    assert said(illegal) == [f"Cannot move ticket {tickets.tap.pk} from assigned to closed"]
    assert said(outside) == [
        f"Staff member {crew.lina.pk} does not work in this condo "
        f"(staff_id: Staff member {crew.lina.pk} does not work in this condo)"
    ]
    assert said(noted) == [f"Comment added to ticket {tickets.tap.pk}."]
    assert said(empty) == ["Write a comment or attach a file (text: Write a comment or attach a file)"]
    assert said(cancelled) == [f"Ticket {tickets.tap.pk} is back in the queue."]
    ticket = stored(company, tickets.tap)
    assert (ticket.status, ticket.assignee_id) == (TicketStatus.NEW, None)
    with in_schema(company.schema_name):
        events = list(
            TicketEvent.objects.filter(ticket=ticket).values_list(
                "kind", "from_status", "to_status", "actor_id"
            )
        )
        comment = TicketComment.objects.get(ticket=ticket)
        audited = list(
            AuditEntry.objects.filter(target_id=str(ticket.pk), actor_id=director.pk)
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert events[2:] == [
        ("status", "assigned", "in_progress", director.pk),
        ("assigned", "in_progress", "assigned", director.pk),
        ("unassigned", "assigned", "new", director.pk),
    ]
    assert (comment.text, comment.internal, comment.author_id) == ("Petar has the key", True, director.pk)
    assert audited == ["ticket.status", "ticket.assigned", "ticket.comment", "ticket.unassigned"]


def test_condo_admin_works_only_their_condos_tickets(
    company, other_company, place, crew, tickets, client_for, make_user
):
    # given a ticket of another company
    boss = make_user("boss@other.test", memberships=[(other_company, CompanyRole.DIRECTOR, None)])
    with in_schema(other_company.schema_name):
        foreign = ticket_create(
            condo_id=condo_create(name="Sea Side").pk,
            unit_id=None,
            author_id=boss.pk,
            author_kind="staff",
            category_code="other",
            description="Gate",
        )
    with in_schema(company.schema_name):
        assert not Ticket.objects.filter(pk=foreign.pk).exists()
    panel = panel_of(client_for, company, crew.users.ivan.email)
    # when Ivan (Green Hills) works his ticket, Lake View's, and the other company's number
    mine = panel.post(f"{QUEUE}{tickets.stairs.pk}/assign/", {"staff_id": crew.petar.pk})
    lake = panel.post(f"{QUEUE}{tickets.lake.pk}/unassign/")
    elsewhere = [
        panel.post(f"{QUEUE}{foreign.pk}/{action}/", {"status": "new", "staff_id": 1, "text": "x"})
        for action in ("assign", "unassign", "status", "comment")
    ]
    # then
    assert mine.status_code == 302
    assert (stored(company, tickets.stairs).status, stored(company, tickets.stairs).assignee_id) == (
        TicketStatus.ASSIGNED,
        crew.petar.pk,
    )
    assert lake.status_code == 404
    assert stored(company, tickets.lake).assignee_id == crew.lina.pk
    assert [response.status_code for response in elsewhere] == [404, 404, 404, 404]
    with in_schema(other_company.schema_name):
        assert Ticket.objects.get(pk=foreign.pk).status == TicketStatus.NEW
        assert not TicketComment.objects.exists()
    assert panel.get(f"{QUEUE}{tickets.stairs.pk}/assign/").status_code == 405


def test_the_accountant_reads_but_does_not_work_tickets(company, crew, tickets, client_for, make_user):
    make_user("acc@company.test", memberships=[(company, CompanyRole.ACCOUNTANT, None)])
    panel = panel_of(client_for, company, "acc@company.test")
    page = panel.get(f"{QUEUE}{tickets.tap.pk}/change/")
    assert page.status_code == 200
    assert "ticket_work" not in page.context
    assert panel.post(f"{QUEUE}{tickets.tap.pk}/status/", {"status": "in_progress"}).status_code == 403
    assert stored(company, tickets.tap).status == TicketStatus.ASSIGNED


def _rate(company, ticket, rating: int, hours: int) -> None:
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(
            status=TicketStatus.RESOLVED, rating=rating, resolved_at=F("created_at") + timedelta(hours=hours)
        )


def test_statistics_page_per_staff_member_and_category_scoped_by_role(
    company, place, crew, tickets, client_for, director
):
    # given Pavel rated 5 (2 h), Elena 3 (6 h), Lina in Lake View 1 (12 h)
    _rate(company, tickets.tap, 5, 2)
    _rate(company, tickets.sparks, 3, 6)
    _rate(company, tickets.lake, 1, 12)
    # when the director and Green Hills' admin open the statistics
    everything = panel_of(client_for, company, director.email).get(f"{QUEUE}stats/")
    hills = panel_of(client_for, company, crew.users.ivan.email).get(f"{QUEUE}stats/")
    # then
    assert everything.status_code == 200
    assert everything.context["ratings_by_staff"] == [
        {"label": "Pavel", "count": 1, "value": Decimal("5.00"), "percent": 100},
        {"label": "Elena", "count": 1, "value": Decimal("3.00"), "percent": 60},
        {"label": "Lina", "count": 1, "value": Decimal("1.00"), "percent": 20},
    ]
    assert everything.context["ratings_by_category"] == [
        {"label": "Electrical", "count": 1, "value": Decimal("3.00"), "percent": 60},
        {"label": "Plumbing", "count": 2, "value": Decimal("3.00"), "percent": 60},
    ]
    assert everything.context["resolution_by_condo"] == [
        {"label": "Green Hills", "count": 2, "value": Decimal("4.00"), "percent": 33},
        {"label": "Lake View", "count": 1, "value": Decimal("12.00"), "percent": 100},
    ]
    page = everything.content.decode()
    assert "Ticket statistics" in page
    assert '<span style="width: 100%"></span>' in page
    assert "<script" not in page.split('id="content-main"')[1]  # CSS bars, no script
    assert [row["label"] for row in hills.context["ratings_by_staff"]] == ["Pavel", "Elena"]
    assert hills.context["resolution_by_category"] == [
        {"label": "Electrical", "count": 1, "value": Decimal("6.00"), "percent": 100},
        {"label": "Plumbing", "count": 1, "value": Decimal("2.00"), "percent": 33},
    ]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_download_from_the_panel_within_the_persons_condos(
    company, place, crew, tickets, client_for, director, make_user, settings, tmp_path
):
    # given a PDF on a Green Hills ticket and an admin of Lake View
    settings.MEDIA_ROOT = tmp_path
    with in_schema(company.schema_name):
        pdf = ticket_attachment_add(
            ticket=tickets.tap, filename="act.pdf", content=PDF, uploaded_by_id=crew.users.anna.pk
        )
    make_user("lake@company.test", memberships=[(company, CompanyRole.CONDO_ADMIN, place.lake.pk)])
    url = f"{QUEUE}{tickets.tap.pk}/attachments/{pdf.pk}/"
    director_panel = panel_of(client_for, company, director.email)
    # when
    page = director_panel.get(f"{QUEUE}{tickets.tap.pk}/change/").content.decode()
    served = director_panel.get(url)
    lake = panel_of(client_for, company, "lake@company.test").get(url)
    # then: the ticket page links to the panel's own view, which serves the file to the director
    assert f'<a href="{url}">act.pdf</a>' in page
    assert (
        served.status_code,
        served["Content-Type"],
        served["Content-Disposition"],
        served["X-Content-Type-Options"],
        served["Cache-Control"],
        b"".join(served.streaming_content),
    ) == (
        200,
        "application/pdf",
        'attachment; filename="act.pdf"',
        "nosniff",
        "private, no-store, max-age=0, no-cache, must-revalidate",  # the panel adds never_cache's part
        PDF,
    )
    assert lake.status_code == 404
    assert director_panel.get(f"{QUEUE}{tickets.tap.pk}/attachments/{pdf.pk + 99}/").status_code == 404
    assert director_panel.get(f"{QUEUE}{tickets.lake.pk}/attachments/{pdf.pk}/").status_code == 404
