"""Telegram notifications of ticket events (SPEC §8, §10).

The ticket services call these functions inside their transaction: the messages are outbox
rows, so a rolled-back change sends nothing. Each recipient gets the text in the language of
their Telegram account; people without one are skipped. Messages to residents wait out the
condo's quiet hours (`deliver_after`), emergencies excepted; staff get theirs at once.

While the bot carries out a person's own action (`acting_as`), that person gets the bot's
reply to it and no notification about it.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from bot import outbox
from bot.messages import MESSAGES, say
from shared_apps.accounts.models import User
from shared_apps.botrouting.models import ConversationMessage, Direction, TelegramAccount
from tenant_apps.residents.models import StaffProfile, StaffRole
from tenant_apps.tickets import texts  # noqa: F401  (registers the ticket texts)
from tenant_apps.tickets.models import AuthorKind, TicketStatus
from tenant_apps.tickets.permissions import is_resident_side
from tenant_apps.tickets.transitions import TRANSITIONS, Move

_acting: ContextVar[int | None] = ContextVar("ticket_notifications_acting", default=None)

RATING_SKIP = 0


@contextmanager
def acting_as(user_id: int) -> Iterator[None]:
    """The bot runs `user_id`'s own action: they get its reply, not a notification about it."""
    token = _acting.set(user_id)
    try:
        yield
    finally:
        _acting.reset(token)


def _now() -> datetime:
    return timezone.now()


# --- how a ticket reads ---------------------------------------------------------------------


def status_label(status: str, language: str) -> str:
    return say(f"ticket_status_{status}", language)


def category_label(ticket, language: str) -> str:
    key = f"ticket_category_{ticket.category.code}"
    return say(key, language) if _has_text(key) else ticket.category.name


def emergency_label(reason: str, language: str) -> str:
    key = f"ticket_emergency_{reason}"
    return say(key, language) if _has_text(key) else reason


def _has_text(key: str) -> bool:
    return key in MESSAGES


def place_of(ticket) -> str:
    return ticket.unit.full_address if ticket.unit_id else ticket.condo.address or ticket.condo.name


def person_name(user_id: int | None, language: str) -> str:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    name = f"{user.first_name} {user.last_name}".strip() if user else ""
    return name or say("ticket_staff_member", language)


# The assistant's buttons on a task card, each with the moves of the state machine it makes:
# "resolve" also approves a review (for managers).
TASK_BUTTONS = {"take": {"take"}, "review": {"review"}, "resolve": {"resolve", "approve"}}


def task_button_move(status: str, button: str) -> tuple[str, Move] | None:
    """(target status, move) the button makes from `status`, or None: a stale button never makes
    another move to the same status (an old Take on a RESOLVED ticket must not reopen it)."""
    for to_status, move in TRANSITIONS[status].items():
        if move.action in TASK_BUTTONS.get(button, ()):
            return to_status, move
    return None


def task_buttons(ticket, language: str, *, manager: bool = False) -> list[list[dict]]:
    """The moves the ticket's status allows, as buttons `task:<schema>:<id>:<button>`: the
    assignee takes, sends to review and resolves; approving a review is for managers."""
    buttons = []
    for button in TASK_BUTTONS:
        found = task_button_move(ticket.status, button)
        if found is not None and (found[1].by_assignee or manager):
            buttons.append(button)
    if not buttons:
        return []
    return [
        [
            {
                "text": say(f"ticket_button_{button}", language),
                "callback_data": f"task:{connection.schema_name}:{ticket.pk}:{button}",
            }
            for button in buttons
        ]
    ]


def task_card(ticket, language: str, *, manager: bool = False) -> tuple[str, list[list[dict]]]:
    """The staff view of a ticket: what, where, status, emergency, entry permission + moves."""
    text = say(
        "ticket_card",
        language,
        number=ticket.pk,
        category=category_label(ticket, language),
        where=place_of(ticket),
        status=status_label(ticket.status, language),
        description=ticket.description,
    )
    if ticket.emergency:
        reason = emergency_label(ticket.emergency_reason, language)
        text += "\n" + say("ticket_card_emergency", language, reason=reason)
    if ticket.entry_allowed is not None:
        text += "\n" + say(
            "ticket_card_entry_yes" if ticket.entry_allowed else "ticket_card_entry_no", language
        )
    return text, task_buttons(ticket, language, manager=manager)


def rating_buttons(ticket, language: str) -> list[list[dict]]:
    prefix = f"rate:{connection.schema_name}:{ticket.pk}"
    return [
        [{"text": str(score), "callback_data": f"{prefix}:{score}"} for score in range(1, 6)],
        [{"text": say("ticket_button_skip", language), "callback_data": f"{prefix}:{RATING_SKIP}"}],
    ]


# --- sending --------------------------------------------------------------------------------


def _send(
    user_ids: Iterable[int | None],
    message: Callable[[str], tuple[str, list[list[dict]] | None]],
    *,
    deliver_after: datetime | None = None,
    files=(),
) -> None:
    """`message(language)` → (text, buttons), then the `files` (ticket attachments), for each
    Telegram account of the people (in their order); kept in the conversation store like every
    reply. One query finds all the accounts."""
    acting = _acting.get()
    order = {
        user_id: index
        for index, user_id in enumerate(dict.fromkeys(user_ids))
        if user_id is not None and user_id != acting
    }
    if not order:
        return
    accounts = sorted(
        TelegramAccount.objects.filter(user_id__in=order),
        key=lambda account: (order[account.user_id], account.pk),
    )
    for account in accounts:
        text, buttons = message(account.language)
        outbox.outbox_text(
            chat_id=account.chat_id, text=text, buttons=buttons, account=account, deliver_after=deliver_after
        )
        for attachment in files:
            send_file = (
                outbox.outbox_photo
                if attachment.content_type.startswith("image/")
                else outbox.outbox_document
            )
            send_file(
                chat_id=account.chat_id,
                path=attachment.file.name,
                account=account,
                deliver_after=deliver_after,
            )
        ConversationMessage.objects.create(
            account=account, direction=Direction.OUT, text=text, schema_name=connection.schema_name
        )


