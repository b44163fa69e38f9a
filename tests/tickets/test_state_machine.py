"""The one state machine: every pair of statuses, legal or not, who may make which move, and
what each move leaves behind (timestamp, history, audit)."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import CompanyRole
from shared_apps.audit.models import AuditEntry
from tenant_apps.residents.services import staff_join
from tenant_apps.tickets.models import Ticket, TicketEvent, TicketStatus
from tenant_apps.tickets.services import ticket_assign, ticket_status_change, ticket_unassign
from tenant_apps.tickets.transitions import STATUS_TIMESTAMPS
from tenants.schemas import in_schema
from tests.tickets.conftest import new_ticket

S = TicketStatus
STATUS_MOVES = {
    (S.ASSIGNED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.REVIEW),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.REVIEW, S.RESOLVED),
    (S.REVIEW, S.IN_PROGRESS),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.IN_PROGRESS),
}
# Assignment moves: a manager may also take a started ticket (in progress, in review) off its worker.
REASSIGNABLE = (S.ASSIGNED, S.IN_PROGRESS, S.REVIEW)
ASSIGNMENT_MOVES = {(S.NEW, S.ASSIGNED)} | {
    (status, to) for status in REASSIGNABLE for to in (S.ASSIGNED, S.NEW)
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


def ticket_in(company, crew, place, status: str) -> Ticket:
    """Anna's plumbing ticket put straight into `status` (assigned to Pavel unless NEW)."""
    ticket = new_ticket(company, crew.users.anna, place.u12)
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(
            status=status,
            assignee=None if status == S.NEW else crew.pavel,
            resolved_at=timezone.now() - timedelta(hours=1) if status == S.RESOLVED else None,
        )
        return Ticket.objects.get(pk=ticket.pk)


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_status_change_matrix(company, place, crew, from_status, to_status):
    # given
    ticket = ticket_in(company, crew, place, from_status)
    with in_schema(company.schema_name):
        events_before = TicketEvent.objects.filter(ticket=ticket).count()
        # when
        if (from_status, to_status) in STATUS_MOVES:
            moved = ticket_status_change(ticket=ticket, status=to_status, actor_id=None)
            # then
            stored = Ticket.objects.get(pk=ticket.pk)
            assert (moved.status, stored.status) == (to_status, to_status)
            assert getattr(stored, STATUS_TIMESTAMPS[to_status]) is not None
            event = TicketEvent.objects.filter(ticket=ticket).latest("id")
            assert (event.kind, event.from_status, event.to_status, event.actor_id) == (
                "status",
                from_status,
                to_status,
                None,
            )
            entry = AuditEntry.objects.filter(action="ticket.status").latest("id")
            assert (entry.target_id, entry.changes["from"], entry.changes["to"]) == (
                str(ticket.pk),
                from_status,
                to_status,
            )
        else:
            with pytest.raises(ApiError) as refused:
                ticket_status_change(ticket=ticket, status=to_status, actor_id=None)
            # then
            message = f"Cannot move ticket {ticket.pk} from {from_status} to {to_status}"
            if (from_status, to_status) in ASSIGNMENT_MOVES:
                hint = (
                    "unassign the ticket instead" if to_status == S.NEW else "assign a staff member instead"
                )
                message = f"{message} ({hint})"
            assert (refused.value.status, refused.value.code, refused.value.message) == (
                409,
                "illegal_transition",
                message,
            )
            assert Ticket.objects.get(pk=ticket.pk).status == from_status
            assert TicketEvent.objects.filter(ticket=ticket).count() == events_before


@pytest.mark.parametrize("from_status", S.values)
def test_assign_from_new_assigned_in_progress_or_review(company, place, crew, from_status):
    ticket = ticket_in(company, crew, place, from_status)
    with in_schema(company.schema_name):
        if from_status in (S.NEW, *REASSIGNABLE):
            moved = ticket_assign(ticket=ticket, staff_id=crew.petar.pk, actor_id=None)
            assert (moved.status, moved.assignee_id) == (S.ASSIGNED, crew.petar.pk)
        else:
            with pytest.raises(ApiError) as refused:
                ticket_assign(ticket=ticket, staff_id=crew.petar.pk, actor_id=None)
            assert (refused.value.status, refused.value.message) == (
                409,
                f"Cannot move ticket {ticket.pk} from {from_status} to assigned",
            )
            assert Ticket.objects.get(pk=ticket.pk).assignee_id == crew.pavel.pk


