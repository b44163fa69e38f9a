"""The outbox sender against the fake Bot API, through python-telegram-bot: request bodies,
order and spacing per chat, the overall rate, 429/403/400/5xx handling, and a sender killed
mid-run (a real `manage.py runsender` process on a database of its own)."""

import collections
import itertools
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from bot.delivery import outbox_claim
from bot.outbox import (
    outbox_answer_callback,
    outbox_document,
    outbox_edit_text,
    outbox_photo,
    outbox_text,
)
from bot.sender import Sender
from shared_apps.botrouting.models import OutboxMessage, OutboxStatus
from tests.fakes.http import UploadedFile
from tests.live import ROOT, manage, stand_env, throwaway_database

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 fake jpeg \xff\xd9"
PDF = b"%PDF-1.4 fake invoice %%EOF"
BUTTONS = [
    [{"text": "Flat 7", "callback_data": "place:company:7"}],
    [{"text": "Flat 9", "callback_data": "place:company:9"}],
]


def send_all(*args: str) -> str:
    out = StringIO()
    call_command("runsender", "--once", "--idle-sleep", "0.05", *args, stdout=out)
    return out.getvalue()


def busiest_window(times: list[float], seconds: float = 1.0) -> int:
    """Most calls in any window [t, t + seconds) starting at a call."""
    times = sorted(times)
    return max((sum(1 for u in times[i:] if u - t < seconds) for i, t in enumerate(times)), default=0)


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.01)


def row(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "meter.jpg").write_bytes(JPEG)
    (tmp_path / "invoices").mkdir()
    (tmp_path / "invoices" / "2026-11-7.pdf").write_bytes(PDF)
    return tmp_path


def test_text_buttons_photo_and_document_arrive_with_their_bodies(telegram_api, media):
    # given
    text = outbox_text(chat_id=101, text="Which flat?", buttons=BUTTONS)
    photo = outbox_photo(chat_id=102, path="photos/meter.jpg", caption="Your meter")
    document = outbox_document(
        chat_id=103, path="invoices/2026-11-7.pdf", caption="Invoice 7", filename="invoice-7.pdf"
    )
    # when
    output = send_all()
    # then
    calls = {
        call.method: call for call in telegram_api.log_of("sendMessage", "sendPhoto", "sendDocument", ok=True)
    }
    assert sorted(calls) == ["sendDocument", "sendMessage", "sendPhoto"]
    assert calls["sendMessage"].params == {
        "chat_id": "101",
        "text": "Which flat?",
        "reply_markup": {"inline_keyboard": BUTTONS},
    }
    assert calls["sendPhoto"].params == {"chat_id": "102", "caption": "Your meter"}
    assert calls["sendPhoto"].files == {"photo": UploadedFile("meter.jpg", "image/jpeg", JPEG)}
    assert calls["sendDocument"].params == {"chat_id": "103", "caption": "Invoice 7"}
    assert calls["sendDocument"].files == {"document": UploadedFile("invoice-7.pdf", "application/pdf", PDF)}
    for message, method in ((text, "sendMessage"), (photo, "sendPhoto"), (document, "sendDocument")):
        sent = row(message)
        assert (sent.status, sent.attempts, sent.error) == (OutboxStatus.SENT, 1, "")
        assert sent.telegram_message_id == calls[method].result["message_id"]
        assert sent.sent_at is not None
    assert output.startswith("Sent 3, failed 0, retried 0 (flood waits 0, reclaimed 0) in ")


def test_a_telegram_file_id_is_sent_as_is(telegram_api):
    # given a photo Telegram already has (the one a resident sent)
    stored = telegram_api.add_file(JPEG, filename="reading.jpg")
    outbox_photo(chat_id=104, file_id=stored.file_id, caption="Is this your meter?")
    # when
    send_all()
    # then
    (call,) = telegram_api.log_of("sendPhoto")
    assert call.params == {"chat_id": "104", "photo": stored.file_id, "caption": "Is this your meter?"}
    assert call.files == {}
    assert call.result["photo"][0]["file_id"] == stored.file_id


