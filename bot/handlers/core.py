"""Intent handlers of the assistant core: help, greeting, unknown, contacts, my units. Billing
and the later features answer "not available here yet" until they arrive."""

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
    "get_invoice",
    "pay_invoice",
    "payment_history",
    "poll_vote",
    "vehicle_pass",
    "vehicle_plate",
):
    handler(_intent)(not_available)
