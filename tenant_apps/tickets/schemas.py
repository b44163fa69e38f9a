from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from tenant_apps.tickets.models import TicketStatus


def _person(user) -> str:
    return " ".join(part for part in (user.first_name, user.last_name) if part) or user.email


class TicketOut(Schema):
    id: int
    condo_id: int
    condo_name: str
    unit_id: int | None
    unit_number: str | None
    building_name: str | None
    category: str
    category_name: str
    description: str
    status: TicketStatus
    emergency: bool
    emergency_reason: str
    entry_allowed: bool | None
    author_id: int
    author_name: str
    author_kind: str
    assignee_id: int | None
    assignee_name: str | None
    source: str
    created_at: datetime
    assigned_at: datetime | None
    started_at: datetime | None
    review_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    rating_comment: str
    rated_at: datetime | None

    @staticmethod
    def resolve_condo_name(ticket) -> str:
        return ticket.condo.name

    @staticmethod
    def resolve_unit_number(ticket) -> str | None:
        return ticket.unit.number if ticket.unit_id else None

    @staticmethod
    def resolve_building_name(ticket) -> str | None:
        return ticket.unit.building.name if ticket.unit_id else None

    @staticmethod
    def resolve_category(ticket) -> str:
        return ticket.category.code

    @staticmethod
    def resolve_category_name(ticket) -> str:
        return ticket.category.name

    @staticmethod
    def resolve_author_name(ticket) -> str:
        return _person(ticket.author)

    @staticmethod
    def resolve_assignee_name(ticket) -> str | None:
        return _person(ticket.assignee.user) if ticket.assignee_id else None


class TicketPageOut(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class AttachmentOut(Schema):
    id: int
    comment_id: int | None
    file_name: str
    content_type: str
    size: int
    uploaded_by_id: int
    created_at: datetime
    url: str

    @staticmethod
    def resolve_url(attachment) -> str:
        return f"/api/v1/tickets/{attachment.ticket_id}/attachments/{attachment.pk}"


class CommentOut(Schema):
    id: int
    author_id: int
    author_name: str
    text: str
    internal: bool
    created_at: datetime
    attachment_ids: list[int]

    @staticmethod
    def resolve_author_name(comment) -> str:
        return _person(comment.author)

    @staticmethod
    def resolve_attachment_ids(comment) -> list[int]:
        return [attachment.pk for attachment in comment.attachments.all()]


class EventOut(Schema):
    id: int
    kind: str
    from_status: str
    to_status: str
    actor_id: int | None
    assignee_id: int | None
    created_at: datetime


class TicketDetailOut(TicketOut):
    comments: list[CommentOut]
    attachments: list[AttachmentOut]
    events: list[EventOut]

    @staticmethod
    def resolve_comments(ticket) -> list:
        return list(ticket.comments.all())

    @staticmethod
    def resolve_attachments(ticket) -> list:
        return list(ticket.attachments.all())

    @staticmethod
    def resolve_events(ticket) -> list:
        return list(ticket.events.all())


class TicketCreateIn(Schema):
    condo_id: int | None = None  # the unit's condo when a unit is given
    unit_id: int | None = None
    category: str = Field(max_length=40)
    description: str = Field(min_length=1, max_length=4000)
    emergency: bool = False
    emergency_reason: str = Field("", max_length=500)
    entry_allowed: bool | None = None


class AssignIn(Schema):
    staff_id: int


class StatusIn(Schema):
    status: TicketStatus


class CommentIn(Schema):
    text: str = Field("", max_length=4000)
    internal: bool = False


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    specialization_codes: list[str]
    auto_assign: bool
    is_active: bool


class CategoryUpdateIn(Schema):
    auto_assign: bool | None = None
    specialization_codes: list[str] | None = Field(None, max_length=20)


class StaffRatingOut(Schema):
    staff_id: int
    name: str
    ratings: int
    average_rating: Decimal | None


class CategoryRatingOut(Schema):
    category: str
    ratings: int
    average_rating: Decimal | None


class CondoResolutionOut(Schema):
    condo_id: int
    tickets: int
    average_resolution_hours: Decimal | None


class CategoryResolutionOut(Schema):
    category: str
    tickets: int
    average_resolution_hours: Decimal | None


class StatsOut(Schema):
    ratings_by_staff: list[StaffRatingOut]
    ratings_by_category: list[CategoryRatingOut]
    resolution_by_condo: list[CondoResolutionOut]
    resolution_by_category: list[CategoryResolutionOut]


class MyRatingOut(Schema):
    staff_id: int | None
    ratings: int
    average_rating: Decimal | None
