"""Helpers every ticket service shares: input errors, the audit actor, row locks and the one
place a status changes (`ticket_move`)."""

from django.conf import settings
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.services import audit_actor, audit_record
from tenant_apps.tickets.models import (
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
)
from tenant_apps.tickets.transitions import (
    STATUS_TIMESTAMPS,
    move_get,
)

DESCRIPTION_MAX = 4000
COMMENT_MAX = 4000
RATING_COMMENT_MAX = 1000
EMERGENCY_REASON_MAX = 500
CLOSE_BATCH = 200


def auto_close_hours() -> int:
    return settings.TICKET_AUTO_CLOSE_HOURS


def invalid_input(field: str, message: str) -> ApiError:
    return ApiError(400, message, code="invalid_input", fields={field: [message]})


def ticket_lock(ticket: Ticket) -> None:
    """Reloads the ticket in place with its row locked until the transaction ends."""
    ticket.refresh_from_db(from_queryset=Ticket.objects.select_for_update())


def ticket_move(
    ticket: Ticket,
    to_status: str,
    *,
    actor_id: int | None,
    kind: str = TicketEventKind.STATUS,
    now=None,
    ip: str | None = None,
) -> str:
    """Applies a legal move: status, its timestamp, event, audit. Returns the old status."""
    move_get(ticket, to_status)
    old_status, now = ticket.status, now or timezone.now()
    ticket.status = to_status
    fields = ["status", "assignee", "updated_at"]
    if to_status in STATUS_TIMESTAMPS:
        setattr(ticket, STATUS_TIMESTAMPS[to_status], now)
        fields.append(STATUS_TIMESTAMPS[to_status])
    if old_status == TicketStatus.RESOLVED and to_status == TicketStatus.IN_PROGRESS:
        ticket.resolved_at = None  # reopened: not resolved any more
        fields.append("resolved_at")
    if to_status == TicketStatus.NEW:
        ticket.assigned_at = None
        fields.append("assigned_at")
    if to_status in (TicketStatus.NEW, TicketStatus.ASSIGNED) and old_status != TicketStatus.NEW:
        # Taken off a worker who had started: the next one starts over.
        ticket.started_at = ticket.review_at = None
        fields += ["started_at", "review_at"]
    ticket.save(update_fields=fields)
    TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        from_status=old_status,
        to_status=to_status,
        actor_id=actor_id,
        assignee_id=ticket.assignee_id if kind == TicketEventKind.ASSIGNED else None,
    )
    audit_record(
        actor=audit_actor(actor_id),
        action=f"ticket.{kind}",
        target=ticket,
        changes={"from": old_status, "to": to_status, "assignee": ticket.assignee_id},
        ip=ip,
    )
    return old_status
