"""Creating tickets, auto-assignment, assignment and every status change (the auto-close job
included)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.services import audit_record
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.residents.models import Resident, StaffCondo, StaffProfile, StaffRole
from tenant_apps.residents.services import specialization_codes_validate
from tenant_apps.tickets import notifications
from tenant_apps.tickets.models import (
    OPEN_STATUSES,
    AuthorKind,
    Ticket,
    TicketCategory,
    TicketEvent,
    TicketEventKind,
    TicketSource,
    TicketStatus,
)
from tenant_apps.tickets.permissions import FORBIDDEN, is_manager, ticket_actor, works_in
from tenant_apps.tickets.services.base import (
    CLOSE_BATCH,
    DESCRIPTION_MAX,
    EMERGENCY_REASON_MAX,
    audit_actor,
    auto_close_hours,
    invalid_input,
    ticket_lock,
    ticket_move,
)
from tenant_apps.tickets.transitions import (
    ASSIGNMENT_ACTIONS,
    illegal_transition,
    move_get,
)

# --- create -----------------------------------------------------------------------------------


def _staff_least_loaded(*, condo_id: int, specialization_codes: list[str]) -> StaffProfile | None:
    """Active staff of the condo with a matching specialization and the fewest open tickets
    (ties: lowest id). Their rows stay locked until commit, so two tickets created at the same
    moment see each other's assignment."""
    candidate_ids = list(
        StaffProfile.objects.filter(
            is_active=True,
            role=StaffRole.STAFF,
            specialization_codes__overlap=specialization_codes,
            pk__in=StaffCondo.objects.filter(condo_id=condo_id).values("staff_id"),
        )
        .order_by("pk")
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if not candidate_ids:
        return None
    loads = dict(
        Ticket.objects.filter(assignee_id__in=candidate_ids, status__in=OPEN_STATUSES)
        .order_by()
        .values("assignee_id")
        .annotate(open=Count("id"))
        .values_list("assignee_id", "open")
    )
    chosen = min(candidate_ids, key=lambda pk: (loads.get(pk, 0), pk))
    return StaffProfile.objects.get(pk=chosen)


def _create_checks(*, condo_id, unit_id, author_id, author_kind, source) -> tuple[Condo, Unit | None]:
    if author_kind not in AuthorKind.values:
        raise invalid_input("author_kind", f"Unknown author kind {author_kind!r}")
    if source not in TicketSource.values:
        raise invalid_input("source", f"Unknown source {source!r}")
    condo = Condo.objects.filter(pk=condo_id).first()
    if condo is None:
        raise invalid_input("condo_id", f"Condo {condo_id} does not exist")
    unit = None
    if unit_id is not None:
        unit = Unit.objects.select_related("building").filter(pk=unit_id).first()
        if unit is None or unit.building.condo_id != condo.pk:
            raise invalid_input("unit_id", f"Unit {unit_id} is not in {condo.name}")
    if author_kind == AuthorKind.RESIDENT:
        if unit is None:
            raise invalid_input("unit_id", "A resident's ticket needs their unit")
        if not Resident.objects.filter(user_id=author_id, unit=unit, until__isnull=True).exists():
            raise FORBIDDEN
    elif not (
        works_in(user_id=author_id, condo_id=condo.pk) or is_manager(user_id=author_id, condo_id=condo.pk)
    ):
        raise FORBIDDEN
    return condo, unit


@transaction.atomic
def ticket_create(
    *,
    condo_id: int,
    unit_id: int | None,
    author_id: int,
    author_kind: str,
    category_code: str,
    description: str,
    emergency: bool = False,
    emergency_reason: str = "",
    source: str = "api",
    entry_allowed: bool | None = None,
    ip: str | None = None,
) -> Ticket:
    """Opens a ticket and, when its category allows, assigns it to the least-loaded matching
    staff member of the condo; nobody matching → it stays NEW in the condo admin's queue."""
    description = (description or "").strip()
    if not description:
        raise invalid_input("description", "Describe the problem")
    if len(description) > DESCRIPTION_MAX:
        raise invalid_input("description", f"At most {DESCRIPTION_MAX} characters")
    emergency_reason = (emergency_reason or "").strip() if emergency else ""
    if len(emergency_reason) > EMERGENCY_REASON_MAX:
        raise invalid_input("emergency_reason", f"At most {EMERGENCY_REASON_MAX} characters")
    category = TicketCategory.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        raise invalid_input("category", f"Unknown category {category_code!r}")
    condo, unit = _create_checks(
        condo_id=condo_id, unit_id=unit_id, author_id=author_id, author_kind=author_kind, source=source
    )
    ticket = Ticket.objects.create(
        condo=condo,
        unit=unit,
        category=category,
        description=description,
        emergency=bool(emergency),
        emergency_reason=emergency_reason,
        entry_allowed=entry_allowed,
        author_id=author_id,
        author_kind=author_kind,
        source=source,
    )
    TicketEvent.objects.create(
        ticket=ticket, kind=TicketEventKind.CREATED, to_status=TicketStatus.NEW, actor_id=author_id
    )
    audit_record(
        actor=audit_actor(author_id),
        action="ticket.create",
        target=ticket,
        changes={
            "condo": condo.pk,
            "unit": ticket.unit_id,
            "category": category.code,
            "emergency": ticket.emergency,
            "source": source,
        },
        ip=ip,
    )
    staff = None
    if category.auto_assign and category.specialization_codes:
        staff = _staff_least_loaded(condo_id=condo.pk, specialization_codes=category.specialization_codes)
    if staff is not None:
        ticket.assignee = staff
        ticket_move(ticket, TicketStatus.ASSIGNED, actor_id=None, kind=TicketEventKind.ASSIGNED)
    notifications.notify_ticket_created(ticket)
    if staff is not None:
        notifications.notify_ticket_assigned(ticket)
    return ticket


@transaction.atomic
def ticket_entry_permission_set(
    *, ticket: Ticket, allowed: bool, actor_id: int, ip: str | None = None
) -> Ticket:
    """The resident's answer to "may staff enter when nobody is home" (or a manager's note of it)."""
    actor = ticket_actor(ticket, actor_id)
    if not (actor.resident or actor.manager):
        raise FORBIDDEN
    ticket_lock(ticket)
    old, ticket.entry_allowed = ticket.entry_allowed, bool(allowed)
    ticket.save(update_fields=["entry_allowed", "updated_at"])
    audit_record(
        actor=audit_actor(actor_id),
        action="ticket.entry_permission",
        target=ticket,
        changes={"from": old, "to": ticket.entry_allowed},
        ip=ip,
    )
    return ticket


# --- assignment and status --------------------------------------------------------------------


def _require_manager(ticket: Ticket, actor_id: int | None) -> None:
    if actor_id is not None and not is_manager(user_id=actor_id, condo_id=ticket.condo_id):
        raise FORBIDDEN


@transaction.atomic
def ticket_assign(*, ticket: Ticket, staff_id: int, actor_id: int | None, ip: str | None = None) -> Ticket:
    """Manual assignment or reassignment (NEW, ASSIGNED, IN_PROGRESS or REVIEW → ASSIGNED) by the
    director or the condo admin, to an active staff member working in the ticket's condo. The
    previous assignee is told the task was taken off them."""
    _require_manager(ticket, actor_id)
    ticket_lock(ticket)
    move_get(ticket, TicketStatus.ASSIGNED)
    staff = StaffProfile.objects.filter(
        pk=staff_id,
        is_active=True,
        pk__in=StaffCondo.objects.filter(condo_id=ticket.condo_id).values("staff_id"),
    ).first()
    if staff is None:
        raise invalid_input("staff_id", f"Staff member {staff_id} does not work in this condo")
    if ticket.status != TicketStatus.NEW and ticket.assignee_id == staff.pk:
        return ticket  # already theirs
    previous_staff_id = ticket.assignee_id
    ticket.assignee = staff
    ticket_move(ticket, TicketStatus.ASSIGNED, actor_id=actor_id, kind=TicketEventKind.ASSIGNED, ip=ip)
    notifications.notify_ticket_assigned(ticket, previous_staff_id=previous_staff_id)
    return ticket


@transaction.atomic
def ticket_unassign(*, ticket: Ticket, actor_id: int, ip: str | None = None) -> Ticket:
    """Cancels an assignment (ASSIGNED, IN_PROGRESS or REVIEW → NEW): the ticket waits in the
    condo admin's queue; the previous assignee and the resident are told."""
    _require_manager(ticket, actor_id)
    ticket_lock(ticket)
    move_get(ticket, TicketStatus.NEW)
    previous_staff_id = ticket.assignee_id
    ticket.assignee = None
    ticket_move(ticket, TicketStatus.NEW, actor_id=actor_id, kind=TicketEventKind.UNASSIGNED, ip=ip)
    notifications.notify_ticket_unassigned(ticket, previous_staff_id)
    return ticket


@transaction.atomic
def ticket_status_change(
    *, ticket: Ticket, status: str, actor_id: int | None, ip: str | None = None
) -> Ticket:
    """Takes one step of the state machine. The assignee takes, sends to review, resolves and
    reopens their ticket; the condo admin and the director may make every move; residents none."""
    if status not in TicketStatus.values:
        raise invalid_input("status", f"Unknown status {status!r}")
    ticket_lock(ticket)
    move = move_get(ticket, status)
    if move.action in ASSIGNMENT_ACTIONS:
        hint = "unassign the ticket instead" if move.action == "unassign" else "assign a staff member instead"
        raise illegal_transition(ticket, status, hint)
    if actor_id is not None:
        actor = ticket_actor(ticket, actor_id)
        if not (actor.manager or (move.by_assignee and actor.assignee)):
            raise FORBIDDEN
    now = timezone.now()
    window_start = now - timedelta(hours=auto_close_hours())
    if move.action == "reopen" and (ticket.resolved_at is None or ticket.resolved_at <= window_start):
        raise ApiError(
            409,
            f"Ticket {ticket.pk} was resolved more than {auto_close_hours()} h ago; "
            "it can no longer be reopened",
            code="reopen_too_late",
        )
    old_status = ticket_move(ticket, status, actor_id=actor_id, now=now, ip=ip)
    notifications.notify_ticket_status(ticket, old_status)
    return ticket


def tickets_close_resolved(*, now=None) -> int:
    """The auto-close job: tickets RESOLVED for TICKET_AUTO_CLOSE_HOURS or more → CLOSED.
    Each batch is its own transaction: its row locks are held briefly, and a failure loses only
    its batch (the ones before stay closed; the next run picks the rest up). Locked rows
    (someone is reopening one) are left for the next run; running twice closes nothing twice."""
    now = now or timezone.now()
    due = Ticket.objects.filter(
        status=TicketStatus.RESOLVED, resolved_at__lte=now - timedelta(hours=auto_close_hours())
    )
    closed = 0
    while True:
        with transaction.atomic():
            # The notifications read each ticket's condo (quiet hours) and category: one join.
            batch = list(
                due.select_related("condo", "category")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")[:CLOSE_BATCH]
            )
            for ticket in batch:
                old_status = ticket_move(ticket, TicketStatus.CLOSED, actor_id=None, now=now)
                notifications.notify_ticket_status(ticket, old_status)
        if not batch:
            return closed
        closed += len(batch)


# --- categories -------------------------------------------------------------------------------


@transaction.atomic
def ticket_category_update(
    *,
    category: TicketCategory,
    auto_assign: bool | None = None,
    specialization_codes: list[str] | None = None,
    actor=None,
    ip: str | None = None,
) -> TicketCategory:
    """The director's switches: which specializations work a category and whether its tickets
    are assigned automatically (only with at least one specialization)."""
    changes = {}
    if specialization_codes is not None:
        try:
            codes = specialization_codes_validate(list(specialization_codes))
        except ValidationError as exc:
            raise invalid_input("specialization_codes", exc.messages[0]) from exc
        if codes != category.specialization_codes:
            changes["specialization_codes"] = {"from": category.specialization_codes, "to": codes}
            category.specialization_codes = codes
    if auto_assign is not None and auto_assign != category.auto_assign:
        changes["auto_assign"] = {"from": category.auto_assign, "to": auto_assign}
        category.auto_assign = auto_assign
    if category.auto_assign and not category.specialization_codes:
        raise invalid_input("auto_assign", "Auto-assignment needs at least one specialization")
    if changes:
        category.save(update_fields=["specialization_codes", "auto_assign", "updated_at"])
        audit_record(actor=actor, action="ticket_category.update", target=category, changes=changes, ip=ip)
    return category