def test_a_button_press_is_answered_and_its_message_edited(telegram_api):
    # given a message with buttons the person pressed
    question = outbox_text(chat_id=201, text="Which flat?", buttons=BUTTONS)
    send_all()
    message_id = row(question).telegram_message_id
    answer = outbox_answer_callback(chat_id=201, callback_query_id="cb-77", text="Flat 7")
    edit = outbox_edit_text(chat_id=201, message_id=message_id, text="Flat 7 chosen")
    # when
    send_all()
    # then
    (answered,) = telegram_api.log_of("answerCallbackQuery")
    assert answered.params == {"callback_query_id": "cb-77", "text": "Flat 7"}
    (edited,) = telegram_api.log_of("editMessageText")
    assert edited.params == {"chat_id": "201", "message_id": str(message_id), "text": "Flat 7 chosen"}
    assert telegram_api.messages[(201, message_id)]["text"] == "Flat 7 chosen"
    assert "reply_markup" not in telegram_api.messages[(201, message_id)]
    assert [row(answer).status, row(edit).status] == [OutboxStatus.SENT, OutboxStatus.SENT]
    assert row(answer).telegram_message_id is None
    assert row(edit).telegram_message_id == message_id
    assert answered.at < edited.at


def test_a_chat_gets_its_messages_in_order_and_spaced(telegram_api, settings):
    # given three messages for one chat and one for another, queued interleaved
    settings.BOT_SEND_CHAT_INTERVAL_SECONDS = 1.0
    outbox_text(chat_id=301, text="one")
    outbox_text(chat_id=301, text="two")
    outbox_text(chat_id=302, text="other chat")
    outbox_text(chat_id=301, text="three")
    # when
    send_all()
    # then
    calls = telegram_api.log_of("sendMessage")
    chat_301 = [call for call in calls if call.chat_id == 301]
    assert [call.params["text"] for call in chat_301] == ["one", "two", "three"]
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(chat_301)]
    assert min(gaps) >= 1.0
    assert max(gaps) < 1.5
    # and the other chat did not wait behind them
    (other,) = [call for call in calls if call.chat_id == 302]
    assert other.at - chat_301[0].at < 0.5
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 4


def test_no_second_carries_more_than_the_rate(telegram_api, settings):
    # given 30 messages for 30 chats at 10 msg/s
    settings.BOT_SEND_PER_SECOND = 10
    for chat_id in range(1, 31):
        outbox_text(chat_id=1000 + chat_id, text=f"notice {chat_id}")
    # when
    send_all()
    # then
    times = [call.at for call in telegram_api.log_of("sendMessage", ok=True)]
    assert len(times) == 30
    assert busiest_window(times) == 10
    assert 2.9 <= times[-1] - times[0] <= 3.4
    assert [call.chat_id for call in telegram_api.log_of("sendMessage")] == list(range(1001, 1031))


# python-telegram-bot warns about its own RetryAfter.retry_after type change while raising it.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_a_429_pauses_the_bot_and_the_message_is_resent_after_retry_after(telegram_api):
    # given Telegram answers the first send with 429 retry_after=1
    telegram_api.flood(1, method="sendMessage")
    reading = outbox_text(chat_id=501, text="Reading saved")
    other = outbox_text(chat_id=502, text="Another chat")
    # when
    output = send_all()
    # then the message went out again after at least a second
    tries = [call for call in telegram_api.log_of("sendMessage") if call.chat_id == 501]
    assert [call.status for call in tries] == [429, 200]
    assert tries[1].at - tries[0].at >= 1.0
    # and the whole bot waited: nothing was sent during the pause
    paused = [c for c in telegram_api.log_of() if tries[0].at + 0.1 < c.at < tries[0].at + 1.0]
    assert paused == []
    sent = row(reading)
    assert (sent.status, sent.attempts, sent.error) == (OutboxStatus.SENT, 2, "")
    assert row(other).status == OutboxStatus.SENT
    assert len([c for c in telegram_api.log_of("sendMessage", ok=True) if c.chat_id == 502]) == 1
    assert output.startswith("Sent 2, failed 0, retried 1 (flood waits 1, reclaimed 0)")


