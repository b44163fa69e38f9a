"""The dialogue engine: one incoming update → understanding → the intent's handler → replies
in the outbox. Handlers register by intent name; multi-step flows keep their state on the
TelegramAccount (flow + flow_data), so they survive restarts.

Adding an intent is one function:

    @handler("contacts")
    def contacts(turn: Turn) -> None:
        turn.reply(say("contacts", turn.language, ...))
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bot import outbox
from bot.contexts import Place, places_of
from bot.files import FileUnavailable, telegram_file_download
from bot.messages import say
from bot.understanding.types import Understanding
from shared_apps.botrouting.models import ConversationMessage, Direction, TelegramAccount

HANDLERS: dict[str, Callable[["Turn"], None]] = {}
FLOWS: dict[str, Callable[["Turn"], bool]] = {}
CALLBACKS: dict[str, Callable[["Turn"], None]] = {}
# Intents that act on one unit or condo: the engine settles which before the handler runs.
PLACE_INTENTS = {
    "submit_readings",
    "reading_history",
    "create_ticket",
    "get_invoice",
    "pay_invoice",
    "payment_history",
    "contacts",
    "list_tickets",
}


def handler(intent: str):
    def register(fn):
        HANDLERS[intent] = fn
        return fn

    return register


def flow(name: str):
    """A flow step: gets the turn while `account.flow == name`; returns True when it consumed it."""

    def register(fn):
        FLOWS[name] = fn
        return fn

    return register


def callback(prefix: str):
    """A button handler: gets every press whose callback_data is `<prefix>:...`, whenever the
    button was sent (notifications carry buttons that outlive any flow)."""

    def register(fn):
        CALLBACKS[prefix] = fn
        return fn

    return register


@dataclass
class Turn:
    account: TelegramAccount
    text: str
    update_id: int | None = None
    callback_data: str | None = None
    callback_query_id: str | None = None
    understanding: Understanding | None = None
    replies: list[str] = field(default_factory=list)
    # What the message carries besides text: "text", "photo", "document" or "callback".
    kind: str = "text"
    file_id: str | None = None
    # The person's message as stored in the conversation: written just before the first reply
    # (or at the end of the turn), once, with the intent already on it.
    incoming: ConversationMessage | None = None

    @cached_property
    def file_bytes(self) -> bytes:
        """The photo or document of this message, downloaded on first use.
        Raises `bot.files.FileUnavailable` when Telegram cannot give it."""
        if not self.file_id:
            raise FileUnavailable("the message carries no file")
        return telegram_file_download(self.file_id)

    @property
    def language(self) -> str:
        return self.account.language

    @cached_property
    def places(self) -> list[Place]:
        return places_of(self.account.user_id) if self.account.user_id else []

    @property
    def place(self) -> Place | None:
        """The unit or condo in focus: the only one, or the one chosen last."""
        if len(self.places) == 1:
            return self.places[0]
        for place in self.places:
            if place.schema == self.account.context_schema and (
                place.unit_id == self.account.context_unit_id
                or (place.unit_id is None and not self.account.context_unit_id)
            ):
                return place
        return None

    def incoming_record(self) -> None:
        if self.incoming is not None and self.incoming.pk is None:
            if self.understanding is not None:
                self.incoming.intent = self.understanding.intent
                self.incoming.params = self.understanding.params
            self.incoming.save()

    def reply(self, text: str, *, buttons: list[list[dict]] | None = None) -> None:
        self.incoming_record()  # the conversation reads in order: question, then answers
        outbox.outbox_text(chat_id=self.account.chat_id, text=text, buttons=buttons, account=self.account)
        self.replies.append(text)
        ConversationMessage.objects.create(
            account=self.account, direction=Direction.OUT, text=text, schema_name=self.account.context_schema
        )

    def flow_start(self, name: str, **data) -> None:
        self.account.flow, self.account.flow_data = name, data
        self.account.save(update_fields=["flow", "flow_data", "updated_at"])

    def flow_end(self) -> None:
        self.account.flow, self.account.flow_data = "", {}
        self.account.save(update_fields=["flow", "flow_data", "updated_at"])

    def focus(self, place: Place) -> None:
        self.account.context_schema, self.account.context_unit_id = place.schema, place.unit_id
        self.account.save(update_fields=["context_schema", "context_unit_id", "updated_at"])


def place_from_hint(places: list[Place], hint: str | None) -> Place | None:
    if not hint:
        return None
    matches = [
        place for place in places if place.unit_number and place.unit_number.lower() == str(hint).lower()
    ]
    return matches[0] if len(matches) == 1 else None


def place_buttons(places: list[Place]) -> list[list[dict]]:
    return [
        [{"text": place.address or place.condo, "callback_data": f"place:{place.key}"}] for place in places
    ]


def dispatch(turn: Turn) -> None:
    """Runs the handler of the understood intent, first settling the place when it matters."""
    understanding = turn.understanding
    intent = understanding.intent if understanding.intent in HANDLERS else "unknown"
    if intent in PLACE_INTENTS and turn.places:
        place = place_from_hint(turn.places, understanding.params.get("unit")) or turn.place
        if place is None:
            # Never guess: list the person's units and wait for the choice. The message's photo
            # or document waits too, so the handler gets the whole message after the choice.
            turn.flow_start(
                "choose_place",
                intent=intent,
                params=understanding.params,
                text=turn.text,
                kind=turn.kind,
                file_id=turn.file_id,
            )
            turn.reply(say("choose_unit", turn.language), buttons=place_buttons(turn.places))
            return
        turn.focus(place)
        if place.company_blocked:
            turn.reply(say("company_blocked", turn.language, company=place.company))
            return
    HANDLERS[intent](turn)


@flow("choose_place")
def choose_place(turn: Turn) -> bool:
    if not (turn.callback_data or "").startswith("place:"):
        return False
    key = turn.callback_data.removeprefix("place:")
    chosen = next((place for place in turn.places if place.key == key), None)
    if chosen is None:
        return False
    pending = turn.account.flow_data
    turn.flow_end()
    turn.focus(chosen)
    turn.reply(say("unit_chosen", turn.language, address=chosen.address or chosen.condo))
    turn.understanding = Understanding(intent=pending["intent"], params=pending["params"], candidates=[])
    turn.text, turn.kind, turn.file_id = pending["text"], pending.get("kind", "text"), pending.get("file_id")
    if chosen.company_blocked:
        turn.reply(say("company_blocked", turn.language, company=chosen.company))
        return True
    HANDLERS.get(pending["intent"], HANDLERS["unknown"])(turn)
    return True
