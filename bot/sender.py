"""The outbox sender: the only code that talks to Telegram on the bot's behalf.

    Sender().run()            # until stop() (SIGTERM/SIGINT in `manage.py runsender`)
    Sender().run(once=True)   # drain what is due, then return

Threads. The calling thread owns the database: it claims rows, paces, and commits every
result the moment it arrives. Sends run concurrently on one asyncio event loop in a
background thread (python-telegram-bot is async). Keeping the ORM on the calling thread keeps
Django out of async code and lets tests see their own uncommitted rows.

Claiming. A short transaction selects due rows oldest first with `FOR UPDATE SKIP LOCKED` and
turns them `sending`, so several senders never take the same row. Only the head of each chat
is claimable (no older row of that chat is pending or sending): a chat's messages go out in
order even across processes and after retries.

Pacing, on send start times:
- overall at most `per_second` starts in any window of 1 s (+ a safety margin), evenly
  spaced, so the busiest second Telegram sees stays within its 30 msg/s;
- per chat at least `chat_interval` (+ margin) between messages; answering a callback query
  is not a chat message and is not spaced.
The limits hold per sender process: run one sender per bot, or divide BOT_SEND_PER_SECOND.

Outcomes. Answer → `sent` (sent_at, telegram_message_id) committed at once. 429 → the row
goes back to `pending` with not_before = now + retry_after and the whole sender pauses that
long (Telegram's flood limit is per bot); claimed rows not yet started are handed back too.
Network errors and time-outs → retried with backoff until BOT_SEND_MAX_ATTEMPTS, then
`failed`. Forbidden (the person blocked the bot) and BadRequest → `failed` at once. A refused
token stops the sender (rows stay pending): nothing can be sent with it.

Crash safety. Rows left `sending` longer than the lease (a killed sender) return to `pending`
at start-up and every half lease. The window for a duplicate is only the instant between
Telegram's answer and the commit that follows it; the Bot API has no idempotency key.
Results that cannot be committed (database gone) stay in memory and are written when it is
back. SIGTERM/SIGINT (`stop()`): no new sends, claimed rows handed back, in-flight sends
finished and recorded, then exit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
import warnings
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone
from telegram import InlineKeyboardMarkup, InputFile, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.delivery import (
    Claimed,
    outbox_claim,
    outbox_mark_failed,
    outbox_mark_sent_many,
    outbox_reclaim_stale,
    outbox_release,
    outbox_retry_later,
)
from bot.pacing import Pacer, backoff_seconds
from bot.telegram import telegram_bot

logger = logging.getLogger(__name__)

DEFAULT_LEASE_S = 60.0
MAX_CLAIM = 200
MAX_IN_FLIGHT = 16


class SenderStopped(Exception):
    """The sender cannot go on (the bot token was refused)."""


@dataclass(frozen=True)
class Outcome:
    kind: str  # sent | flood | retry | failed | fatal
    message_id: int | None = None
    error: str = ""
    retry_after: float = 0.0
    resume_at: datetime | None = None  # flood: when the row and the bot may send again


@dataclass
class SenderStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    flood_waits: int = 0
    reclaimed: int = 0
    started_at: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started_at


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    if settings.TELEGRAM_BOT_TOKEN:  # never store or log the token (it is in every URL)
        text = text.replace(settings.TELEGRAM_BOT_TOKEN, "<token>")
    return text[:300]


# --- the sender -------------------------------------------------------------------------------


class Sender:
    def __init__(
        self,
        *,
        per_second: int | None = None,
        chat_interval: float | None = None,
        max_attempts: int | None = None,
        lease_seconds: float = DEFAULT_LEASE_S,
        idle_sleep: float = 0.2,
    ):
        self.per_second = int(per_second or settings.BOT_SEND_PER_SECOND)
        interval = settings.BOT_SEND_CHAT_INTERVAL_SECONDS if chat_interval is None else chat_interval
        self.max_attempts = int(max_attempts or settings.BOT_SEND_MAX_ATTEMPTS)
        self.lease_seconds = lease_seconds
        self.idle_sleep = max(0.01, idle_sleep)
        self.pacer = Pacer(per_second=self.per_second, chat_interval=float(interval))
        # Telegram answers in tens of ms, so a few connections carry 30 msg/s.
        self.max_in_flight = max(4, min(self.per_second, MAX_IN_FLIGHT))
        # Claimed when under a second of work is left; capped to keep each claim short.
        self.batch = max(10, min(3 * self.per_second, MAX_CLAIM))
        self.stats = SenderStats()
        self._stop = threading.Event()
        self._fatal: str | None = None
        self._queue: list[Claimed] = []
        self._in_flight: dict[concurrent.futures.Future, Claimed] = {}
        self._unwritten: deque[tuple[Claimed, Outcome]] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._bot = None

    # --- control ------------------------------------------------------------------------------
    def stop(self) -> None:
        """Graceful stop (safe from a signal handler): no new sends, in-flight ones finish."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, *, once: bool = False) -> SenderStats:
        self.stats = SenderStats()
        if hasattr(connection, "set_schema_to_public"):  # the outbox lives in the public schema
            connection.set_schema_to_public()
        self.stats.reclaimed += self._reclaim()
        self._start_loop()
        try:
            self._warm_up()
            self._run(once)
        finally:
            try:
                self._wind_down()
            finally:
                self._stop_loop()
        if self._fatal:
            raise SenderStopped(self._fatal)
        return self.stats

    # --- main loop ----------------------------------------------------------------------------
    def _run(self, once: bool) -> None:
        next_claim = 0.0
        next_reclaim = time.monotonic() + self.lease_seconds / 2
        claimed_since_result = False  # a claim ran after the last result and found nothing
        while not self.stopping:
            if self._collect() or self._unwritten:
                claimed_since_result = False
                next_claim = min(next_claim, time.monotonic() + 0.02)
                self._write_results()
            now = time.monotonic()
            paused = now < self.pacer.paused_until
            if self.lease_seconds > 0 and now >= next_reclaim:
                next_reclaim = now + self.lease_seconds / 2
                self.stats.reclaimed += self._reclaim()
            may_claim = not paused and len(self._queue) < self.per_second
            if may_claim and now >= next_claim:
                found = self._claim(self.batch - len(self._queue))
                next_claim = now + (0.05 if found else self.idle_sleep)
                claimed_since_result = not found
            idle = not (self._queue or self._in_flight or self._unwritten)
            if once and claimed_since_result and idle and time.monotonic() >= self.pacer.paused_until:
                return
            item, wake_at = self._next_ready(time.monotonic())
            if item is not None:
                self._start(item)
                continue
            if paused:
                wake_at = min(wake_at, self.pacer.paused_until)
            elif len(self._queue) < self.per_second:
                wake_at = min(wake_at, next_claim)
            self._wait(wake_at - time.monotonic())

    def _next_ready(self, now: float) -> tuple[Claimed | None, float]:
        """The oldest claimed row allowed to start now, else when the next one will be."""
        ready_at = now + self.idle_sleep
        if not self._queue:
            return None, ready_at
        global_at = self.pacer.global_ready_at()
        if len(self._in_flight) >= self.max_in_flight:
            return None, ready_at
        for index, item in enumerate(self._queue):
            at = max(global_at, self.pacer.chat_ready_at(item.chat_id) if item.spaced else 0.0)
            if at <= now:
                return self._queue.pop(index), now
            ready_at = min(ready_at, at)
        return None, ready_at

    def _wait(self, seconds: float) -> None:
        seconds = min(max(seconds, 0.0), self.idle_sleep)
        if seconds <= 0:
            return
        if self._in_flight:
            concurrent.futures.wait(
                list(self._in_flight), timeout=seconds, return_when=concurrent.futures.FIRST_COMPLETED
            )
        else:
            self._stop.wait(seconds)

    # --- claiming -----------------------------------------------------------------------------
    def _claim(self, limit: int) -> bool:
        try:
            busy = {item.chat_id for item in self._queue}
            busy.update(item.chat_id for item in self._in_flight.values())
            items = outbox_claim(limit=limit, busy_chats=busy)
        except DatabaseError:
            logger.exception("outbox claim failed; retrying")
            self._reset_connection()
            return False
        self._queue.extend(items)
        return bool(items)

    def _reclaim(self) -> int:
        keep = {item.id for item in self._queue} | {item.id for item in self._in_flight.values()}
        try:
            count = outbox_reclaim_stale(lease_seconds=self.lease_seconds, keep=keep)
        except DatabaseError:
            logger.exception("outbox reclaim failed")
            self._reset_connection()
            return 0
        if count:
            logger.warning("outbox rows of a stopped sender returned to pending", extra={"rows": count})
        return count

    def _release_queue(self, *, not_before=None) -> None:
        ids = [item.id for item in self._queue]
        self._queue.clear()
        try:
            outbox_release(ids, not_before=not_before)
        except DatabaseError:  # the lease brings them back
            logger.exception("could not release claimed outbox rows")
            self._reset_connection()

    @staticmethod
    def _reset_connection() -> None:
        if not connection.in_atomic_block:
            connection.close()

    # --- sending ------------------------------------------------------------------------------
    def _start(self, item: Claimed) -> None:
        try:
            call = self._prepare(item)
        except Exception as exc:  # a broken row (missing file, bad payload) fails alone
            self._unwritten.append((item, Outcome("failed", error=_error_text(exc))))
            return
        self.pacer.record(item.chat_id, time.monotonic(), spaced=item.spaced)
        future = asyncio.run_coroutine_threadsafe(self._send(*call), self._loop)
        self._in_flight[future] = item

    def _prepare(self, item: Claimed) -> tuple[str, dict]:
        """The python-telegram-bot method and its arguments; files are read here, before the
        start time is taken, so a slow read never bunches sends up."""
        payload, chat_id = item.payload, item.chat_id
        markup = payload.get("reply_markup")
        markup = InlineKeyboardMarkup.de_json(markup, None) if markup else None
        if item.method == "sendMessage":
            kwargs = {"chat_id": chat_id, "text": payload["text"], "reply_markup": markup}
            if payload.get("parse_mode"):
                kwargs["parse_mode"] = payload["parse_mode"]
            return "send_message", kwargs
        if item.method in ("sendPhoto", "sendDocument"):
            field_name = "photo" if item.method == "sendPhoto" else "document"
            if payload.get("file"):
                name = payload["file"]
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                filename = payload.get("filename") or PurePosixPath(name).name
                media = InputFile(content, filename=filename)
            else:
                media = payload[field_name]
            kwargs = {"chat_id": chat_id, field_name: media, "reply_markup": markup}
            if payload.get("caption"):
                kwargs["caption"] = payload["caption"]
            return f"send_{field_name}", kwargs
        if item.method == "editMessageText":
            return "edit_message_text", {
                "chat_id": chat_id,
                "message_id": int(payload["message_id"]),
                "text": payload["text"],
                "reply_markup": markup,
            }
        if item.method == "answerCallbackQuery":
            return "answer_callback_query", {
                "callback_query_id": payload["callback_query_id"],
                "text": payload.get("text") or None,
                "show_alert": bool(payload.get("show_alert")) or None,
            }
        raise ValueError(f"unknown outbox method {item.method!r}")

    async def _send(self, method: str, kwargs: dict) -> Outcome:
        try:
            result = await getattr(self._bot, method)(**kwargs)
        except RetryAfter as exc:
            return Outcome("flood", error=_error_text(exc), retry_after=_retry_after_seconds(exc))
        except BadRequest as exc:  # before NetworkError: BadRequest is one of them
            if "message is not modified" in exc.message:
                return Outcome("sent")  # the edit asked for is already there
            return Outcome("failed", error=_error_text(exc))
        except (Forbidden, ChatMigrated) as exc:
            return Outcome("failed", error=_error_text(exc))
        except InvalidToken as exc:
            return Outcome("fatal", error=_error_text(exc))
        except (NetworkError, TelegramError) as exc:  # time-outs, 5xx, connection errors
            return Outcome("retry", error=_error_text(exc))
        except Exception as exc:
            logger.exception("unexpected error sending an outbox row")
            return Outcome("retry", error=_error_text(exc))
        message_id = result.message_id if isinstance(result, Message) else None
        return Outcome("sent", message_id=message_id)

    # --- results ------------------------------------------------------------------------------
    def _collect(self) -> bool:
        done = [future for future in self._in_flight if future.done()]
        for future in done:
            item = self._in_flight.pop(future)
            try:
                outcome = future.result()
            except BaseException as exc:  # cancelled with the loop
                outcome = Outcome("retry", error=_error_text(exc))
            if outcome.kind == "flood":  # the whole bot waits, from this very moment
                # wall clock first: the pause never ends before the rows become due again
                outcome = replace(outcome, resume_at=timezone.now() + timedelta(seconds=outcome.retry_after))
                self.pacer.pause(time.monotonic() + outcome.retry_after)
            self._unwritten.append((item, outcome))
        return bool(done)

    def _write_results(self) -> None:
        while self._unwritten:
            sent = []
            while self._unwritten and self._unwritten[0][1].kind == "sent" and len(sent) < MAX_CLAIM:
                sent.append(self._unwritten.popleft())
            try:
                if sent:  # the common case, one statement for every delivery collected so far
                    outbox_mark_sent_many(
                        [(item.id, item.attempts + 1, outcome.message_id) for item, outcome in sent]
                    )
                    self.stats.sent += len(sent)
                    continue
                self._record(*self._unwritten[0])
            except DatabaseError:  # kept in memory and written once the database is back
                logger.exception("could not record an outbox result; will retry")
                self._unwritten.extendleft(reversed(sent))
                self._reset_connection()
                return
            self._unwritten.popleft()

    def _record(self, item: Claimed, outcome: Outcome) -> None:
        """Commits one result other than a delivery (its own transaction): the retry policy."""
        attempts = item.attempts + 1
        extra = {"outbox_id": item.id, "chat_id": item.chat_id, "error": outcome.error}
        if outcome.kind == "flood":
            outbox_retry_later(
                outbox_id=item.id, attempts=attempts, not_before=outcome.resume_at, error=outcome.error
            )
            self.stats.retried += 1
            self.stats.flood_waits += 1
            logger.warning("Telegram flood limit: pausing %.1f s", outcome.retry_after, extra=extra)
            # Rows claimed but not started wait out the pause as pending, not held here.
            self._release_queue(not_before=outcome.resume_at)
        elif outcome.kind == "retry" and attempts < self.max_attempts:
            delay = backoff_seconds(attempts)
            not_before = timezone.now() + timedelta(seconds=delay)
            outbox_retry_later(
                outbox_id=item.id, attempts=attempts, not_before=not_before, error=outcome.error
            )
            self.stats.retried += 1
            logger.info("outbox row will be retried in %.1f s", delay, extra=extra)
        elif outcome.kind == "fatal":
            outbox_retry_later(
                outbox_id=item.id, attempts=item.attempts, not_before=None, error=outcome.error
            )
            self._fatal = f"Telegram refused the bot token: {outcome.error}"
            logger.error("sender stops: %s", self._fatal, extra=extra)
            self.stop()
        else:
            outbox_mark_failed(outbox_id=item.id, attempts=attempts, error=outcome.error)
            self.stats.failed += 1
            logger.warning("outbox row failed", extra=extra)

    # --- lifecycle ----------------------------------------------------------------------------
    def _start_loop(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="outbox-sender", daemon=True)
        self._thread.start()
        self._bot = telegram_bot(pool_size=self.max_in_flight)

    def _warm_up(self) -> None:
        """getMe before the first message: checks the token and opens the connection, so the
        first send is not late (a late first send bunches up with the ones paced after it)."""
        try:
            asyncio.run_coroutine_threadsafe(self._bot.initialize(), self._loop).result(timeout=30)
        except InvalidToken as exc:
            raise SenderStopped("Telegram refused the bot token (getMe)") from exc
        except Exception as exc:  # Telegram unreachable: the sends retry on their own
            logger.warning("Telegram getMe failed at start-up: %s", _error_text(exc))

    def _wind_down(self) -> None:
        """Hand back rows not started, let in-flight sends finish, record every result."""
        self._release_queue()
        deadline = time.monotonic() + 60
        while self._in_flight and time.monotonic() < deadline:
            concurrent.futures.wait(
                list(self._in_flight), timeout=1.0, return_when=concurrent.futures.FIRST_COMPLETED
            )
            self._collect()
            self._write_results()
        for _ in range(10):
            if not self._unwritten:
                break
            self._write_results()
            if self._unwritten:
                time.sleep(0.5)

    def _stop_loop(self) -> None:
        if self._loop is None:
            return
        if self._bot is not None:
            try:
                asyncio.run_coroutine_threadsafe(self._bot.shutdown(), self._loop).result(timeout=10)
            except Exception:
                logger.exception("closing the Telegram client failed")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._loop = self._thread = self._bot = None