def test_a_blocked_bot_and_a_bad_request_fail_at_once(telegram_api):
    # given the person blocked the bot, and an edit of a message Telegram does not know
    telegram_api.block(601)
    blocked = outbox_text(chat_id=601, text="Your invoice is ready")
    bad_edit = outbox_edit_text(chat_id=602, message_id=999, text="Updated")
    # when
    output = send_all()
    # then each was tried once and failed with Telegram's reason
    assert len(telegram_api.log_of("sendMessage")) == 1
    assert len(telegram_api.log_of("editMessageText")) == 1
    failed = row(blocked)
    assert (failed.status, failed.attempts, failed.sent_at) == (OutboxStatus.FAILED, 1, None)
    assert failed.error == "Forbidden: Forbidden: bot was blocked by the user"
    failed = row(bad_edit)
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 1)
    assert failed.error == "BadRequest: Message to edit not found"
    assert output.startswith("Sent 0, failed 2, retried 0")


def test_network_errors_are_retried_with_backoff_then_fail(telegram_api, settings):
    # given Telegram answers 500 every time
    settings.BOT_SEND_MAX_ATTEMPTS = 3
    telegram_api.fail(500, "Internal Server Error", method="sendMessage", times=None)
    message = outbox_text(chat_id=701, text="Hello")
    # when
    before = timezone.now()
    send_all()
    # then it waits to be retried, 2 s later (±20 %)
    retry = row(message)
    assert (retry.status, retry.attempts) == (OutboxStatus.PENDING, 1)
    assert retry.error == "NetworkError: Internal Server Error"
    assert before + timedelta(seconds=1.6) <= retry.not_before <= timezone.now() + timedelta(seconds=2.4)
    # when its time has come on the last attempt
    OutboxMessage.objects.filter(pk=message.pk).update(not_before=None, attempts=2)
    send_all()
    # then it fails for good
    failed = row(message)
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 3)
    assert len(telegram_api.log_of("sendMessage")) == 2


def test_a_refused_token_stops_the_sender_and_keeps_the_rows(telegram_api):
    # given
    telegram_api.unauthorized = True
    message = outbox_text(chat_id=801, text="Hello")
    # when / then
    with pytest.raises(CommandError, match="Telegram refused the bot token"):
        send_all()
    kept = row(message)
    assert (kept.status, kept.attempts, kept.not_before) == (OutboxStatus.PENDING, 0, None)


def test_a_missing_file_fails_alone(telegram_api, media):
    # given a document whose file disappeared before sending
    document = outbox_document(chat_id=901, path="invoices/2026-11-7.pdf")
    (media / "invoices" / "2026-11-7.pdf").unlink()
    text = outbox_text(chat_id=902, text="Still sent")
    # when
    send_all()
    # then
    failed = row(document)
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 1)
    assert failed.error.startswith("FileNotFoundError: ")
    assert telegram_api.log_of("sendDocument") == []
    assert row(text).status == OutboxStatus.SENT


def test_a_claim_takes_only_the_oldest_open_row_of_each_chat():
    # given
    first = outbox_text(chat_id=11, text="first")
    second = outbox_text(chat_id=11, text="second")
    other = outbox_text(chat_id=12, text="other")
    later = outbox_text(chat_id=13, text="later")
    OutboxMessage.objects.filter(pk=later.pk).update(not_before=timezone.now() + timedelta(minutes=1))
    # when
    claimed = outbox_claim(limit=10)
    again = outbox_claim(limit=10)
    # then
    assert [item.id for item in claimed] == [first.pk, other.pk]
    assert again == []
    assert [row(m).status for m in (first, second, other, later)] == [
        OutboxStatus.SENDING,
        OutboxStatus.PENDING,
        OutboxStatus.SENDING,
        OutboxStatus.PENDING,
    ]


