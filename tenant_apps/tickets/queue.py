"""The order of the ticket queue and its pages: emergencies first, then the oldest (the one
waiting longest), ties by number. The cursor is a keyset on that same order, so a page never
repeats or skips a ticket while new ones arrive."""

import base64
import binascii
from datetime import datetime

from django.db.models import Q, QuerySet

from config.api import ApiError
from config.pagination import PageParams
from tenant_apps.tickets.models import Ticket

QUEUE_ORDER = ("-emergency", "created_at", "id")


def _encode(ticket: Ticket) -> str:
    key = f"{int(ticket.emergency)}|{ticket.created_at.isoformat()}|{ticket.pk}"
    return base64.urlsafe_b64encode(key.encode()).decode()


def _decode(cursor: str) -> tuple[bool, datetime, int]:
    try:
        emergency, created_at, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        if emergency not in ("0", "1"):
            raise ValueError(emergency)
        return emergency == "1", datetime.fromisoformat(created_at), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(422, "Some fields are invalid.", fields={"cursor": ["Invalid cursor."]}) from exc


def _after(emergency: bool, created_at: datetime, pk: int) -> Q:
    """Tickets that come after (emergency, created_at, pk) in the queue order."""
    later_same_kind = Q(emergency=emergency) & (
        Q(created_at__gt=created_at) | Q(created_at=created_at, id__gt=pk)
    )
    return later_same_kind | Q(emergency=False) if emergency else later_same_kind


def queue_page(tickets: QuerySet[Ticket], page: PageParams) -> dict:
    """One page of the queue (one query) → items + next_cursor."""
    tickets = tickets.order_by(*QUEUE_ORDER)
    if page.cursor:
        tickets = tickets.filter(_after(*_decode(page.cursor)))
    rows = list(tickets[: page.limit + 1])
    has_more = len(rows) > page.limit
    rows = rows[: page.limit]
    return {"items": rows, "next_cursor": _encode(rows[-1]) if has_more else None}
