"""What the ticket handlers share: finding a ticket the person may see across their companies,
acting as the person inside its company schema, reading button data, explaining refusals."""

from collections.abc import Iterator
from contextlib import contextmanager

from bot.contexts import Place
from bot.engine import Turn
from bot.handlers.tickets import texts  # noqa: F401  (registers the texts)
from bot.messages import say
from config.api import ApiError
from shared_apps.accounts.models import CompanyRole
from tenant_apps.tickets.notifications import acting_as, status_label, task_card
from tenant_apps.tickets.selectors import ticket_visible_to
from tenants.schemas import in_schema

STAFF_ROLES = frozenset({CompanyRole.STAFF, CompanyRole.CONDO_ADMIN})


def staff_places(turn: Turn) -> list[Place]:
    return [place for place in turn.places if place.role in STAFF_ROLES]


def is_condo_admin(turn: Turn, schema: str, condo_id: int) -> bool:
    return any(
        place.schema == schema and place.condo_id == condo_id and place.role == CompanyRole.CONDO_ADMIN
        for place in turn.places
    )


def card_of(turn: Turn, place: Place, ticket) -> tuple[str, list[list[dict]]]:
    """The staff card of a ticket; its move buttons only for the assignee and the condo admin
    (staff also see tickets they wrote themselves, but do not work them)."""
    manager = is_condo_admin(turn, place.schema, ticket.condo_id)
    text, buttons = task_card(ticket, turn.language, manager=manager)
    assignee = ticket.assignee_id is not None and ticket.assignee.user_id == turn.account.user_id
    return text, buttons if manager or assignee else []


def _schemas(places: list[Place], focus: str) -> list[str]:
    """The companies to look in: the one in focus first, then the others in their order."""
    schemas = list(dict.fromkeys(place.schema for place in places))
    return sorted(schemas, key=lambda schema: schema != focus)


def _place_for(places: list[Place], schema: str, ticket) -> Place:
    here = [place for place in places if place.schema == schema]
    return next(
        (place for place in here if place.unit_id and place.unit_id == ticket.unit_id),
        next((place for place in here if place.condo_id == ticket.condo_id), here[0]),
    )


@contextmanager
def ticket_in_reach(
    turn: Turn, ticket_id: int, *, schema: str | None = None, staff: bool = False
) -> Iterator[tuple[Place, object] | None]:
    """(place, ticket) inside the ticket's company schema, acting as the person; None when no
    company of theirs (`schema` only, when a button names it) has that ticket for them.
    A company that is paused for debt counts as found: the caller says so."""
    places = staff_places(turn) if staff else turn.places
    if schema is not None:
        places = [place for place in places if place.schema == schema]
    for candidate in _schemas(places, turn.account.context_schema):
        with in_schema(candidate):
            ticket = ticket_visible_to(ticket_id=ticket_id, user_id=turn.account.user_id)
            if ticket is not None:
                with acting_as(turn.account.user_id):
                    yield _place_for(places, candidate, ticket), ticket
                return
    yield None


def ticket_usable(turn: Turn, found: tuple[Place, object] | None, number: int) -> tuple[Place, object] | None:
    """What `ticket_in_reach` found, when there is a ticket and its company is not paused; None
    otherwise, after telling the person why."""
    if found is None:
        turn.reply(say("ticket_not_found", turn.language, number=number))
        return None
    if found[0].company_blocked:
        turn.reply(say("company_blocked", turn.language, company=found[0].company))
        return None
    return found


def refusal(turn: Turn, ticket, error: ApiError) -> None:
    """A service said no: the person hears why, in their language where we know the reason."""
    if error.code == "illegal_transition":
        ticket.refresh_from_db(fields=["status"])
        not_now(turn, ticket)
    elif error.code == "permission_denied":
        turn.reply(say("ticket_forbidden", turn.language, number=ticket.pk))
    else:
        turn.reply(say("ticket_problem", turn.language, reason=error.message))


def not_now(turn: Turn, ticket) -> None:
    status = status_label(ticket.status, turn.language)
    turn.reply(say("ticket_illegal", turn.language, number=ticket.pk, status=status))


def button_data(turn: Turn, prefix: str) -> tuple[str, int, str] | None:
    """`<prefix>:<schema>:<ticket id>:<value>` → (schema, ticket id, value); None if malformed."""
    parts = (turn.callback_data or "").split(":")
    if len(parts) != 4 or parts[0] != prefix or not parts[2].isdigit() or len(parts[2]) > 18:
        return None
    return parts[1], int(parts[2]), parts[3]


def ticket_number(turn: Turn) -> int | None:
    value = (turn.understanding.params or {}).get("ticket_id") if turn.understanding else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
