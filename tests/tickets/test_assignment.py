"""Auto-assignment on creation (least loaded, matching specialization, same condo, active, the
director's switch), manual reassignment and cancelling, ticket creation rules."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.models import AuditEntry
from tenant_apps.residents.services import staff_deactivate, staff_join
from tenant_apps.tickets.models import Ticket, TicketCategory, TicketEvent, TicketStatus
from tenant_apps.tickets.selectors import category_for_code, tickets_of_resident, tickets_of_staff
from tenant_apps.tickets.services import (
    ticket_assign,
    ticket_category_update,
    ticket_create,
    ticket_entry_permission_set,
    ticket_status_change,
    ticket_unassign,
    tickets_close_resolved,
)
from tenants.schemas import in_schema
from tests.tickets.conftest import new_ticket, rows_of


def test_seeded_categories_map_to_specializations(company):
    with in_schema(company.schema_name):
        seeded = list(TicketCategory.objects.values_list("code", "specialization_codes", "auto_assign"))
        assert category_for_code("gardening").code == "other"
        assert category_for_code("elevator").code == "elevator"
    assert seeded == [
        ("plumbing", ["plumber"], True),
        ("electrical", ["electrician"], True),
        ("heating", ["plumber"], True),
        ("cleaning", ["cleaner"], True),
        ("security", ["security"], True),
        ("elevator", ["electrician"], True),
        ("other", [], False),
    ]


def test_goes_to_the_least_loaded_matching_staff_member_ties_by_lowest_id(company, place, crew):
    # when three plumbing tickets arrive one after another
    first, second, third = (new_ticket(company, crew.users.anna, place.u12) for _ in range(3))
    # then Pavel and Petar (both free, Pavel's id lower) share them
    assert [t.assignee_id for t in (first, second, third)] == [crew.pavel.pk, crew.petar.pk, crew.pavel.pk]
    assert first.status == TicketStatus.ASSIGNED
    assert first.assigned_at is not None
    with in_schema(company.schema_name):
        event = TicketEvent.objects.get(ticket=first, kind="assigned")
        assert (event.actor_id, event.assignee_id, event.to_status) == (None, crew.pavel.pk, "assigned")


def test_finished_tickets_do_not_count_as_load(company, place, crew):
    # given Pavel has one resolved and Petar one in progress
    done = new_ticket(company, crew.users.anna, place.u12)
    busy = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=done.pk).update(status=TicketStatus.RESOLVED)
        Ticket.objects.filter(pk=busy.pk).update(status=TicketStatus.IN_PROGRESS)
    # when
    ticket = new_ticket(company, crew.users.anna, place.u12)
    # then
    assert ticket.assignee_id == crew.pavel.pk


def test_specialization_and_condo_must_match(company, place, crew):
    # when
    electrical = new_ticket(company, crew.users.anna, place.u12, category="electrical")
    lake = new_ticket(company, crew.users.boris, place.u1)  # Lina is Lake View's only plumber
    cleaning = new_ticket(company, crew.users.anna, place.u12, category="cleaning")  # no cleaner
    # then
    assert electrical.assignee_id == crew.elena.pk
    assert lake.assignee_id == crew.lina.pk
    assert (cleaning.status, cleaning.assignee_id) == (TicketStatus.NEW, None)


def test_inactive_staff_and_condo_admins_are_skipped(company, place, crew, make_user):
    # given Pavel left; a condo admin who is also a plumber
    admin = make_user("plumbing-admin@company.test")
    with in_schema(company.schema_name):
        staff_deactivate(profile=crew.pavel)
        staff_join(user=admin, condo=place.hills, role="condo_admin", specialization_codes=["plumber"])
    # when
    ticket = new_ticket(company, crew.users.anna, place.u12)
    # then
    assert ticket.assignee_id == crew.petar.pk


def test_director_switches_auto_assignment_off(company, place, crew, director):
    # given
    with in_schema(company.schema_name):
        plumbing = TicketCategory.objects.get(code="plumbing")
        ticket_category_update(category=plumbing, auto_assign=False, actor=director)
    # when
    ticket = new_ticket(company, crew.users.anna, place.u12)
    # then
    assert (ticket.status, ticket.assignee_id) == (TicketStatus.NEW, None)
    with in_schema(company.schema_name):
        entry = AuditEntry.objects.get(action="ticket_category.update")
    assert entry.changes == {"auto_assign": {"from": True, "to": False}}


def test_category_switches_are_checked(company, director):
    with in_schema(company.schema_name):
        other = TicketCategory.objects.get(code="other")
        with pytest.raises(ApiError) as no_specialization:
            ticket_category_update(category=other, auto_assign=True, actor=director)
        with pytest.raises(ApiError) as unknown:
            ticket_category_update(category=other, specialization_codes=["wizard"], actor=director)
        updated = ticket_category_update(
            category=other, specialization_codes=["handyman", "cleaner"], auto_assign=True, actor=director
        )
        assert (updated.specialization_codes, updated.auto_assign) == (["cleaner", "handyman"], True)
    assert (no_specialization.value.status, list(no_specialization.value.fields)) == (400, ["auto_assign"])
    assert (unknown.value.status, list(unknown.value.fields)) == (400, ["specialization_codes"])


def test_reassign_and_cancel(company, place, crew, director, chats, clock):
    # given Anna's ticket went to Pavel
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        # when the condo admin gives it to Petar, then the director cancels
        reassigned = ticket_assign(
            ticket=ticket, staff_id=crew.petar.pk, actor_id=crew.users.ivan.pk
        ).assignee_id
        again = ticket_assign(ticket=ticket, staff_id=crew.petar.pk, actor_id=crew.users.ivan.pk).assignee_id
        cancelled = ticket_unassign(ticket=ticket, actor_id=director.pk)
        after_cancel = (cancelled.status, cancelled.assignee_id, cancelled.assigned_at)
        # then
        events = list(
            TicketEvent.objects.filter(ticket=ticket).values_list(
                "kind", "from_status", "to_status", "assignee_id"
            )
        )
        assert tickets_of_staff(user_id=crew.users.petar.pk).count() == 0
        # and a manual assignment may go against the specialization, never outside the condo
        manual = ticket_assign(ticket=ticket, staff_id=crew.elena.pk, actor_id=director.pk)
        with pytest.raises(ApiError) as elsewhere:
            ticket_assign(ticket=ticket, staff_id=crew.lina.pk, actor_id=director.pk)
    assert (reassigned, again) == (crew.petar.pk, crew.petar.pk)
    assert after_cancel == (TicketStatus.NEW, None, None)
    assert events == [
        ("created", "", "new", None),
        ("assigned", "new", "assigned", crew.pavel.pk),
        ("assigned", "assigned", "assigned", crew.petar.pk),
        ("unassigned", "assigned", "new", None),
    ]
    assert manual.assignee_id == crew.elena.pk
    assert (elsewhere.value.status, list(elsewhere.value.fields)) == (400, ["staff_id"])
    # and the people concerned were told: Pavel lost it, Petar got it then lost it, Anna followed
    number = ticket.pk
    taken_away = f"Task #{number} (plumbing) has been taken off your list."
    assert [row.payload["text"] for row in rows_of(chats["pavel"])][1:] == [taken_away]
    petar = [row.payload["text"] for row in rows_of(chats["petar"])]
    assert (len(petar), petar[0].startswith("A new task for you."), petar[1]) == (2, True, taken_away)
    assert [row.payload["text"] for row in rows_of(chats["anna"])] == [
        f"Your ticket #{number} (plumbing) is assigned to Pavel.",
        f"Your ticket #{number} (plumbing) is assigned to Petar.",
        f"Your ticket #{number} (plumbing) is waiting for a new assignee.",
        f"Your ticket #{number} (plumbing) is assigned to Elena.",
    ]


def test_emergency_and_entry_permission_are_stored(company, place, crew):
    # when
    ticket = new_ticket(
        company,
        crew.users.anna,
        place.u12,
        emergency=True,
        emergency_reason="leak",
        description="Water everywhere",
    )
    with in_schema(company.schema_name):
        ticket_entry_permission_set(ticket=ticket, allowed=True, actor_id=crew.users.anna.pk)
        with pytest.raises(ApiError) as stranger:
            ticket_entry_permission_set(ticket=ticket, allowed=False, actor_id=crew.users.boris.pk)
        stored = Ticket.objects.get(pk=ticket.pk)
    # then
    assert (stored.emergency, stored.emergency_reason, stored.entry_allowed) == (True, "leak", True)
    assert stranger.value.status == 403


def test_create_checks_its_input(company, place, crew):
    def create(**fields):
        values = {
            "condo_id": place.hills.pk,
            "unit_id": place.u12.pk,
            "author_id": crew.users.anna.pk,
            "author_kind": "resident",
            "category_code": "plumbing",
            "description": "Drip",
        } | fields
        with in_schema(company.schema_name), pytest.raises(ApiError) as refused:
            ticket_create(**values)
        return refused.value.status, sorted(refused.value.fields or [])

    assert create(description="   ") == (400, ["description"])
    assert create(category_code="gardening") == (400, ["category"])
    assert create(unit_id=place.u1.pk) == (400, ["unit_id"])  # Lake View's unit in Green Hills
    assert create(unit_id=None) == (400, ["unit_id"])  # a resident's ticket needs their unit
    assert create(unit_id=place.u14.pk) == (403, [])  # Anna does not live in 14
    assert create(author_id=crew.users.lina.pk, author_kind="staff", unit_id=None) == (
        403,
        [],
    )  # Lake View staff
    assert create(author_kind="landlord") == (400, ["author_kind"])
    with in_schema(company.schema_name):
        assert Ticket.objects.count() == 0


def test_staff_report_a_common_area_incident(company, place, crew):
    with in_schema(company.schema_name):
        ticket = ticket_create(
            condo_id=place.hills.pk,
            unit_id=None,
            author_id=crew.users.elena.pk,
            author_kind="staff",
            category_code="security",
            description="Broken lock on the entrance door",
        )
    assert (ticket.unit_id, ticket.author_kind, ticket.status, ticket.source) == (None, "staff", "new", "api")


def test_bot_views_of_tickets(company, place, crew, make_user):
    # given Anna's two tickets and Boris's in Lake View
    first = new_ticket(company, crew.users.anna, place.u12)
    second = new_ticket(company, crew.users.anna, place.u12, category="electrical")
    lake = new_ticket(company, crew.users.boris, place.u1)
    with in_schema(company.schema_name):
        ticket_status_change(ticket=first, status="in_progress", actor_id=crew.users.pavel.pk)
        anna = list(tickets_of_resident(user_id=crew.users.anna.pk).values_list("pk", flat=True))
        boris = list(tickets_of_resident(user_id=crew.users.boris.pk).values_list("pk", flat=True))
        pavel = list(tickets_of_staff(user_id=crew.users.pavel.pk).values_list("pk", flat=True))
        ticket_status_change(ticket=first, status="resolved", actor_id=crew.users.pavel.pk)
        pavel_open = tickets_of_staff(user_id=crew.users.pavel.pk).count()
        pavel_all = tickets_of_staff(user_id=crew.users.pavel.pk, open_only=False).count()
    assert anna == [second.pk, first.pk]
    assert boris == [lake.pk]
    assert pavel == [first.pk]
    assert (pavel_open, pavel_all) == (0, 1)


def test_ticket_visible_to(company, place, crew, director):
    from tenant_apps.tickets.selectors import ticket_visible_to

    # given Anna's ticket (assigned to Pavel) and a common-area ticket Elena wrote
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        incident = ticket_create(
            condo_id=place.hills.pk,
            unit_id=None,
            author_id=crew.users.elena.pk,
            author_kind="staff",
            category_code="other",
            description="Broken lamp in the lobby",
        )
        people = {
            "anna": crew.users.anna,
            "boris": crew.users.boris,
            "pavel": crew.users.pavel,
            "petar": crew.users.petar,
            "elena": crew.users.elena,
            "ivan": crew.users.ivan,
            "lina": crew.users.lina,
            "director": director,
        }
        # when
        seen = {
            name: (
                ticket_visible_to(ticket_id=ticket.pk, user_id=user.pk) is not None,
                ticket_visible_to(ticket_id=incident.pk, user_id=user.pk) is not None,
            )
            for name, user in people.items()
        }
        missing = ticket_visible_to(ticket_id=ticket.pk + 1000, user_id=director.pk)
    # then staff of the condo see only what is assigned to them or what they wrote
    assert seen == {
        "anna": (True, False),
        "boris": (False, False),
        "pavel": (True, False),
        "petar": (False, False),
        "elena": (False, True),
        "ivan": (True, True),
        "lina": (False, False),
        "director": (True, True),
    }
    assert missing is None


# --- the auto-close job -----------------------------------------------------------------------


def test_auto_close_after_24_hours_once(company, place, crew):
    # given two resolved tickets: 23 h and 24 h ago
    recent, due = (new_ticket(company, crew.users.anna, place.u12) for _ in range(2))
    now = timezone.now()
    with in_schema(company.schema_name):
        for ticket, hours in ((recent, 23), (due, 24)):
            Ticket.objects.filter(pk=ticket.pk).update(
                status=TicketStatus.RESOLVED, resolved_at=now - timedelta(hours=hours)
            )
        # when the job runs twice
        first = tickets_close_resolved(now=now)
        second = tickets_close_resolved(now=now)
        # then
        assert (first, second) == (1, 0)
        assert Ticket.objects.get(pk=recent.pk).status == TicketStatus.RESOLVED
        closed = Ticket.objects.get(pk=due.pk)
        assert (closed.status, closed.closed_at) == (TicketStatus.CLOSED, now)
        event = TicketEvent.objects.filter(ticket=due).latest("id")
        assert (event.kind, event.from_status, event.to_status, event.actor_id) == (
            "status",
            "resolved",
            "closed",
            None,
        )
        # an hour later the other one closes too
        assert tickets_close_resolved(now=now + timedelta(hours=1)) == 1


def test_auto_close_commits_batch_by_batch(company, place, crew, monkeypatch):
    from tenant_apps.tickets.services import tickets as ticket_services

    # given three due tickets and batches of two
    monkeypatch.setattr(ticket_services, "CLOSE_BATCH", 2)
    due = [new_ticket(company, crew.users.anna, place.u12) for _ in range(3)]
    now = timezone.now()
    real_notify = ticket_services.notifications.notify_ticket_status

    def fail_on_the_last(ticket, old_status):
        if ticket.pk == due[2].pk:
            raise RuntimeError("Telegram outbox unavailable")
        real_notify(ticket, old_status)

    with in_schema(company.schema_name):
        Ticket.objects.filter(pk__in=[t.pk for t in due]).update(
            status=TicketStatus.RESOLVED, resolved_at=now - timedelta(hours=25)
        )
        # when the second batch fails
        monkeypatch.setattr(ticket_services.notifications, "notify_ticket_status", fail_on_the_last)
        with pytest.raises(RuntimeError):
            tickets_close_resolved(now=now)
        # then the first batch stays closed, the failed one is untouched
        statuses = list(Ticket.objects.order_by("pk").values_list("status", flat=True))
        assert statuses == [TicketStatus.CLOSED, TicketStatus.CLOSED, TicketStatus.RESOLVED]
        assert TicketEvent.objects.filter(ticket_id=due[2].pk, to_status="closed").count() == 0
        # when the next run works, it closes the rest once; a run after that closes nothing
        monkeypatch.setattr(ticket_services.notifications, "notify_ticket_status", real_notify)
        assert (tickets_close_resolved(now=now), tickets_close_resolved(now=now)) == (1, 0)
        assert (
            list(Ticket.objects.order_by("pk").values_list("status", flat=True)) == [TicketStatus.CLOSED] * 3
        )
        assert TicketEvent.objects.filter(to_status="closed").count() == 3


def test_auto_close_job_runs_in_every_company(company, other_company, place, crew, settings):
    from tenant_apps.tickets.tasks import tickets_close_every_15_minutes

    # given a ticket due in the company
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(
            status=TicketStatus.RESOLVED, resolved_at=timezone.now() - timedelta(hours=25)
        )
    # when the periodic job fans out (immediate Huey in tests)
    tickets_close_every_15_minutes.call_local()
    # then
    with in_schema(company.schema_name):
        assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.CLOSED


def test_auto_close_hours_is_a_setting(company, place, crew, settings):
    settings.TICKET_AUTO_CLOSE_HOURS = 2
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(
            status=TicketStatus.RESOLVED, resolved_at=timezone.now() - timedelta(hours=2)
        )
        assert tickets_close_resolved() == 1


def _close_due(company, tickets, now) -> list[str]:
    """The statements one run of the job makes, as "SELECT table" / "INSERT table" / ..."""
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk__in=[ticket.pk for ticket in tickets]).update(
            status=TicketStatus.RESOLVED, resolved_at=now - timedelta(hours=25)
        )
        with CaptureQueriesContext(connection) as captured:
            assert tickets_close_resolved(now=now) == len(tickets)
    statements = []
    for query in captured.captured_queries:
        verb = query["sql"].split()[0]
        table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', query["sql"])
        statements.append(f"{verb} {table.group(1)}" if table else verb)
    return statements


def test_auto_close_costs_the_same_per_ticket_whatever_their_number(company, place, crew, chats):
    # given one due ticket, then three (Anna, who wrote them, is on Telegram)
    now = timezone.now()
    one = _close_due(company, [new_ticket(company, crew.users.anna, place.u12)], now)
    three = _close_due(company, [new_ticket(company, crew.users.anna, place.u12) for _ in range(3)], now)
    # then the batch (with its condos and categories) is read once; each ticket costs only its
    # own writes and the lookup of its author's chats
    per_ticket = [
        "UPDATE tickets_ticket",
        "INSERT tickets_ticketevent",
        "INSERT audit_auditentry",
        "SELECT botrouting_telegramaccount",
        "INSERT botrouting_outboxmessage",
        "INSERT botrouting_conversationmessage",
    ]
    batch_read = ["SAVEPOINT", "SELECT tickets_ticket"]
    empty_batch = ["RELEASE", "SAVEPOINT", "SELECT tickets_ticket", "RELEASE"]
    assert one == batch_read + per_ticket + empty_batch
    assert three == batch_read + per_ticket * 3 + empty_batch
