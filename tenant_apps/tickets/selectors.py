"""Reads of tickets: the bot's views of a resident's and a staff member's tickets, the company
queue (a fixed number of queries whatever the page size) and the figures of ratings and
resolution times."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenant_apps.residents.models import Resident
from tenant_apps.tickets.models import (
    OPEN_STATUSES,
    Ticket,
    TicketAttachment,
    TicketCategory,
    TicketComment,
    TicketStatus,
)
from tenant_apps.tickets.permissions import is_manager, is_resident_side

OTHER = "other"


def _with_relations(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.select_related("condo", "unit__building", "category", "assignee__user", "author")


# --- the bot ----------------------------------------------------------------------------------


def tickets_of_resident(*, user_id: int) -> QuerySet[Ticket]:
    """Tickets the person reported or that concern a unit they live in now, newest first."""
    units = Resident.objects.filter(user_id=user_id, until__isnull=True).values("unit_id")
    return _with_relations(Ticket.objects.filter(Q(author_id=user_id) | Q(unit_id__in=units))).order_by(
        "-created_at", "-id"
    )


def tickets_of_staff(*, user_id: int, open_only: bool = True) -> QuerySet[Ticket]:
    """Tickets assigned to the person: emergencies first, then the oldest."""
    tickets = Ticket.objects.filter(assignee__user_id=user_id)
    if open_only:
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    return _with_relations(tickets).order_by("-emergency", "created_at", "id")


def ticket_visible_to(*, ticket_id: int, user_id: int) -> Ticket | None:
    """The ticket when the person may see it: a resident their own and their units' tickets,
    staff the ones assigned to them or written by them (never the rest of their condo: a
    resident's description, address and entry permission are not every worker's business),
    condo admins their condos', the director every one; None otherwise. The company API
    applies the same rule (permissions.TicketScope)."""
    ticket = _with_relations(Ticket.objects.filter(pk=ticket_id)).first()
    if ticket is None:
        return None
    if ticket.author_id == user_id or (ticket.assignee_id and ticket.assignee.user_id == user_id):
        return ticket
    if is_manager(user_id=user_id, condo_id=ticket.condo_id) or is_resident_side(
        user_id=user_id, ticket=ticket
    ):
        return ticket
    return None


def category_for_code(code: str) -> TicketCategory:
    """The active category with this code; "other" for anything unknown."""
    category = TicketCategory.objects.filter(code=code, is_active=True).first()
    return category or TicketCategory.objects.get(code=OTHER)


def category_list() -> QuerySet[TicketCategory]:
    return TicketCategory.objects.order_by("id")


def category_get(category_id: int) -> TicketCategory:
    return get_object_or_404(TicketCategory.objects.all(), pk=category_id)


# --- the company queue ------------------------------------------------------------------------


def ticket_list(
    *,
    status: str | None = None,
    category: str | None = None,
    condo_id: int | None = None,
    assignee_id: int | None = None,
    emergency: bool | None = None,
    older_than_hours: int | None = None,
    unit_id: int | None = None,
) -> QuerySet[Ticket]:
    tickets = _with_relations(Ticket.objects.all())
    if status:
        tickets = tickets.filter(status=status)
    if category:
        tickets = tickets.filter(category__code=category)
    if condo_id is not None:
        tickets = tickets.filter(condo_id=condo_id)
    if assignee_id is not None:
        tickets = tickets.filter(assignee_id=assignee_id)
    if emergency is not None:
        tickets = tickets.filter(emergency=emergency)
    if older_than_hours is not None:
        tickets = tickets.filter(created_at__lte=timezone.now() - timedelta(hours=older_than_hours))
    if unit_id is not None:
        tickets = tickets.filter(unit_id=unit_id)
    return tickets


def ticket_get(ticket_id: int) -> Ticket:
    return get_object_or_404(ticket_list(), pk=ticket_id)


def ticket_detail(ticket_id: int) -> Ticket:
    """A ticket with its comments (and their attachments), attachments and history."""
    tickets = ticket_list().prefetch_related(
        Prefetch(
            "comments",
            queryset=TicketComment.objects.select_related("author").prefetch_related("attachments"),
        ),
        "attachments",
        "events",
    )
    return get_object_or_404(tickets, pk=ticket_id)


def attachment_get(*, ticket: Ticket, attachment_id: int) -> TicketAttachment:
    return get_object_or_404(TicketAttachment.objects.filter(ticket=ticket), pk=attachment_id)


# --- figures ----------------------------------------------------------------------------------

TWO_PLACES = Decimal("0.01")


def _average(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO_PLACES)


def _hours(value: timedelta | None) -> Decimal | None:
    return None if value is None else (Decimal(value.total_seconds()) / 3600).quantize(TWO_PLACES)


def _scoped(condo_ids: set[int] | None, condo_id: int | None) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if condo_ids is not None:
        tickets = tickets.filter(condo_id__in=condo_ids)
    if condo_id is not None:
        tickets = tickets.filter(condo_id=condo_id)
    return tickets


def _rating_average():
    return Avg("rating", output_field=DecimalField(max_digits=4, decimal_places=2))


def ratings_by_staff(
    *, condo_ids: set[int] | None = None, condo_id: int | None = None, staff_id: int | None = None
) -> list[dict]:
    rated = _scoped(condo_ids, condo_id).filter(rating__isnull=False, assignee__isnull=False)
    if staff_id is not None:
        rated = rated.filter(assignee_id=staff_id)
    rows = (
        rated.order_by()
        .values(
            "assignee_id", "assignee__user__first_name", "assignee__user__last_name", "assignee__user__email"
        )
        .annotate(ratings=Count("id"), average=_rating_average())
        .order_by("assignee_id")
    )
    return [
        {
            "staff_id": row["assignee_id"],
            "name": " ".join(
                part for part in (row["assignee__user__first_name"], row["assignee__user__last_name"]) if part
            )
            or row["assignee__user__email"],
            "ratings": row["ratings"],
            "average_rating": _average(row["average"]),
        }
        for row in rows
    ]


def ratings_by_category(*, condo_ids: set[int] | None = None, condo_id: int | None = None) -> list[dict]:
    rows = (
        _scoped(condo_ids, condo_id)
        .filter(rating__isnull=False)
        .order_by()
        .values("category__code")
        .annotate(ratings=Count("id"), average=_rating_average())
        .order_by("category__code")
    )
    return [
        {
            "category": row["category__code"],
            "ratings": row["ratings"],
            "average_rating": _average(row["average"]),
        }
        for row in rows
    ]


def _resolution(tickets: QuerySet[Ticket], group: str, key: str) -> list[dict]:
    rows = (
        tickets.filter(status__in=(TicketStatus.RESOLVED, TicketStatus.CLOSED), resolved_at__isnull=False)
        .order_by()
        .values(group)
        .annotate(tickets=Count("id"), average=Avg(F("resolved_at") - F("created_at")))
        .order_by(group)
    )
    return [
        {key: row[group], "tickets": row["tickets"], "average_resolution_hours": _hours(row["average"])}
        for row in rows
    ]


def resolution_by_condo(*, condo_ids: set[int] | None = None, condo_id: int | None = None) -> list[dict]:
    return _resolution(_scoped(condo_ids, condo_id), "condo_id", "condo_id")


def resolution_by_category(*, condo_ids: set[int] | None = None, condo_id: int | None = None) -> list[dict]:
    return _resolution(_scoped(condo_ids, condo_id), "category__code", "category")
