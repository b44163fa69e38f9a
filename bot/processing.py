"""One stored update → one turn of the conversation."""

from django.conf import settings
from django.utils import timezone

from bot import (
    handlers,  # noqa: F401  (registers the intent handlers)
    outbox,
)
from bot.contexts import account_upsert, account_user_ensure
from bot.engine import CALLBACKS, FLOWS, HANDLERS, Turn, dispatch
from bot.messages import say
from bot.understanding.choose import understand
from bot.understanding.types import Understanding, UnderstandingContext
from bot.updates import Incoming, incoming_of
from config.api import ApiError
from shared_apps.botrouting.models import ConversationMessage, Direction, TelegramAccount
from tenant_apps.residents.services import invite_accept

HISTORY_SIZE = 20


def history_of(account: TelegramAccount, *, current: ConversationMessage | None = None) -> list[dict]:
    """The last messages before the one being handled (`current`, stored or not yet)."""
    recent = ConversationMessage.objects.filter(account=account).order_by("-created_at", "-id")
    if current is not None and current.pk is not None:
        recent = recent.exclude(pk=current.pk)
    rows = list(reversed(recent[:HISTORY_SIZE]))
    return [
        {"role": "user" if row.direction == Direction.IN else "assistant", "text": row.text} for row in rows
    ]


def start_command(turn: Turn, token: str) -> None:
    if not token:
        turn.reply(say("help", turn.language) if turn.places else say("need_invite", turn.language))
        return
    user = account_user_ensure(turn.account)
    try:
        joined = invite_accept(token=token, user=user)
    except ApiError as error:
        turn.reply(say("invite_problem", turn.language, reason=error.message))
        return
    turn.__dict__.pop("places", None)  # the person has a new place now
    turn.account.context_schema, turn.account.context_unit_id = joined.company.schema_name, joined.unit_id
    turn.account.save(update_fields=["context_schema", "context_unit_id", "updated_at"])
    if joined.unit_id:
        turn.reply(say("joined_unit", turn.language, company=joined.company.name, address=joined.address))
    else:
        turn.reply(say("joined_staff", turn.language, company=joined.company.name, condo=joined.condo_name))
    if joined.company.is_blocked:
        turn.reply(say("company_blocked", turn.language, company=joined.company.name))


def understanding_context(turn: Turn) -> UnderstandingContext:
    """The offline understanding reads the text alone; the person's units and the recent
    conversation are gathered only for the AI."""
    with_ai = bool(settings.PERPLEXITY_API_KEY)
    return UnderstandingContext(
        text=turn.text,
        language=turn.language,
        units=[
            {"unit": place.unit_number, "address": place.address, "company": place.company}
            for place in turn.places
        ]
        if with_ai
        else [],
        summary=turn.account.summary,
        history=history_of(turn.account, current=turn.incoming) if with_ai else [],
    )


def turn_handle(
    payload: dict, update_id: int | None = None, account: TelegramAccount | None = None
) -> Turn | None:
    """Handles one update. AIUnavailable propagates: the caller retries through the queue."""
    incoming: Incoming = incoming_of(payload)
    if incoming.sender is None or incoming.chat_id is None:
        return None
    account = account_upsert(incoming.sender, incoming.chat_id, account=account)
    text = incoming.text.strip()
    turn = Turn(
        account=account,
        text=text,
        update_id=update_id,
        callback_data=incoming.callback_data,
        callback_query_id=incoming.callback_query_id,
        kind=incoming.kind,
        file_id=incoming.file_id,
        incoming=ConversationMessage(
            account=account,
            direction=Direction.IN,
            text=text or (incoming.callback_data or ""),
            schema_name=account.context_schema,
            update_id=update_id,
        ),
    )
    turn_run(turn, incoming)
    turn.incoming_record()
    return turn


def turn_run(turn: Turn, incoming: Incoming) -> None:
    """The turn's steps, first match wins: consent, /start, joining, flows, buttons, then the
    understood intent."""
    account, text = turn.account, turn.text
    if incoming.callback_query_id:
        outbox.outbox_answer_callback(
            chat_id=incoming.chat_id, callback_query_id=incoming.callback_query_id, account=account
        )

    if account.privacy_shown_at is None:
        account.privacy_shown_at = timezone.now()
        account.save(update_fields=["privacy_shown_at", "updated_at"])
        turn.reply(say("privacy", turn.language))
    elif account.consented_at is None:  # writing again after the notice is consent
        account.consented_at = timezone.now()
        account.save(update_fields=["consented_at", "updated_at"])

    if text.startswith("/start"):
        start_command(turn, text.removeprefix("/start").strip())
        return
    if account.user_id is None:
        turn.reply(say("need_invite", turn.language))
        return
    if text == "/units":
        HANDLERS["my_units"](turn)
        return
    if account.flow and account.flow in FLOWS and FLOWS[account.flow](turn):
        return
    if incoming.kind == "callback":
        prefix = (incoming.callback_data or "").split(":", 1)[0]
        if prefix in CALLBACKS:
            CALLBACKS[prefix](turn)
        return  # otherwise a button from an old message: nothing to do
    if incoming.kind == "other" or (incoming.kind == "document" and not text):
        turn.reply(say("unsupported_content", turn.language))
        return

    if incoming.kind == "photo" and not text:
        # A photo without words is a meter photo: the readings handler reads it (AI vision).
        turn.understanding = Understanding("submit_readings", {"readings": [], "unit": None}, [])
    else:
        turn.understanding = understand(understanding_context(turn))
    if turn.incoming.pk is not None:  # stored already (the privacy notice went first)
        turn.incoming.intent, turn.incoming.params = turn.understanding.intent, turn.understanding.params
        turn.incoming.save(update_fields=["intent", "params", "updated_at"])
    if turn.understanding.summary:
        account.summary = turn.understanding.summary
        account.save(update_fields=["summary", "updated_at"])
    dispatch(turn)


def try_later(payload: dict) -> None:
    incoming = incoming_of(payload)
    if incoming.sender is None or incoming.chat_id is None:
        return
    account = account_upsert(incoming.sender, incoming.chat_id)
    Turn(account=account, text=incoming.text, understanding=Understanding("unknown", {}, [])).reply(
        say("try_later", account.language)
    )
