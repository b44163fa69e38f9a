"""The one state machine of tickets: which status may follow which, by what action, and who may
take it. Every status change of every service goes through `move_get`."""

from dataclasses import dataclass

from config.api import ApiError
from tenant_apps.tickets.models import Ticket, TicketStatus

S = TicketStatus


@dataclass(frozen=True)
class Move:
    action: str
    # The assignee may take it too; condo admins and the director may take every move.
    by_assignee: bool


TRANSITIONS: dict[str, dict[str, Move]] = {
    S.NEW: {S.ASSIGNED: Move("assign", by_assignee=False)},
    S.ASSIGNED: {
        S.ASSIGNED: Move("reassign", by_assignee=False),
        S.IN_PROGRESS: Move("take", by_assignee=True),
        S.NEW: Move("unassign", by_assignee=False),
    },
    # A manager may take a ticket off a worker who started it (sick, away): to someone else or
    # back to the queue.
    S.IN_PROGRESS: {
        S.REVIEW: Move("review", by_assignee=True),
        S.RESOLVED: Move("resolve", by_assignee=True),
        S.ASSIGNED: Move("reassign", by_assignee=False),
        S.NEW: Move("unassign", by_assignee=False),
    },
    S.REVIEW: {
        S.RESOLVED: Move("approve", by_assignee=False),
        S.IN_PROGRESS: Move("return", by_assignee=False),
        S.ASSIGNED: Move("reassign", by_assignee=False),
        S.NEW: Move("unassign", by_assignee=False),
    },
    S.RESOLVED: {
        S.CLOSED: Move("close", by_assignee=False),
        S.IN_PROGRESS: Move("reopen", by_assignee=True),
    },
    S.CLOSED: {},
}

# Moves made by ticket_assign / ticket_unassign (they need a staff member or clear one), never
# by a bare status change.
ASSIGNMENT_ACTIONS = frozenset({"assign", "reassign", "unassign"})

# The timestamp each status sets when a ticket enters it.
STATUS_TIMESTAMPS = {
    S.ASSIGNED: "assigned_at",
    S.IN_PROGRESS: "started_at",
    S.REVIEW: "review_at",
    S.RESOLVED: "resolved_at",
    S.CLOSED: "closed_at",
}


def illegal_transition(ticket: Ticket, to_status: str, hint: str = "") -> ApiError:
    message = f"Cannot move ticket {ticket.pk} from {ticket.status} to {to_status}"
    return ApiError(409, f"{message} ({hint})" if hint else message, code="illegal_transition")


def move_get(ticket: Ticket, to_status: str) -> Move:
    """The move from the ticket's status to `to_status`; 409 illegal_transition when there is none."""
    move = TRANSITIONS[ticket.status].get(to_status)
    if move is None:
        raise illegal_transition(ticket, to_status)
    return move


def can_move(ticket: Ticket, to_status: str) -> bool:
    return to_status in TRANSITIONS[ticket.status]


def next_statuses(ticket: Ticket) -> list[str]:
    """Statuses a bare status change may move the ticket to (assignment moves excluded)."""
    return [
        status for status, move in TRANSITIONS[ticket.status].items() if move.action not in ASSIGNMENT_ACTIONS
    ]