@pytest.mark.parametrize("from_status", S.values)
def test_unassign_from_assigned_in_progress_or_review(company, place, crew, director, from_status):
    ticket = ticket_in(company, crew, place, from_status)
    with in_schema(company.schema_name):
        if from_status in REASSIGNABLE:
            moved = ticket_unassign(ticket=ticket, actor_id=director.pk)
            stored = Ticket.objects.get(pk=ticket.pk)
            assert (moved.status, stored.status, stored.assignee_id, stored.assigned_at) == (
                S.NEW,
                S.NEW,
                None,
                None,
            )
        else:
            with pytest.raises(ApiError) as refused:
                ticket_unassign(ticket=ticket, actor_id=director.pk)
            assert (refused.value.status, refused.value.code) == (409, "illegal_transition")


# --- who may make which move ------------------------------------------------------------------

MOVES = [
    ("take", S.ASSIGNED, S.IN_PROGRESS),
    ("review", S.IN_PROGRESS, S.REVIEW),
    ("resolve", S.IN_PROGRESS, S.RESOLVED),
    ("approve", S.REVIEW, S.RESOLVED),
    ("return", S.REVIEW, S.IN_PROGRESS),
    ("close", S.RESOLVED, S.CLOSED),
    ("reopen", S.RESOLVED, S.IN_PROGRESS),
]
ASSIGNEE_MAY = {"take", "review", "resolve", "reopen"}


@pytest.fixture
def actors(company, place, crew, director, make_user):
    """user ids by role: the assignee (Pavel), another plumber, the Green Hills admin, Lake View's
    admin, the director, the accountant, the resident who reported it."""
    accountant = make_user("acc@company.test", memberships=[(company, CompanyRole.ACCOUNTANT, None)])
    lake_admin = make_user("lake-admin@company.test")
    with in_schema(company.schema_name):
        staff_join(user=lake_admin, condo=place.lake, role=CompanyRole.CONDO_ADMIN)
    return {
        "assignee": crew.users.pavel.pk,
        "other staff": crew.users.petar.pk,
        "condo admin": crew.users.ivan.pk,
        "other condo admin": lake_admin.pk,
        "director": director.pk,
        "accountant": accountant.pk,
        "resident": crew.users.anna.pk,
    }


@pytest.mark.parametrize(("action", "from_status", "to_status"), MOVES)
@pytest.mark.parametrize(
    "role",
    ["assignee", "other staff", "condo admin", "other condo admin", "director", "accountant", "resident"],
)
def test_who_may_move(company, place, crew, actors, action, from_status, to_status, role):
    # given
    ticket = ticket_in(company, crew, place, from_status)
    allowed = role in ("condo admin", "director") or (role == "assignee" and action in ASSIGNEE_MAY)
    with in_schema(company.schema_name):
        # when
        if allowed:
            moved = ticket_status_change(ticket=ticket, status=to_status, actor_id=actors[role])
            # then
            assert moved.status == to_status
            assert TicketEvent.objects.filter(ticket=ticket).latest("id").actor_id == actors[role]
        else:
            with pytest.raises(ApiError) as refused:
                ticket_status_change(ticket=ticket, status=to_status, actor_id=actors[role])
            assert (refused.value.status, refused.value.code) == (403, "permission_denied")
            assert Ticket.objects.get(pk=ticket.pk).status == from_status


@pytest.mark.parametrize("from_status", REASSIGNABLE)
@pytest.mark.parametrize("role", ["assignee", "other staff", "other condo admin", "accountant", "resident"])
def test_only_managers_assign_and_unassign(company, place, crew, actors, role, from_status):
    ticket = ticket_in(company, crew, place, from_status)
    with in_schema(company.schema_name):
        for attempt in (
            lambda: ticket_assign(ticket=ticket, staff_id=crew.petar.pk, actor_id=actors[role]),
            lambda: ticket_unassign(ticket=ticket, actor_id=actors[role]),
        ):
            with pytest.raises(ApiError) as refused:
                attempt()
            assert refused.value.status == 403
        stored = Ticket.objects.get(pk=ticket.pk)
        assert (stored.status, stored.assignee_id) == (from_status, crew.pavel.pk)


@pytest.mark.parametrize("from_status", [S.IN_PROGRESS, S.REVIEW])
@pytest.mark.parametrize("role", ["condo admin", "director"])
def test_managers_take_a_started_ticket_off_its_worker(company, place, crew, actors, role, from_status):
    # given Pavel started the ticket (and maybe sent it to review), then fell ill
    ticket = ticket_in(company, crew, place, from_status)
    now = timezone.now()
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=ticket.pk).update(started_at=now, review_at=now)
        ticket.refresh_from_db()
        # when the manager gives it to Petar
        moved = ticket_assign(ticket=ticket, staff_id=crew.petar.pk, actor_id=actors[role])
        # then Petar has to take it himself; the old start is forgotten
        stored = Ticket.objects.get(pk=ticket.pk)
        assert (moved.status, stored.status, stored.assignee_id) == (S.ASSIGNED, S.ASSIGNED, crew.petar.pk)
        assert (stored.started_at, stored.review_at) == (None, None)
        reassigned = TicketEvent.objects.filter(ticket=ticket).latest("id")
        assert (reassigned.kind, reassigned.from_status, reassigned.to_status, reassigned.assignee_id) == (
            "assigned",
            from_status,
            "assigned",
            crew.petar.pk,
        )
        # when Petar starts, then the manager cancels: back to the queue
        ticket_status_change(ticket=ticket, status=S.IN_PROGRESS, actor_id=crew.users.petar.pk)
        cancelled = ticket_unassign(ticket=ticket, actor_id=actors[role])
        stored = Ticket.objects.get(pk=ticket.pk)
        assert (
            cancelled.status,
            stored.status,
            stored.assignee_id,
            stored.assigned_at,
            stored.started_at,
        ) == (
            S.NEW,
            S.NEW,
            None,
            None,
            None,
        )
        event = TicketEvent.objects.filter(ticket=ticket).latest("id")
        assert (event.kind, event.from_status, event.to_status, event.actor_id) == (
            "unassigned",
            "in_progress",
            "new",
            actors[role],
        )


