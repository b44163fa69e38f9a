"""Company API of tickets: the queue and its filters, a ticket's page, creation, assignment,
status changes and comments by role, categories, isolation between companies, query counts."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.audit.models import AuditEntry
from tenant_apps.residents.models import StaffProfile
from tenant_apps.tickets.models import Ticket, TicketCategory, TicketComment, TicketStatus
from tenants.schemas import in_schema
from tests.tickets.conftest import new_ticket
from tests.tickets.test_attachments import PDF, photo


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def queue(company, place, crew):
    """Green Hills: a plumbing ticket (Pavel), an emergency electrical one (Elena), a cleaning one
    waiting (NEW, two days old). Lake View: a plumbing ticket (Lina)."""
    tap = new_ticket(company, crew.users.anna, place.u12)
    sparks = new_ticket(
        company, crew.users.anna, place.u12, category="electrical", emergency=True, emergency_reason="sparks"
    )
    stairs = new_ticket(company, crew.users.anna, place.u12, category="cleaning", description="Dirty stairs")
    lake = new_ticket(company, crew.users.boris, place.u1)
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=stairs.pk).update(created_at=timezone.now() - timedelta(hours=48))
    return type("Queue", (), {"tap": tap, "sparks": sparks, "stairs": stairs, "lake": lake})


def test_director_filters_the_queue(company, place, crew, boss, queue):
    # emergencies first, then the oldest (stairs waits for two days)
    everything = [queue.sparks.pk, queue.stairs.pk, queue.tap.pk, queue.lake.pk]
    assert ids(boss.get("/tickets")) == everything
    assert ids(boss.get("/tickets", status="new")) == [queue.stairs.pk]
    assert ids(boss.get("/tickets", category="electrical")) == [queue.sparks.pk]
    assert ids(boss.get("/tickets", condo=place.lake.pk)) == [queue.lake.pk]
    assert ids(boss.get("/tickets", assignee=crew.pavel.pk)) == [queue.tap.pk]
    assert ids(boss.get("/tickets", emergency="true")) == [queue.sparks.pk]
    assert ids(boss.get("/tickets", older_than_hours=24)) == [queue.stairs.pk]
    assert ids(boss.get("/tickets", unit=place.u1.pk)) == [queue.lake.pk]
    first = boss.get("/tickets", limit=3).json()
    assert [item["id"] for item in first["items"]] == everything[:3]
    assert ids(boss.get("/tickets", limit=3, cursor=first["next_cursor"])) == everything[3:]
    assert boss.get("/tickets", status="done").status_code == 422
    item = boss.get("/tickets", emergency="true").json()["items"][0]
    assert item == item | {
        "id": queue.sparks.pk,
        "condo_id": place.hills.pk,
        "condo_name": "Green Hills",
        "unit_id": place.u12.pk,
        "unit_number": "12",
        "building_name": "A",
        "category": "electrical",
        "category_name": "Electrical",
        "status": "assigned",
        "emergency": True,
        "emergency_reason": "sparks",
        "entry_allowed": None,
        "author_id": crew.users.anna.pk,
        "author_name": "Anna",
        "author_kind": "resident",
        "assignee_id": crew.elena.pk,
        "assignee_name": "Elena",
        "source": "bot",
        "rating": None,
    }


def test_each_role_sees_its_part_of_the_queue(company, place, crew, queue, sign_in, as_role):
    # condo admin: their condo
    ivan = sign_in(crew.users.ivan, company)
    assert ids(ivan.get("/tickets")) == [queue.sparks.pk, queue.stairs.pk, queue.tap.pk]
    assert ivan.get(f"/tickets/{queue.lake.pk}").status_code == 403
    # staff: what is assigned to them
    pavel = sign_in(crew.users.pavel, company)
    assert ids(pavel.get("/tickets")) == [queue.tap.pk]
    assert pavel.get(f"/tickets/{queue.sparks.pk}").status_code == 403
    # accountant: everything, read only
    accountant = as_role("accountant")
    assert len(ids(accountant.get("/tickets"))) == 4
    assert accountant.get(f"/tickets/{queue.lake.pk}").status_code == 200
    assert accountant.post(f"/tickets/{queue.tap.pk}/status", {"status": "in_progress"}).status_code == 403
    assert (
        accountant.post(
            "/tickets", {"unit_id": place.u12.pk, "category": "other", "description": "x"}
        ).status_code
        == 403
    )
    # residents: not this API
    anna = sign_in(crew.users.anna, company)
    assert anna.get("/tickets").status_code == 403
    assert anna.get(f"/tickets/{queue.tap.pk}").status_code == 403
    assert anna.post(f"/tickets/{queue.tap.pk}/comments", {"text": "hi"}).status_code == 403


def test_the_queue_pages_emergencies_first_then_the_oldest(company, place, crew, boss):
    # given two emergencies and three ordinary tickets, created in a mixed order and age
    tickets = {
        name: new_ticket(company, crew.users.anna, place.u12, emergency=emergency)
        for name, emergency in (("a", False), ("b", True), ("c", False), ("d", False), ("e", True))
    }
    ages = {"a": 5, "b": 1, "c": 30, "d": 5, "e": 2}  # hours; a and d were reported at the same moment
    moment = timezone.now()
    with in_schema(company.schema_name):
        for name, hours in ages.items():
            Ticket.objects.filter(pk=tickets[name].pk).update(created_at=moment - timedelta(hours=hours))
    expected = [tickets[name].pk for name in ("e", "b", "c", "a", "d")]
    # when the queue is read whole and one ticket per page
    whole = ids(boss.get("/tickets"))
    paged, cursor = [], None
    for _ in range(6):
        query = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        body = boss.get("/tickets", **query).json()
        paged += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    # then both follow the queue order, every ticket once
    assert whole == expected
    assert paged == expected
    assert boss.get("/tickets", cursor="bm90LWEtY3Vyc29y").status_code == 422


def test_staff_see_the_tickets_they_wrote_but_not_the_rest_of_their_condo(
    company, place, crew, queue, sign_in
):
    # given Petar reports a common-area incident (nobody does cleaning: it stays NEW)
    petar = sign_in(crew.users.petar, company)
    reported = petar.post(
        "/tickets", {"condo_id": place.hills.pk, "category": "cleaning", "description": "Mud in the lift"}
    )
    assert reported.status_code == 201, reported.content
    number = reported.json()["id"]
    # when / then: Petar reads his own ticket, not the residents' tickets of his condo
    assert ids(petar.get("/tickets")) == [number]
    assert petar.get(f"/tickets/{number}").status_code == 200
    assert petar.get(f"/tickets/{queue.tap.pk}").status_code == 403
    # and Pavel, of the same condo, does not see Petar's
    assert sign_in(crew.users.pavel, company).get(f"/tickets/{number}").status_code == 403


def test_staff_work_their_ticket_through_the_api(company, place, crew, queue, sign_in):
    pavel = sign_in(crew.users.pavel, company)
    # when
    taken = pavel.post(f"/tickets/{queue.tap.pk}/status", {"status": "in_progress"})
    illegal = pavel.post(f"/tickets/{queue.tap.pk}/status", {"status": "closed"})
    reassign = pavel.post(f"/tickets/{queue.tap.pk}/assign", {"staff_id": crew.petar.pk})
    foreign = pavel.post(f"/tickets/{queue.sparks.pk}/status", {"status": "in_progress"})
    comment = pavel.post(f"/tickets/{queue.tap.pk}/comments", {"text": "Washer replaced", "internal": True})
    resolved = pavel.post(f"/tickets/{queue.tap.pk}/status", {"status": "resolved"})
    # then
    assert (taken.status_code, taken.json()["status"]) == (200, "in_progress")
    assert illegal.status_code == 409
    assert illegal.json()["error"] == {
        "code": "illegal_transition",
        "message": f"Cannot move ticket {queue.tap.pk} from in_progress to closed",
    }
    assert reassign.status_code == 403
    assert foreign.status_code == 403
    assert comment.status_code == 201, comment.content
    assert (comment.json()["text"], comment.json()["internal"]) == ("Washer replaced", True)
    assert resolved.json()["status"] == "resolved"


def test_condo_admin_assigns_reassigns_and_cancels(company, place, crew, queue, sign_in):
    ivan = sign_in(crew.users.ivan, company)
    assigned = ivan.post(f"/tickets/{queue.stairs.pk}/assign", {"staff_id": crew.petar.pk})
    elsewhere = ivan.post(f"/tickets/{queue.stairs.pk}/assign", {"staff_id": crew.lina.pk})
    cancelled = ivan.post(f"/tickets/{queue.stairs.pk}/unassign")
    assert (assigned.status_code, assigned.json()["assignee_id"]) == (200, crew.petar.pk)
    assert (elsewhere.status_code, elsewhere.json()["error"]["fields"]) == (
        400,
        {"staff_id": [f"Staff member {crew.lina.pk} does not work in this condo"]},
    )
    assert (cancelled.json()["status"], cancelled.json()["assignee_id"]) == ("new", None)
    assert ivan.post(f"/tickets/{queue.lake.pk}/unassign").status_code == 403


def test_ticket_page_shows_comments_attachments_and_history(
    company, place, crew, queue, boss, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # given a multipart comment with a photo and a PDF, and a JSON one
    upload = boss.upload(
        f"/tickets/{queue.tap.pk}/comments",
        {"text": "Photos of the tap", "files": [_file("tap.jpg", photo(30, 20)), _file("act.pdf", PDF)]},
    )
    plain = boss.post(f"/tickets/{queue.tap.pk}/comments", {"text": "Residents asked to wait"})
    refused = boss.upload(
        f"/tickets/{queue.tap.pk}/comments", {"text": "x", "files": [_file("a.jpg", b"MZ...")]}
    )
    # when
    page = boss.get(f"/tickets/{queue.tap.pk}")
    # then
    assert (upload.status_code, plain.status_code) == (201, 201), upload.content
    assert (refused.status_code, list(refused.json()["error"]["fields"])) == (400, ["file"])
    body = page.json()
    assert [(c["text"], len(c["attachment_ids"])) for c in body["comments"]] == [
        ("Photos of the tap", 2),
        ("Residents asked to wait", 0),
    ]
    assert [(a["file_name"], a["content_type"]) for a in body["attachments"]] == [
        ("tap.jpg", "image/jpeg"),
        ("act.pdf", "application/pdf"),
    ]
    assert (
        body["attachments"][1]["url"]
        == f"/api/v1/tickets/{queue.tap.pk}/attachments/{body['attachments'][1]['id']}"
    )
    assert [(e["kind"], e["to_status"]) for e in body["events"]] == [
        ("created", "new"),
        ("assigned", "assigned"),
    ]
    with in_schema(company.schema_name):
        assert TicketComment.objects.filter(ticket_id=queue.tap.pk).count() == 2


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_staff_and_admins_open_tickets(company, place, crew, boss, sign_in):
    # when the director opens one for a unit and Elena reports a common-area incident
    for_unit = boss.post(
        "/tickets",
        {
            "unit_id": place.u14.pk,
            "category": "plumbing",
            "description": "Leak from above",
            "entry_allowed": True,
        },
    )
    elena = sign_in(crew.users.elena, company)
    incident = elena.post(
        "/tickets", {"condo_id": place.hills.pk, "category": "security", "description": "Gate broken"}
    )
    lina = sign_in(crew.users.lina, company)
    not_her_condo = lina.post(
        "/tickets", {"condo_id": place.hills.pk, "category": "other", "description": "x"}
    )
    nowhere = boss.post("/tickets", {"category": "other", "description": "x"})
    unknown = boss.post("/tickets", {"condo_id": place.hills.pk, "category": "gardening", "description": "x"})
    # then
    assert for_unit.status_code == 201, for_unit.content
    assert (for_unit.json()["assignee_id"], for_unit.json()["entry_allowed"], for_unit.json()["source"]) == (
        crew.pavel.pk,
        True,
        "api",
    )
    assert (incident.status_code, incident.json()["unit_id"], incident.json()["status"]) == (201, None, "new")
    assert not_her_condo.status_code == 403
    assert (nowhere.status_code, list(nowhere.json()["error"]["fields"])) == (400, ["condo_id"])
    assert (unknown.status_code, list(unknown.json()["error"]["fields"])) == (400, ["category"])
    with in_schema(company.schema_name):
        assert Ticket.objects.count() == 2
        assert AuditEntry.objects.filter(action="ticket.create").count() == 2


def test_categories_are_the_directors_to_switch(company, crew, boss, sign_in):
    listed = boss.get("/ticket-categories")
    with in_schema(company.schema_name):
        other = TicketCategory.objects.get(code="other")
    ivan = sign_in(crew.users.ivan, company)
    assert [c["code"] for c in listed.json()][:2] == ["plumbing", "electrical"]
    assert ivan.get("/ticket-categories").status_code == 200
    assert ivan.patch(f"/ticket-categories/{other.pk}", {"auto_assign": False}).status_code == 403
    changed = boss.patch(
        f"/ticket-categories/{other.pk}", {"specialization_codes": ["handyman"], "auto_assign": True}
    )
    assert (changed.status_code, changed.json()["specialization_codes"], changed.json()["auto_assign"]) == (
        200,
        ["handyman"],
        True,
    )
    assert boss.patch(f"/ticket-categories/{other.pk}", {"specialization_codes": []}).status_code == 400


def test_companies_are_isolated(company, other_company, place, crew, queue, sign_in, make_user, client_for):
    from shared_apps.accounts.models import CompanyRole

    # a director of the other company asks for this company's ticket on their own host
    stranger = make_user("boss@other.test", memberships=[(other_company, CompanyRole.DIRECTOR, None)])
    theirs = sign_in(stranger, other_company)
    assert theirs.get(f"/tickets/{queue.tap.pk}").status_code == 404
    assert ids(theirs.get("/tickets")) == []
    assert theirs.post(f"/tickets/{queue.tap.pk}/status", {"status": "in_progress"}).status_code == 404
    # and with their token on this company's host
    from tests.tickets.conftest import Api

    crossing = Api(client_for(company), theirs.headers["HTTP_AUTHORIZATION"].split()[1])
    assert crossing.get("/tickets").status_code == 403
    with in_schema(company.schema_name):
        assert Ticket.objects.get(pk=queue.tap.pk).status == TicketStatus.ASSIGNED


def _queries(api, path, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, **query)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="the counts assume the Redis-cached user payload")
def test_queue_costs_the_same_queries_whatever_the_page_size(company, place, crew, boss, sign_in):
    for n in range(8):
        new_ticket(company, crew.users.anna, place.u12, category=("plumbing", "electrical", "other")[n % 3])
    boss.get("/ticket-categories")  # warm the cached user payload
    assert _queries(boss, "/tickets", limit=1) == _queries(boss, "/tickets", limit=8)
    ivan = sign_in(crew.users.ivan, company)
    ivan.get("/ticket-categories")
    assert _queries(ivan, "/tickets", limit=1) == _queries(ivan, "/tickets", limit=8)


def test_staff_on_call_is_set_by_managers(company, place, crew, boss, sign_in):
    response = boss.post(f"/staff/{crew.pavel.pk}/on-call", {"on_call": True})
    assert (response.status_code, response.json()["on_call"]) == (200, True)
    assert (
        sign_in(crew.users.pavel, company)
        .post(f"/staff/{crew.pavel.pk}/on-call", {"on_call": False})
        .status_code
        == 403
    )
    with in_schema(company.schema_name):
        assert StaffProfile.objects.get(pk=crew.pavel.pk).on_call is True
        assert AuditEntry.objects.filter(action="staff.on_call").count() == 1
