"""Comments, attachments and ratings of tickets."""

import uuid

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.services import audit_record
from tenant_apps.tickets import notifications
from tenant_apps.tickets.files import PreparedFile, attachment_prepare
from tenant_apps.tickets.models import (
    Ticket,
    TicketAttachment,
    TicketComment,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
)
from tenant_apps.tickets.permissions import FORBIDDEN, ticket_actor
from tenant_apps.tickets.services.base import (
    COMMENT_MAX,
    RATING_COMMENT_MAX,
    audit_actor,
    invalid_input,
    ticket_lock,
)

# --- comments and attachments -----------------------------------------------------------------


def _attachment_store(
    *, ticket: Ticket, prepared: PreparedFile, uploaded_by_id: int, comment: TicketComment | None
) -> TicketAttachment:
    attachment = TicketAttachment(
        ticket=ticket,
        comment=comment,
        file_name=prepared.file_name,
        content_type=prepared.content_type,
        size=len(prepared.content),
        uploaded_by_id=uploaded_by_id,
    )
    # Under the field's "tickets/": company / ticket / a random name (never the uploaded one).
    name = f"{connection.schema_name}/{ticket.pk}/{uuid.uuid4().hex}.{prepared.extension}"
    attachment.file.save(name, ContentFile(prepared.content), save=False)
    try:
        with transaction.atomic():
            attachment.save()
            audit_record(
                actor=audit_actor(uploaded_by_id),
                action="ticket.attach",
                target=ticket,
                changes={"attachment": attachment.pk, "type": prepared.content_type, "size": attachment.size},
            )
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def _require_participant(ticket: Ticket, user_id: int):
    actor = ticket_actor(ticket, user_id)
    if not actor.participant:
        raise FORBIDDEN
    return actor


@transaction.atomic
def ticket_attachment_add(
    *,
    ticket: Ticket,
    filename: str,
    content: bytes,
    uploaded_by_id: int,
    comment: TicketComment | None = None,
) -> TicketAttachment:
    """A photo (JPEG, PNG, WebP; stored at most 2 megapixels) or a PDF, told by its bytes;
    anything else → 400 on the field "file"."""
    _require_participant(ticket, uploaded_by_id)
    prepared = attachment_prepare(filename, content)
    return _attachment_store(ticket=ticket, prepared=prepared, uploaded_by_id=uploaded_by_id, comment=comment)


@transaction.atomic
def ticket_comment_add(
    *,
    ticket: Ticket,
    author_id: int,
    text: str,
    internal: bool = False,
    files: list[tuple[str, bytes]] = (),
    ip: str | None = None,
) -> TicketComment:
    """A comment of the ticket's people (resident side, assignee, condo admin, director), with
    optional files: every file is checked before anything is stored. Internal comments are for
    staff and managers only."""
    actor = _require_participant(ticket, author_id)
    text = (text or "").strip()
    if not text and not files:
        raise invalid_input("text", "Write a comment or attach a file")
    if len(text) > COMMENT_MAX:
        raise invalid_input("text", f"At most {COMMENT_MAX} characters")
    if internal and not (actor.manager or actor.assignee):
        raise invalid_input("internal", "Only staff and managers write internal comments")
    prepared = [attachment_prepare(name, content) for name, content in files]
    comment = TicketComment.objects.create(ticket=ticket, author_id=author_id, text=text, internal=internal)
    for one in prepared:
        _attachment_store(ticket=ticket, prepared=one, uploaded_by_id=author_id, comment=comment)
    audit_record(
        actor=audit_actor(author_id),
        action="ticket.comment",
        target=ticket,
        changes={"comment": comment.pk, "internal": internal, "files": len(prepared)},
        ip=ip,
    )
    notifications.notify_ticket_comment(comment)
    return comment


# --- rating -----------------------------------------------------------------------------------


@transaction.atomic
def ticket_rate(
    *, ticket: Ticket, rating: int, comment: str = "", actor_id: int, ip: str | None = None
) -> Ticket:
    """The resident's 1–5 rating of a RESOLVED or CLOSED ticket, once (a comment may come with it
    or later, through `ticket_rating_comment_set`)."""
    ticket_lock(ticket)
    if not ticket_actor(ticket, actor_id).resident:
        raise FORBIDDEN
    if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        raise ApiError(409, f"Ticket {ticket.pk} is not resolved yet", code="ticket_not_resolved")
    if ticket.rating is not None:
        raise ApiError(409, f"Ticket {ticket.pk} has already been rated", code="already_rated")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise invalid_input("rating", "A rating is a whole number from 1 to 5")
    comment = (comment or "").strip()
    if len(comment) > RATING_COMMENT_MAX:
        raise invalid_input("comment", f"At most {RATING_COMMENT_MAX} characters")
    ticket.rating, ticket.rating_comment, ticket.rated_at = rating, comment, timezone.now()
    ticket.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    TicketEvent.objects.create(
        ticket=ticket,
        kind=TicketEventKind.RATED,
        from_status=ticket.status,
        to_status=ticket.status,
        actor_id=actor_id,
    )
    audit_record(
        actor=audit_actor(actor_id), action="ticket.rate", target=ticket, changes={"rating": rating}, ip=ip
    )
    return ticket


def _rater_id(ticket: Ticket) -> int | None:
    return (
        TicketEvent.objects.filter(ticket=ticket, kind=TicketEventKind.RATED)
        .order_by("pk")
        .values_list("actor_id", flat=True)
        .first()
    )


@transaction.atomic
def ticket_rating_comment_set(
    *, ticket: Ticket, comment: str, actor_id: int, ip: str | None = None
) -> Ticket:
    """The comment to a rating, written after it (the bot stores the rating on the button press
    and asks for a comment next): by the person who rated, once."""
    ticket_lock(ticket)
    if ticket.rating is None:
        raise ApiError(409, f"Ticket {ticket.pk} has not been rated yet", code="not_rated")
    if _rater_id(ticket) != actor_id:
        raise FORBIDDEN
    if ticket.rating_comment:
        raise ApiError(
            409, f"The rating of ticket {ticket.pk} already has a comment", code="already_commented"
        )
    comment = (comment or "").strip()
    if not comment:
        raise invalid_input("comment", "Write a comment")
    if len(comment) > RATING_COMMENT_MAX:
        raise invalid_input("comment", f"At most {RATING_COMMENT_MAX} characters")
    ticket.rating_comment = comment
    ticket.save(update_fields=["rating_comment", "updated_at"])
    audit_record(
        actor=audit_actor(actor_id),
        action="ticket.rating_comment",
        target=ticket,
        changes={"length": len(comment)},
        ip=ip,
    )
    return ticket
