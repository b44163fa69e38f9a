"""The sender's side of the outbox table: claiming due rows and recording what Telegram
answered (`bot.sender` decides when and what; `bot.outbox` writes the rows)."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from shared_apps.botrouting.models import OutboxMessage, OutboxStatus

# Not a chat message: the sender keeps its place in the chat's order but does not space it.
UNSPACED_METHODS = frozenset({"answerCallbackQuery"})
ERROR_LIMIT = 300


@dataclass
class Claimed:
    """A claimed row, as much of it as sending needs."""

    id: int
    chat_id: int
    method: str
    payload: dict
    attempts: int

    @property
    def spaced(self) -> bool:
        return self.method not in UNSPACED_METHODS


# Only a chat's oldest open (pending or sending) row may go; of those heads, the oldest due
# ones not already busy in the caller are locked (others' locks skipped) and turned `sending`.
CLAIM_SQL = """
WITH heads AS MATERIALIZED (
    SELECT DISTINCT ON (chat_id) id, chat_id, status, not_before FROM {table}
    WHERE status IN ('pending', 'sending') AND deleted_at IS NULL
      AND (deliver_after IS NULL OR deliver_after <= %(now)s)
    ORDER BY chat_id, id
), due AS (
    SELECT id FROM {table} WHERE id IN (
        SELECT id FROM heads
        WHERE status = 'pending' AND (not_before IS NULL OR not_before <= %(now)s)
          AND NOT (chat_id = ANY(%(busy)s))
        ORDER BY id LIMIT %(limit)s
    )
    -- checked again on the locked row: another sender may have claimed it meanwhile
    AND status = 'pending'
    FOR UPDATE SKIP LOCKED
)
UPDATE {table} AS claimed SET status = 'sending', updated_at = %(now)s
FROM due WHERE claimed.id = due.id
RETURNING claimed.id, claimed.chat_id, claimed.method, claimed.payload, claimed.attempts
"""


def outbox_claim(
    *, limit: int, now: datetime | None = None, busy_chats: frozenset[int] | set[int] = frozenset()
) -> list[Claimed]:
    """Due rows, oldest first, turned `sending` in one statement; `busy_chats`: chats the
    caller is already sending to (skipped).

    Only a chat's oldest open (pending or sending) row is claimable, so a chat's messages leave
    in order whoever sends them, retries included; a row scheduled for later (`deliver_after`)
    stands aside until due. `SKIP LOCKED` lets several senders claim side by side. The heads
    come from one aggregate over the open rows (the partial index keeps it small)."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM_SQL.format(table=OutboxMessage._meta.db_table),
            {"now": now, "busy": list(busy_chats), "limit": limit},
        )
        rows = cursor.fetchall()
    claimed = [
        Claimed(id=row[0], chat_id=row[1], method=row[2], payload=_json_value(row[3]), attempts=row[4])
        for row in rows
    ]
    claimed.sort(key=lambda item: item.id)
    return claimed


def _json_value(value):
    return json.loads(value) if isinstance(value, str) else value


def outbox_reclaim_stale(*, lease_seconds: float, keep: set[int] = frozenset()) -> int:
    """Rows `sending` for longer than the lease (their sender died) go back to `pending`;
    `keep`: rows the calling sender holds itself."""
    now = timezone.now()
    stale = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, updated_at__lt=now - timedelta(seconds=lease_seconds)
    )
    if keep:
        stale = stale.exclude(pk__in=keep)
    return stale.update(status=OutboxStatus.PENDING, updated_at=now)


def outbox_release(ids: list[int], *, not_before: datetime | None = None) -> int:
    """Claimed rows that were never started go back to `pending`, attempts untouched."""
    if not ids:
        return 0
    return OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING, not_before=not_before, updated_at=timezone.now()
    )


MARK_SENT_SQL = """
UPDATE {table} AS target SET status = %s, sent_at = %s, updated_at = %s, error = '',
    attempts = sent.attempts, telegram_message_id = sent.message_id
FROM (VALUES {values}) AS sent(id, attempts, message_id) WHERE target.id = sent.id
"""


def outbox_mark_sent_many(rows: list[tuple[int, int, int | None]]) -> None:
    """Telegram accepted these rows: (outbox id, attempts, telegram message id). One statement
    for them all. Unconditional: a row reclaimed meanwhile must not go again."""
    if not rows:
        return
    values = ", ".join(["(%s::bigint, %s::smallint, %s::bigint)"] * len(rows))
    sql = MARK_SENT_SQL.format(table=OutboxMessage._meta.db_table, values=values)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(sql, [OutboxStatus.SENT, now, now, *(value for row in rows for value in row)])


def outbox_retry_later(*, outbox_id: int, attempts: int, not_before: datetime | None, error: str) -> None:
    now = timezone.now()
    OutboxMessage.objects.filter(pk=outbox_id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING,
        not_before=not_before,
        attempts=attempts,
        error=error[:ERROR_LIMIT],
        updated_at=now,
    )


def outbox_mark_failed(*, outbox_id: int, attempts: int, error: str) -> None:
    OutboxMessage.objects.filter(pk=outbox_id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.FAILED, attempts=attempts, error=error[:ERROR_LIMIT], updated_at=timezone.now()
    )
