"""Reporting and following tickets: create (emergency triage, photos, entry permission), my
tickets, one ticket's status, comments. Staff report incidents through the same intent: their
ticket is on the condo, not on a unit."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from bot.contexts import Place
from bot.engine import Turn, callback, flow, handler
from bot.files import FileUnavailable
from bot.handlers.tickets.common import (
    STAFF_ROLES,
    button_data,
    card_of,
    refusal,
    ticket_in_reach,
    ticket_number,
    ticket_usable,
)
from bot.messages import say
from config.api import ApiError
from tenant_apps.condos.models import Condo
from tenant_apps.tickets.models import AuthorKind, TicketSource
from tenant_apps.tickets.notifications import (
    acting_as,
    category_label,
    emergency_label,
    person_name,
    place_of,
    status_label,
)
from tenant_apps.tickets.selectors import category_for_code, tickets_of_resident
from tenant_apps.tickets.services import (
    ticket_attachment_add,
    ticket_comment_add,
    ticket_create,
    ticket_entry_permission_set,
)
from tenants.schemas import in_schema

PHOTOS_FLOW = "ticket_photos"
PHOTO_NAME = "photo.jpg"  # Telegram sends photos as JPEG
LIST_SIZE = 10
SHORT_DESCRIPTION = 60


def short(text: str) -> str:
    return text if len(text) <= SHORT_DESCRIPTION else text[: SHORT_DESCRIPTION - 1].rstrip() + "…"


def ticket_line(ticket, language: str) -> str:
    category, status = category_label(ticket, language), status_label(ticket.status, language)
    return f"#{ticket.pk} · {category} · {status} — {short(ticket.description)}"


def attach_photo(turn: Turn, ticket) -> None:
    try:
        content = turn.file_bytes
    except FileUnavailable:
        turn.reply(say("ticket_photo_unavailable", turn.language))
        return
    try:
        ticket_attachment_add(
            ticket=ticket, filename=PHOTO_NAME, content=content, uploaded_by_id=turn.account.user_id
        )
    except ApiError as error:
        refusal(turn, ticket, error)
        return
    turn.reply(say("ticket_photo_attached", turn.language, number=ticket.pk))


def _emergency(description: str, condo: Condo) -> str | None:
    from bot.understanding.triage import emergency_of

    local: datetime = timezone.now().astimezone(ZoneInfo(condo.timezone))
    return emergency_of(description, month=local.month)


# --- create -----------------------------------------------------------------------------------


@handler("create_ticket")
def create_ticket(turn: Turn) -> None:
    place: Place | None = turn.place
    if place is None:
        turn.reply(say("need_invite", turn.language))
        return
    params = turn.understanding.params
    description = (params.get("description") or turn.text).strip()
    on_unit = place.role not in STAFF_ROLES
    language = turn.language
    with in_schema(place.schema), acting_as(turn.account.user_id):
        reason = _emergency(description, Condo.objects.get(pk=place.condo_id))
        try:
            ticket = ticket_create(
                condo_id=place.condo_id,
                unit_id=place.unit_id if on_unit else None,
                author_id=turn.account.user_id,
                author_kind=AuthorKind.RESIDENT if on_unit else AuthorKind.STAFF,
                category_code=category_for_code(params.get("category") or "other").code,
                description=description,
                emergency=reason is not None,
                emergency_reason=reason or "",
                source=TicketSource.BOT,
            )
        except ApiError as error:
            turn.reply(say("ticket_problem", language, reason=error.message))
            return
        if reason and on_unit:  # the phone first: every minute counts
            label = emergency_label(reason, language)
            if place.emergency_phone:
                turn.reply(say("ticket_emergency_call", language, reason=label, phone=place.emergency_phone))
            else:
                turn.reply(say("ticket_emergency_no_phone", language, reason=label))
        category = category_label(ticket, language)
        if ticket.assignee_id:
            staff = person_name(ticket.assignee.user_id, language)
            turn.reply(
                say("ticket_created_assigned", language, number=ticket.pk, category=category, staff=staff)
            )
        else:
            turn.reply(say("ticket_created", language, number=ticket.pk, category=category))
        if turn.kind == "photo":
            attach_photo(turn, ticket)
    if on_unit:
        turn.reply(
            say("ticket_entry_question", language), buttons=entry_buttons(place.schema, ticket.pk, language)
        )
    turn.flow_start(PHOTOS_FLOW, schema=place.schema, ticket_id=ticket.pk)


def entry_buttons(schema: str, ticket_id: int, language: str) -> list[list[dict]]:
    return [
        [
            {"text": say("ticket_button_yes", language), "callback_data": f"entry:{schema}:{ticket_id}:1"},
            {"text": say("ticket_button_no", language), "callback_data": f"entry:{schema}:{ticket_id}:0"},
        ]
    ]


@flow(PHOTOS_FLOW)
def more_photos(turn: Turn) -> bool:
    """Right after a ticket is created, photos without words are attached to it."""
    if turn.kind == "callback":
        return False  # buttons are answered by their own handlers; the flow goes on
    if turn.kind != "photo" or turn.text:
        turn.flow_end()
        return False
    data = turn.account.flow_data
    with ticket_in_reach(turn, data["ticket_id"], schema=data["schema"]) as found:
        if found is None:
            turn.flow_end()
            return False
        attach_photo(turn, found[1])
    return True


@callback("entry")
def entry_pressed(turn: Turn) -> None:
    data = button_data(turn, "entry")
    if data is None:
        return
    schema, number, value = data
    with ticket_in_reach(turn, number, schema=schema) as found:
        usable_ticket = ticket_usable(turn, found, number)
        if usable_ticket is None:
            return
        ticket = usable_ticket[1]
        try:
            ticket_entry_permission_set(ticket=ticket, allowed=value == "1", actor_id=turn.account.user_id)
        except ApiError as error:
            refusal(turn, ticket, error)
            return
    answer = "ticket_entry_yes" if value == "1" else "ticket_entry_no"
    turn.reply(say(answer, turn.language, number=number))


# --- follow -----------------------------------------------------------------------------------


@handler("list_tickets")
def list_tickets(turn: Turn) -> None:
    place: Place | None = turn.place
    if place is None:
        turn.reply(say("need_invite", turn.language))
        return
    with in_schema(place.schema):
        tickets = tickets_of_resident(user_id=turn.account.user_id)
        if place.unit_id:
            tickets = tickets.filter(unit_id=place.unit_id)
        else:
            tickets = tickets.filter(condo_id=place.condo_id)
        lines = [ticket_line(ticket, turn.language) for ticket in tickets[:LIST_SIZE]]
    if lines:
        turn.reply(say("ticket_list", turn.language, lines="\n".join(lines)))
    else:
        turn.reply(say("ticket_list_empty", turn.language))


@handler("ticket_status")
def ticket_status(turn: Turn) -> None:
    number = ticket_number(turn)
    if number is None:
        turn.reply(say("unknown", turn.language))
        return
    language = turn.language
    with ticket_in_reach(turn, number) as found:
        usable_ticket = ticket_usable(turn, found, number)
        if usable_ticket is None:
            return
        place, ticket = usable_ticket
        if place.role in STAFF_ROLES:
            text, buttons = card_of(turn, place, ticket)
            turn.reply(text, buttons=buttons)
            return
        lines = [
            say(
                "ticket_detail",
                language,
                number=ticket.pk,
                category=category_label(ticket, language),
                status=status_label(ticket.status, language),
                where=place_of(ticket),
                description=ticket.description,
            )
        ]
        if ticket.assignee_id:
            staff = person_name(ticket.assignee.user_id, language)
            lines.append(say("ticket_detail_assignee", language, staff=staff))
        if ticket.rating:
            lines.append(say("ticket_detail_rating", language, rating=ticket.rating))
    turn.reply("\n".join(lines))


@handler("comment_ticket")
def comment_ticket(turn: Turn) -> None:
    """A comment by ticket number, with the message's photo when there is one."""
    number = ticket_number(turn)
    if number is None:
        turn.reply(say("unknown", turn.language))
        return
    text = (turn.understanding.params.get("text") or "").strip()
    with ticket_in_reach(turn, number) as found:
        usable_ticket = ticket_usable(turn, found, number)
        if usable_ticket is None:
            return
        ticket = usable_ticket[1]
        files = []
        if turn.kind == "photo":
            try:
                files = [(PHOTO_NAME, turn.file_bytes)]
            except FileUnavailable:
                turn.reply(say("ticket_photo_unavailable", turn.language))
                return
        try:
            ticket_comment_add(ticket=ticket, author_id=turn.account.user_id, text=text, files=files)
        except ApiError as error:
            refusal(turn, ticket, error)
            return
    turn.reply(say("ticket_comment_added", turn.language, number=number))
