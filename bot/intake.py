"""Every update enters here, from the webhook or the polling runner: stored once, then queued
for its person with the flood-protection delay."""

from django.db import IntegrityError, transaction

from bot.flood import flood_delay_for
from bot.updates import sender_id_of
from shared_apps.botrouting.models import TelegramUpdate, UpdateStatus


def update_store(payload: dict) -> tuple[bool, int | None]:
    """(stored?, sender id). A duplicate `update_id` is not stored again."""
    sender_id = sender_id_of(payload)
    try:
        with transaction.atomic():
            TelegramUpdate.objects.create(
                update_id=payload["update_id"],
                telegram_user_id=sender_id,
                payload=payload,
                status=UpdateStatus.PENDING if sender_id else UpdateStatus.IGNORED,
            )
    except IntegrityError:
        return False, sender_id
    return True, sender_id


def update_receive(payload: dict) -> bool:
    """Stores the update and queues its processing. False for a duplicate `update_id`."""
    stored, sender_id = update_store(payload)
    if stored and sender_id:
        transaction.on_commit(lambda: processing_schedule(sender_id))
    return stored


def processing_schedule(telegram_user_id: int) -> None:
    from bot.tasks import account_updates_process

    delay = flood_delay_for(telegram_user_id)
    if delay > 0:
        account_updates_process.schedule(args=(telegram_user_id,), delay=delay)
    else:
        account_updates_process(telegram_user_id)