def test_a_chat_with_a_long_queue_does_not_hold_up_the_others():
    # given a chat whose head is being sent and whose queue fills the first rounds' scan
    head = outbox_text(chat_id=31, text="in flight")
    for index in range(6):
        outbox_text(chat_id=31, text=f"queued {index}")
    other = outbox_text(chat_id=32, text="other chat")
    OutboxMessage.objects.filter(pk=head.pk).update(status=OutboxStatus.SENDING)
    # when
    claimed = outbox_claim(limit=2)
    # then
    assert [item.id for item in claimed] == [other.pk]


def test_a_scheduled_row_stands_aside_until_due_then_takes_its_turn():
    # given a notice held for the morning, then a reply in the same chat
    morning = timezone.now() + timedelta(hours=9)
    notice = outbox_text(chat_id=41, text="your ticket is resolved", deliver_after=morning)
    reply = outbox_text(chat_id=41, text="here are your tickets")
    # when the sender claims tonight
    tonight = outbox_claim(limit=10)
    # then the reply goes out and the notice waits
    assert [item.id for item in tonight] == [reply.pk]
    assert row(notice).status == OutboxStatus.PENDING
    OutboxMessage.objects.filter(pk=reply.pk).update(status=OutboxStatus.SENT)
    # when the morning comes
    assert outbox_claim(limit=10, now=morning - timedelta(seconds=1)) == []
    claimed = outbox_claim(limit=10, now=morning)
    # then
    assert [item.id for item in claimed] == [notice.pk]


def test_a_due_scheduled_row_keeps_the_chat_order():
    # given a notice that became due before a later reply was written
    notice = outbox_text(chat_id=42, text="notice", deliver_after=timezone.now() - timedelta(seconds=1))
    reply = outbox_text(chat_id=42, text="reply")
    # when
    first = outbox_claim(limit=10)
    # then the older row leaves first, the reply waits for it
    assert [item.id for item in first] == [notice.pk]
    assert row(reply).status == OutboxStatus.PENDING


def test_rows_left_sending_by_a_dead_sender_are_sent_after_the_lease(telegram_api):
    # given one row claimed two minutes ago by a sender that died, one claimed just now
    orphan = outbox_text(chat_id=21, text="orphan")
    held = outbox_text(chat_id=22, text="held by a live sender")
    OutboxMessage.objects.filter(pk=orphan.pk).update(
        status=OutboxStatus.SENDING, updated_at=timezone.now() - timedelta(minutes=2)
    )
    OutboxMessage.objects.filter(pk=held.pk).update(status=OutboxStatus.SENDING, updated_at=timezone.now())
    # when
    output = send_all("--lease", "60")
    # then
    assert [call.params["text"] for call in telegram_api.log_of("sendMessage")] == ["orphan"]
    assert row(orphan).status == OutboxStatus.SENT
    assert row(held).status == OutboxStatus.SENDING
    assert "reclaimed 1" in output


def test_stop_finishes_the_sends_in_flight_and_hands_back_the_rest(telegram_api, settings):
    # given 10 messages at 2 msg/s; Telegram holds the answer to the third
    settings.BOT_SEND_PER_SECOND = 2
    messages = [outbox_text(chat_id=3000 + index, text=f"notice {index}") for index in range(10)]
    telegram_api.hold(after=2, method="sendMessage")
    sender = Sender(idle_sleep=0.05)

    def stop_while_the_third_is_in_flight():
        wait_for(lambda: telegram_api.held == 1, timeout=10)
        sender.stop()
        telegram_api.release()

    threading.Thread(target=stop_while_the_third_is_in_flight, daemon=True).start()
    # when
    stats = sender.run()
    # then the send in flight was finished and recorded; the rest waits as pending
    assert [call.params["text"] for call in telegram_api.log_of("sendMessage", ok=True)] == [
        "notice 0",
        "notice 1",
        "notice 2",
    ]
    assert stats.sent == 3
    assert [row(m).status for m in messages] == [OutboxStatus.SENT] * 3 + [OutboxStatus.PENDING] * 7


# --- real sender processes on a database of their own ----------------------------------------------