def _resident_of(ticket) -> int | None:
    return ticket.author_id if ticket.author_kind == AuthorKind.RESIDENT else None


def _resident_deliver_after(ticket) -> datetime | None:
    """Residents are not woken up, unless it is an emergency."""
    return None if ticket.emergency else ticket.condo.quiet_hours_end_after(_now())


def _to_resident(ticket, message) -> None:
    _send([_resident_of(ticket)], message, deliver_after=_resident_deliver_after(ticket))


# --- the events -----------------------------------------------------------------------------


def notify_ticket_created(ticket) -> None:
    """An emergency alerts the condo admins and the on-call staff of the category at once."""
    if not ticket.emergency:
        return
    codes = list(ticket.category.specialization_codes or [])
    staff = (
        StaffProfile.objects.filter(
            is_active=True, condo_links__condo_id=ticket.condo_id, condo_links__deleted_at__isnull=True
        )
        .filter(Q(role=StaffRole.CONDO_ADMIN) | Q(on_call=True, specialization_codes__overlap=codes))
        .distinct()
        .order_by("id")
    )

    def alert(language: str):
        return (
            say(
                "ticket_emergency_alert",
                language,
                number=ticket.pk,
                reason=emergency_label(ticket.emergency_reason, language),
                where=place_of(ticket),
                description=ticket.description,
            ),
            None,
        )

    _send(staff.values_list("user_id", flat=True), alert)


def notify_ticket_assigned(ticket, *, previous_staff_id: int | None = None) -> None:
    """The assignee gets the task card (with Take); the resident learns who will come; on a
    reassignment the previous assignee (StaffProfile id) is told the task was taken off them."""
    if ticket.assignee_id is None:
        return
    if previous_staff_id is not None and previous_staff_id != ticket.assignee_id:
        _to_previous_assignee(ticket, previous_staff_id)

    def card(language: str):
        text, buttons = task_card(ticket, language)
        return say("ticket_new_task", language) + "\n\n" + text, buttons

    _send([ticket.assignee.user_id], card)

    def assigned(language: str):
        staff = person_name(ticket.assignee.user_id, language)
        category = category_label(ticket, language)
        return say(
            "ticket_assigned_resident", language, number=ticket.pk, category=category, staff=staff
        ), None

    _to_resident(ticket, assigned)


def notify_ticket_unassigned(ticket, previous_staff_id: int | None) -> None:
    """The assignment was cancelled: the previous assignee (StaffProfile id) hears the task was
    taken off them, the resident that the ticket is back in the queue (after quiet hours)."""
    if previous_staff_id is not None:
        _to_previous_assignee(ticket, previous_staff_id)

    def waiting(language: str):
        category = category_label(ticket, language)
        return say("ticket_back_in_queue", language, number=ticket.pk, category=category), None

    _to_resident(ticket, waiting)


def _to_previous_assignee(ticket, previous_staff_id: int) -> None:
    user_id = StaffProfile.objects.filter(pk=previous_staff_id).values_list("user_id", flat=True).first()

    def taken_away(language: str):
        category = category_label(ticket, language)
        return say("ticket_task_taken_away", language, number=ticket.pk, category=category), None

    _send([user_id], taken_away)


def notify_ticket_status(ticket, old_status: str) -> None:
    """The resident hears of every status change; RESOLVED asks for a rating (1–5, Skip).
    The assignee hears of moves someone else made (a manager approving or returning a review),
    with the card's next moves; not of the closing. ASSIGNED is told by `notify_ticket_assigned`."""
    if ticket.status == old_status or ticket.status == TicketStatus.ASSIGNED:
        return
    if ticket.assignee_id and ticket.status != TicketStatus.CLOSED:

        def moved(language: str):
            status = status_label(ticket.status, language)
            return say("task_moved", language, number=ticket.pk, status=status), task_buttons(
                ticket, language
            )

        _send([ticket.assignee.user_id], moved)

    def changed(language: str):
        category = category_label(ticket, language)
        if ticket.status == TicketStatus.RESOLVED:
            return (
                say("ticket_rate_request", language, number=ticket.pk, category=category),
                rating_buttons(ticket, language),
            )
        status = status_label(ticket.status, language)
        return say(
            "ticket_status_changed", language, number=ticket.pk, category=category, status=status
        ), None

    _to_resident(ticket, changed)


def notify_ticket_comment(comment) -> None:
    """A comment of the resident side (author or someone living in the unit) goes to the
    assignee; a staff comment, unless internal, to the resident. Its files go along."""
    ticket = comment.ticket
    files = list(comment.attachments.all())

    def body(language: str) -> str:
        return comment.text or say("ticket_comment_files", language)

    if is_resident_side(user_id=comment.author_id, ticket=ticket):
        if ticket.assignee_id is None:
            return

        def to_staff(language: str):
            return say("ticket_comment_to_staff", language, number=ticket.pk, text=body(language)), None

        _send([ticket.assignee.user_id], to_staff, files=files)
        return
    if comment.internal:
        return

    def to_resident(language: str):
        author = person_name(comment.author_id, language)
        text = say(
            "ticket_comment_to_resident", language, number=ticket.pk, author=author, text=body(language)
        )
        return text, None

    _send([_resident_of(ticket)], to_resident, deliver_after=_resident_deliver_after(ticket), files=files)
