"""Every write on tickets. Status changes all go through the state machine (transitions.py),
set the status's timestamp, write a TicketEvent and an audit entry, and tell the people
concerned through notifications.py inside the same transaction (a rollback sends nothing).

`actor_id` None: the system (auto-assignment, the auto-close job); it passes every role check."""

from tenant_apps.tickets.services.comments import (
    ticket_attachment_add,
    ticket_comment_add,
    ticket_rate,
    ticket_rating_comment_set,
)
from tenant_apps.tickets.services.tickets import (
    ticket_assign,
    ticket_category_update,
    ticket_create,
    ticket_entry_permission_set,
    ticket_status_change,
    ticket_unassign,
    tickets_close_resolved,
)

__all__ = [
    "ticket_assign",
    "ticket_attachment_add",
    "ticket_category_update",
    "ticket_comment_add",
    "ticket_create",
    "ticket_entry_permission_set",
    "ticket_rate",
    "ticket_rating_comment_set",
    "ticket_status_change",
    "ticket_unassign",
    "tickets_close_resolved",
]
