"""Every update enters here, from the webhook or the polling runner: stored once, then queued
for its person with the flood-protection delay."""

from django.db import connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from bot.flood import flood_delay_for
from bot.updates import sender_id_of
from config.redis import redis_call, rkey
from shared_apps.botrouting.models import TelegramUpdate, UpdateStatus

# One statement in autocommit: stored at once, a duplicate update_id quietly skipped.
STORE_SQL = """
INSERT INTO {table} (update_id, telegram_user_id, payload, status, attempts, error, created_at, updated_at)
VALUES (%s, %s, %s, %s, 0, '', %s, %s)
ON CONFLICT DO NOTHING RETURNING id
"""


def update_store(payload: dict) -> tuple[bool, int | None]:
    """(stored?, sender id). A duplicate `update_id` is not stored again."""
    sender_id = sender_id_of(payload)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            STORE_SQL.format(table=TelegramUpdate._meta.db_table),
            [
                payload["update_id"],
                sender_id,
                Jsonb(payload),
                UpdateStatus.PENDING if sender_id else UpdateStatus.IGNORED,
                now,
                now,
            ],
        )
        return cursor.fetchone() is not None, sender_id


def update_receive(payload: dict) -> bool:
    """Stores the update and queues its processing. False for a duplicate `update_id`."""
    stored, sender_id = update_store(payload)
    if stored and sender_id:
        transaction.on_commit(lambda: processing_schedule(sender_id))
    return stored


def processing_schedule(telegram_user_id: int) -> None:
    """Queues the person's processing task. A task handles every pending update of its person,
    so while one is queued and not started, a burst needs no second one."""
    from bot.tasks import account_updates_process

    delay = flood_delay_for(telegram_user_id)
    if delay > 0:  # each delayed message keeps its own, longer delay
        account_updates_process.schedule(args=(telegram_user_id,), delay=delay)
    elif _queued_mark(telegram_user_id):
        account_updates_process(telegram_user_id)


# A queued task is marked in Redis until it starts; the mark expires in case the task is lost.
QUEUED_MARK_SECONDS = 30


def _queued_key(telegram_user_id: int) -> str:
    return rkey(f"bot:queued:{telegram_user_id}")


def _queued_mark(telegram_user_id: int) -> bool:
    """True when no task of this person is waiting in the queue (Redis down: always True)."""
    return bool(
        redis_call(
            lambda client: client.set(_queued_key(telegram_user_id), 1, nx=True, ex=QUEUED_MARK_SECONDS),
            fallback=lambda: True,
            what="bot:queued",
        )
    )


def processing_started(telegram_user_id: int) -> None:
    """A task starts: updates arriving from now on need a task of their own."""
    redis_call(
        lambda client: client.delete(_queued_key(telegram_user_id)), fallback=lambda: 0, what="bot:queued"
    )
