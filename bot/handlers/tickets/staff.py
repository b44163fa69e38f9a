"""Staff in the assistant: my tasks, a task's card, and its moves (take, send to review, resolve)
by number or by the card's buttons. The ticket service's state machine decides what is legal."""

from bot.engine import Turn, callback, handler
from bot.handlers.tickets.common import (
    button_data,
    card_of,
    is_condo_admin,
    not_now,
    refusal,
    staff_places,
    ticket_in_reach,
    ticket_number,
    ticket_usable,
)
from bot.handlers.tickets.residents import short
from bot.messages import say
from config.api import ApiError
from tenant_apps.tickets.notifications import (
    TASK_BUTTONS,
    category_label,
    status_label,
    task_button_move,
    task_buttons,
)
from tenant_apps.tickets.selectors import tickets_of_staff
from tenant_apps.tickets.services import ticket_status_change
from tenants.schemas import in_schema

TASKS_SHOWN = 12
BUTTONS_PER_ROW = 4


def task_line(ticket, language: str) -> str:
    where = f"{ticket.condo.name}, {ticket.unit.number}" if ticket.unit_id else ticket.condo.name
    emergency = " ⚠" if ticket.emergency else ""
    category, status = category_label(ticket, language), status_label(ticket.status, language)
    return f"#{ticket.pk}{emergency} · {category} · {status} — {where}: {short(ticket.description)}"


@handler("my_tasks")
def my_tasks(turn: Turn) -> None:
    places = staff_places(turn)
    if not places:
        turn.reply(say("tasks_staff_only", turn.language))
        return
    lines, buttons = [], []
    for schema in dict.fromkeys(place.schema for place in places):
        with in_schema(schema):
            for ticket in tickets_of_staff(user_id=turn.account.user_id)[:TASKS_SHOWN]:
                lines.append(task_line(ticket, turn.language))
                buttons.append({"text": f"#{ticket.pk}", "callback_data": f"task:{schema}:{ticket.pk}:card"})
    if not lines:
        turn.reply(say("tasks_empty", turn.language))
        return
    rows = [buttons[start : start + BUTTONS_PER_ROW] for start in range(0, len(buttons), BUTTONS_PER_ROW)]
    turn.reply(say("tasks_list", turn.language, lines="\n".join(lines)), buttons=rows)


def show_card(turn: Turn, number: int, schema: str | None = None) -> None:
    with ticket_in_reach(turn, number, schema=schema, staff=True) as found:
        usable_ticket = ticket_usable(turn, found, number)
        if usable_ticket is None:
            return
        place, ticket = usable_ticket
        text, buttons = card_of(turn, place, ticket)
    turn.reply(text, buttons=buttons)


def move(turn: Turn, number: int, action: str, schema: str | None = None) -> None:
    with ticket_in_reach(turn, number, schema=schema, staff=True) as found:
        usable_ticket = ticket_usable(turn, found, number)
        if usable_ticket is None:
            return
        place, ticket = usable_ticket
        found_move = task_button_move(ticket.status, action)
        if found_move is None:
            not_now(turn, ticket)
            return
        try:
            ticket_status_change(ticket=ticket, status=found_move[0], actor_id=turn.account.user_id)
        except ApiError as error:
            refusal(turn, ticket, error)
            return
        status = status_label(ticket.status, turn.language)
        buttons = task_buttons(
            ticket, turn.language, manager=is_condo_admin(turn, place.schema, ticket.condo_id)
        )
    turn.reply(say("task_moved", turn.language, number=number, status=status), buttons=buttons)


def _by_number(action: str | None):
    def run(turn: Turn) -> None:
        number = ticket_number(turn)
        if not staff_places(turn):
            turn.reply(say("tasks_staff_only", turn.language))
        elif number is None:
            turn.reply(say("unknown", turn.language))
        elif action is None:
            show_card(turn, number)
        else:
            move(turn, number, action)

    return run


handler("task_card")(_by_number(None))
for _action in TASK_BUTTONS:
    handler(f"task_{_action}")(_by_number(_action))


@callback("task")
def task_pressed(turn: Turn) -> None:
    data = button_data(turn, "task")
    if data is None:
        return
    schema, number, action = data
    if action == "card":
        show_card(turn, number, schema)
    elif action in TASK_BUTTONS:
        move(turn, number, action, schema)
