"""The resident rates resolved work: the RESOLVED notification carries 1–5 and Skip buttons; a
number asks for an optional comment (typed, or Skip). The rating is stored once, with its
comment, by the next thing the person does: the comment, Skip, or any other message (then
without a comment), so a rating is never lost to a resident who just moves on."""

from bot.engine import Turn, callback, flow
from bot.handlers.tickets.common import button_data, not_now, refusal, ticket_in_reach, usable
from bot.messages import say
from config.api import ApiError
from tenant_apps.tickets.models import TicketStatus
from tenant_apps.tickets.notifications import RATING_SKIP
from tenant_apps.tickets.services import ticket_rate

RATING_FLOW = "ticket_rating"
SKIP_COMMENT = "skip"
SCORES = {str(score) for score in range(1, 6)}


def skip_buttons(schema: str, number: int, language: str) -> list[list[dict]]:
    skip = {
        "text": say("ticket_button_skip", language),
        "callback_data": f"rate:{schema}:{number}:{SKIP_COMMENT}",
    }
    return [[skip]]


def rating_save(turn: Turn, pending: dict, comment: str = "") -> None:
    number = pending["ticket_id"]
    with ticket_in_reach(turn, number, schema=pending["schema"]) as found:
        if found is None:
            turn.reply(say("ticket_not_found", turn.language, number=number))
            return
        ticket = found[1]
        try:
            ticket_rate(
                ticket=ticket, rating=pending["rating"], comment=comment, actor_id=turn.account.user_id
            )
        except ApiError as error:
            if error.code == "already_rated":
                turn.reply(say("ticket_rated_already", turn.language, number=number))
            elif "comment" in (error.fields or {}):  # too long: the rating waits for a shorter one
                turn.flow_start(RATING_FLOW, **pending)
                reason = say("ticket_problem", turn.language, reason=error.message)
                turn.reply(reason, buttons=skip_buttons(pending["schema"], number, turn.language))
            else:
                refusal(turn, ticket, error)
            return
    turn.reply(say("ticket_rate_saved", turn.language, number=number))


def _pending(turn: Turn) -> dict | None:
    return dict(turn.account.flow_data) if turn.account.flow == RATING_FLOW else None


@callback("rate")
def rate_pressed(turn: Turn) -> None:
    data = button_data(turn, "rate")
    if data is None:
        return
    schema, number, value = data
    pending = _pending(turn)
    same_ticket = pending is not None and (pending["schema"], pending["ticket_id"]) == (schema, number)
    if value == SKIP_COMMENT:
        if same_ticket:
            turn.flow_end()
            rating_save(turn, pending)
        return
    if pending is not None and not same_ticket:
        turn.flow_end()
        rating_save(turn, pending)  # another ticket's rating, still waiting for its comment
    if value == str(RATING_SKIP):
        if same_ticket:
            turn.flow_end()
        turn.reply(say("ticket_rate_skipped", turn.language, number=number))
        return
    if value not in SCORES:
        return
    with ticket_in_reach(turn, number, schema=schema) as found:
        if found is None:
            turn.reply(say("ticket_not_found", turn.language, number=number))
            return
        place, ticket = found
        if not usable(turn, place):
            return
        if ticket.rating is not None:
            turn.reply(say("ticket_rated_already", turn.language, number=number))
            return
        if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
            not_now(turn, ticket)
            return
    turn.flow_start(RATING_FLOW, schema=schema, ticket_id=number, rating=int(value))
    ask = say("ticket_rate_comment_ask", turn.language, number=number, rating=value)
    turn.reply(ask, buttons=skip_buttons(schema, number, turn.language))


@flow(RATING_FLOW)
def rating_comment(turn: Turn) -> bool:
    """The next text is the comment; anything else stores the rating without one."""
    if (turn.callback_data or "").startswith("rate:"):
        return False  # answered by rate_pressed
    pending = _pending(turn)
    turn.flow_end()
    if turn.kind == "text" and turn.text and not turn.text.startswith("/"):
        rating_save(turn, pending, comment=turn.text)
        return True
    rating_save(turn, pending)
    return False
