"""The resident rates resolved work: the RESOLVED notification carries 1–5 and Skip buttons.
A number is stored on the press (a resident who presses "4" and never writes again keeps their
rating); then the assistant asks for an optional comment. The next text is the comment unless
it reads as another request ("my tickets", readings, a command); Skip or anything else (another
button, a photo, another request) ends the question and goes its own way."""

from bot.engine import Turn, callback, flow
from bot.handlers.tickets.common import button_data, not_now, refusal, ticket_in_reach, ticket_usable
from bot.messages import say
from bot.understanding.offline import understand_offline
from bot.understanding.types import UnderstandingContext
from config.api import ApiError
from tenant_apps.tickets.models import TicketStatus
from tenant_apps.tickets.notifications import RATING_SKIP
from tenant_apps.tickets.services import ticket_rate, ticket_rating_comment_set

RATING_FLOW = "ticket_rating"
SKIP_COMMENT = "skip"
SCORES = {str(score) for score in range(1, 6)}
# What the offline understanding makes of feedback: "Quick and clean work" (unknown), "thanks"
# (greeting), "still leaking" (a problem). Any other intent is a new request, not the comment.
FEEDBACK_INTENTS = frozenset({"unknown", "greeting", "create_ticket"})


def is_feedback(turn: Turn) -> bool:
    """A text that reads as a comment. The offline understanding is enough to tell, and free."""
    if turn.kind != "text" or not turn.text:
        return False
    understood = understand_offline(UnderstandingContext(text=turn.text, language=turn.language))
    return understood.intent in FEEDBACK_INTENTS


def skip_buttons(schema: str, number: int, language: str) -> list[list[dict]]:
    skip = {
        "text": say("ticket_button_skip", language),
        "callback_data": f"rate:{schema}:{number}:{SKIP_COMMENT}",
    }
    return [[skip]]


def _asking(turn: Turn) -> tuple[str, int] | None:
    """(schema, ticket id) of the rating whose comment the assistant is waiting for."""
    if turn.account.flow != RATING_FLOW:
        return None
    return turn.account.flow_data["schema"], turn.account.flow_data["ticket_id"]


def rating_store(turn: Turn, schema: str, number: int, score: int) -> None:
    with ticket_in_reach(turn, number, schema=schema) as found:
        usable_ticket = ticket_usable(turn, found, number)
        if usable_ticket is None:
            return
        ticket = usable_ticket[1]
        if ticket.rating is not None:
            turn.reply(say("ticket_rated_already", turn.language, number=number))
            return
        if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
            not_now(turn, ticket)
            return
        try:
            ticket_rate(ticket=ticket, rating=score, actor_id=turn.account.user_id)
        except ApiError as error:
            if error.code == "already_rated":  # pressed twice at once: the first press won
                turn.reply(say("ticket_rated_already", turn.language, number=number))
            else:
                refusal(turn, ticket, error)
            return
    turn.flow_start(RATING_FLOW, schema=schema, ticket_id=number)
    ask = say("ticket_rate_comment_ask", turn.language, number=number, rating=score)
    turn.reply(ask, buttons=skip_buttons(schema, number, turn.language))


@callback("rate")
def rate_pressed(turn: Turn) -> None:
    data = button_data(turn, "rate")
    if data is None:
        return
    schema, number, value = data
    asking = _asking(turn)
    same_ticket = asking == (schema, number)
    if value == SKIP_COMMENT:
        if same_ticket:
            turn.flow_end()
            turn.reply(say("ticket_rate_comment_skipped", turn.language, number=number))
        return
    if asking is not None and not same_ticket:
        turn.flow_end()  # another ticket's button: that comment is not coming
    if value == str(RATING_SKIP):
        turn.reply(say("ticket_rate_skipped", turn.language, number=number))
    elif value in SCORES:
        rating_store(turn, schema, number, int(value))


@flow(RATING_FLOW)
def rating_comment(turn: Turn) -> bool:
    """The next text is the rating's comment; anything else ends the question and goes on."""
    if (turn.callback_data or "").startswith("rate:"):
        return False  # answered by rate_pressed
    schema, number = _asking(turn)
    if not is_feedback(turn):
        turn.flow_end()
        return False
    with ticket_in_reach(turn, number, schema=schema) as found:
        if found is None:
            turn.flow_end()
            return False
        ticket = found[1]
        try:
            ticket_rating_comment_set(ticket=ticket, comment=turn.text, actor_id=turn.account.user_id)
        except ApiError as error:
            if "comment" in (error.fields or {}):  # too long: the question stays for a shorter one
                reason = say("ticket_problem", turn.language, reason=error.message)
                turn.reply(reason, buttons=skip_buttons(schema, number, turn.language))
                return True
            turn.flow_end()
            refusal(turn, ticket, error)
            return True
    turn.flow_end()
    turn.reply(say("ticket_rate_comment_saved", turn.language, number=number))
    return True