ENQUEUE = """
from bot.outbox import outbox_text
for index in range({count}):
    outbox_text(chat_id=5000 + index % {chats}, text=f"message {{index:03d}}")
"""


@pytest.fixture(scope="module")
def outbox_database():
    with throwaway_database(settings.DATABASE_URL, prefix="servai_sender") as url:
        manage("migrate_all", env=stand_env(url))
        yield url


@pytest.fixture
def stand(outbox_database, fake_telegram):
    """Env for `manage.py` processes on the throwaway database (outbox emptied), sending to the
    fake Bot API of this test at 100 msg/s, 0.05 s apart per chat."""
    with psycopg.connect(outbox_database, autocommit=True) as conn:
        conn.execute("TRUNCATE botrouting_outboxmessage")
    return stand_env(
        outbox_database,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        BOT_SEND_PER_SECOND="100",
        BOT_SEND_CHAT_INTERVAL_SECONDS="0.05",
    )


def enqueue(env: dict, *, count: int, chats: int) -> None:
    manage("shell", "-c", ENQUEUE.format(count=count, chats=chats), env=env)


def outbox_counts(env: dict) -> dict[str, int]:
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM botrouting_outboxmessage GROUP BY status"
        ).fetchall()
    return dict(rows)


def runsender(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "runsender", "--idle-sleep", "0.05", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def terminate(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=15)[0]


def assert_each_delivered_once_in_chat_order(fake, env: dict, *, count: int, chats: int) -> None:
    delivered = fake.log_of("sendMessage", ok=True)
    texts = [call.params["text"] for call in delivered]
    assert len(texts) == count
    assert [text for text, times in collections.Counter(texts).items() if times > 1] == []
    by_chat = collections.defaultdict(list)
    for call in delivered:
        by_chat[call.chat_id].append(call.params["text"])
    assert by_chat == {
        5000 + chat: [f"message {index:03d}" for index in range(chat, count, chats)] for chat in range(chats)
    }
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        message_ids = [r[0] for r in conn.execute("SELECT telegram_message_id FROM botrouting_outboxmessage")]
    assert sorted(message_ids) == sorted(call.result["message_id"] for call in delivered)


def test_a_killed_sender_loses_nothing_and_sends_nothing_twice(stand, fake_telegram):
    # given 200 messages for 50 chats
    enqueue(stand, count=200, chats=50)
    # when the sender is killed mid-run, its last requests still unanswered
    fake_telegram.hold(after=80, method="sendMessage")
    first = runsender(stand)
    try:
        wait_for(lambda: fake_telegram.held >= 3)
        answered = lambda: len(fake_telegram.log_of("sendMessage", ok=True))  # noqa: E731
        wait_for(lambda: outbox_counts(stand).get("sent", 0) == answered())
        at_kill = outbox_counts(stand)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    fake_telegram.release(drop=True)
    # then rows were caught half way
    assert at_kill["sent"] == 80
    assert at_kill["sending"] >= 3
    # when a new sender starts, sends the rest and is stopped with SIGTERM
    second = runsender(stand, "--lease", "1")
    try:
        wait_for(lambda: outbox_counts(stand) == {"sent": 200})
    finally:
        output = terminate(second)
    assert second.returncode == 0, output
    # then every message was delivered exactly once, in order within its chat
    assert_each_delivered_once_in_chat_order(fake_telegram, stand, count=200, chats=50)


def test_two_senders_share_the_outbox_without_sending_anything_twice(stand, fake_telegram):
    # given 240 messages for 40 chats
    enqueue(stand, count=240, chats=40)
    # when two senders drain it side by side
    senders = [runsender(stand), runsender(stand)]
    try:
        wait_for(lambda: outbox_counts(stand) == {"sent": 240})
    finally:
        outputs = [terminate(process) for process in senders]
    # then both took part, and each message went out once, in order within its chat
    sent = [int(re.search(r"Sent (\d+),", output).group(1)) for output in outputs]
    assert sum(sent) == 240
    assert min(sent) > 0, outputs
    assert_each_delivered_once_in_chat_order(fake_telegram, stand, count=240, chats=40)
