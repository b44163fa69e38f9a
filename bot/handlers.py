"""Intent handlers of the assistant core. Meter, ticket and billing handlers join with their
features; until then the assistant says it cannot do that here yet."""

from bot.engine import Turn, handler
from bot.messages import say


@handler("help")
def help_(turn: Turn) -> None:
    turn.reply(say("help", turn.language))


@handler("greeting")
def greeting(turn: Turn) -> None:
    turn.reply(say("greeting", turn.language))


@handler("unknown")
def unknown(turn: Turn) -> None:
    reply = turn.understanding.reply if turn.understanding and turn.understanding.reply else None
    turn.reply(reply or say("unknown", turn.language))


@handler("contacts")
def contacts(turn: Turn) -> None:
    place = turn.place
    if place is None:
        turn.reply(say("need_invite", turn.language))
    elif place.emergency_phone:
        turn.reply(say("contacts", turn.language, condo=place.condo, phone=place.emergency_phone))
    else:
        turn.reply(say("contacts_missing", turn.language, condo=place.condo))


@handler("my_units")
def my_units(turn: Turn) -> None:
    lines = "\n".join(f"• {place.company}: {place.address or place.condo}" for place in turn.places)
    turn.reply(say("my_units", turn.language, units=lines) if lines else say("need_invite", turn.language))


def not_available(turn: Turn) -> None:
    turn.reply(say("not_available", turn.language))


for _intent in (
    "submit_readings",
    "reading_history",
    "create_ticket",
    "list_tickets",
    "ticket_status",
    "comment_ticket",
    "get_invoice",
    "pay_invoice",
    "payment_history",
    "poll_vote",
    "vehicle_pass",
    "vehicle_plate",
    "my_tasks",
    "task_card",
    "task_take",
    "task_review",
    "task_resolve",
):
    handler(_intent)(not_available)