@pytest.mark.parametrize("role", ["condo admin", "director"])
def test_reassigning_a_started_ticket_to_its_own_worker_changes_nothing(company, place, crew, actors, role):
    ticket = ticket_in(company, crew, place, S.IN_PROGRESS)
    with in_schema(company.schema_name):
        events_before = TicketEvent.objects.filter(ticket=ticket).count()
        moved = ticket_assign(ticket=ticket, staff_id=crew.pavel.pk, actor_id=actors[role])
        assert (moved.status, moved.assignee_id) == (S.IN_PROGRESS, crew.pavel.pk)
        assert TicketEvent.objects.filter(ticket=ticket).count() == events_before


def test_reopening_is_possible_for_24_hours_after_resolving(company, place, crew):
    # given two resolved tickets: 23 h and 24 h ago
    recent, old = (ticket_in(company, crew, place, S.RESOLVED) for _ in range(2))
    now = timezone.now()
    with in_schema(company.schema_name):
        Ticket.objects.filter(pk=recent.pk).update(resolved_at=now - timedelta(hours=23))
        Ticket.objects.filter(pk=old.pk).update(resolved_at=now - timedelta(hours=24))
        # when
        reopened = ticket_status_change(
            ticket=Ticket.objects.get(pk=recent.pk), status=S.IN_PROGRESS, actor_id=crew.users.pavel.pk
        )
        with pytest.raises(ApiError) as refused:
            ticket_status_change(
                ticket=Ticket.objects.get(pk=old.pk), status=S.IN_PROGRESS, actor_id=crew.users.pavel.pk
            )
        # then
        assert (reopened.status, reopened.resolved_at) == (S.IN_PROGRESS, None)
        assert (refused.value.status, refused.value.code) == (409, "reopen_too_late")
        assert Ticket.objects.get(pk=old.pk).status == S.RESOLVED


def test_a_ticket_walks_the_whole_way_and_keeps_its_history(company, place, crew, director):
    # given Anna's ticket, auto-assigned to Pavel
    ticket = new_ticket(company, crew.users.anna, place.u12)
    pavel = crew.users.pavel.pk
    with in_schema(company.schema_name):
        # when
        ticket_status_change(ticket=ticket, status=S.IN_PROGRESS, actor_id=pavel)
        ticket_status_change(ticket=ticket, status=S.REVIEW, actor_id=pavel)
        ticket_status_change(ticket=ticket, status=S.IN_PROGRESS, actor_id=director.pk)  # returned
        ticket_status_change(ticket=ticket, status=S.REVIEW, actor_id=pavel)
        ticket_status_change(ticket=ticket, status=S.RESOLVED, actor_id=crew.users.ivan.pk)
        ticket_status_change(ticket=ticket, status=S.CLOSED, actor_id=director.pk)
        # then
        stored = Ticket.objects.get(pk=ticket.pk)
        history = list(
            TicketEvent.objects.filter(ticket=ticket).values_list("kind", "from_status", "to_status")
        )
        audit = list(
            AuditEntry.objects.filter(target_id=str(ticket.pk), action__startswith="ticket.")
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert stored.status == S.CLOSED
    assert all(
        getattr(stored, field) is not None
        for field in ("assigned_at", "started_at", "review_at", "resolved_at", "closed_at")
    )
    assert (
        stored.assigned_at <= stored.started_at <= stored.review_at <= stored.resolved_at <= stored.closed_at
    )
    assert history == [
        ("created", "", "new"),
        ("assigned", "new", "assigned"),
        ("status", "assigned", "in_progress"),
        ("status", "in_progress", "review"),
        ("status", "review", "in_progress"),
        ("status", "in_progress", "review"),
        ("status", "review", "resolved"),
        ("status", "resolved", "closed"),
    ]
    assert audit == ["ticket.create", "ticket.assigned"] + ["ticket.status"] * 6
