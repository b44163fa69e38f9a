"""Tickets intents (placeholder until the feature lands)."""

from bot.engine import handler
from bot.handlers.core import not_available

for _intent in (
    "create_ticket",
    "list_tickets",
    "ticket_status",
    "comment_ticket",
    "my_tasks",
    "task_card",
    "task_take",
    "task_review",
    "task_resolve",
):
    handler(_intent)(not_available)
