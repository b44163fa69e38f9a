"""Broadcast pacing of the outbox sender: 600 messages to 600 chats through the real sender.

Migrates a throwaway database on the configured server (DATABASE_URL, or the embedded one),
starts the fake Telegram Bot API in this process, enqueues the messages with the outbox
helpers, runs `manage.py runsender --once` as its own process until the outbox is drained,
and reads the arrival time of every send from the fake. Prints the achieved rate, the busiest
1-second window (most sends in [t, t + 1 s) for t at any send) and whether any chat got two
messages within 1 s. Targets: >= 28 msg/s sustained, never above 30 in any second, no chat
twice within a second (with BOT_SEND_PER_SECOND=30, BOT_SEND_CHAT_INTERVAL_SECONDS=1).

Usage: python bench/broadcast_pacing.py [--messages 600] [--chats 600]
(fewer chats than messages puts several messages in each chat: per-chat spacing at work).
"""

import argparse
import collections
import itertools
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram import FakeTelegram  # noqa: E402
from tests.live import manage, server_url, stand_env, throwaway_database  # noqa: E402

RATE_TARGET, WINDOW_LIMIT, CHAT_INTERVAL = 28.0, 30, 1.0

ENQUEUE = """
from bot.outbox import outbox_text
for index in range({messages}):
    outbox_text(chat_id=700000 + index % {chats}, text=f"Water off on Friday 10:00-14:00 ({{index}})")
"""


def busiest_window(times: list[float], seconds: float = 1.0) -> int:
    """Most sends in any window [t, t + seconds) that starts at a send (two pointers)."""
    times, best, end = sorted(times), 0, 0
    for start, at in enumerate(times):
        while end < len(times) and times[end] - at < seconds:
            end += 1
        best = max(best, end - start)
    return best


def closest_chat_gap(calls) -> float | None:
    by_chat = collections.defaultdict(list)
    for call in calls:
        by_chat[call.chat_id].append(call.at)
    gaps = [b - a for times in by_chat.values() for a, b in itertools.pairwise(times)]
    return min(gaps) if gaps else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--chats", type=int, default=600)
    args = parser.parse_args()
    with throwaway_database(server_url(), prefix="servai_bench") as url, FakeTelegram() as fake:
        env = stand_env(
            url,
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_BASE_URL=fake.base_url,
            BOT_SEND_PER_SECOND=str(WINDOW_LIMIT),
            BOT_SEND_CHAT_INTERVAL_SECONDS=str(CHAT_INTERVAL),
        )
        started = time.perf_counter()
        manage("migrate_all", env=env)
        print(f"migrate_all on an empty database : {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        manage("shell", "-c", ENQUEUE.format(messages=args.messages, chats=args.chats), env=env)
        print(
            f"enqueued {args.messages} messages for {args.chats} chats: {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        sender = subprocess.run(
            [sys.executable, "manage.py", "runsender", "--once"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        if sender.returncode != 0:
            raise SystemExit(f"runsender failed:\n{sender.stdout}\n{sender.stderr}")
        report(fake, args.messages, wall, sender.stdout.strip())


def report(fake: FakeTelegram, expected: int, wall: float, sender_output: str) -> None:
    calls = fake.log_of("sendMessage")
    delivered = [call for call in calls if call.ok]
    times = [call.at for call in calls]
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span else 0.0
    busiest = busiest_window(times)
    gap = closest_chat_gap(calls)
    texts = collections.Counter(call.params["text"] for call in delivered)
    duplicates = sum(count - 1 for count in texts.values())
    chat_twice = gap is not None and gap < CHAT_INTERVAL

    print(f"runsender --once                 : {sender_output}")
    print(f"sender process, start to exit    : {wall:.2f} s")
    print(f"sends delivered                  : {len(delivered)} of {expected} (duplicates {duplicates})")
    print(f"first to last send               : {span:.2f} s")
    print(f"achieved rate                    : {rate:.2f} msg/s")
    print(f"busiest 1-second window          : {busiest} sends")
    if len(times) > WINDOW_LIMIT:
        tightest = min(b - a for a, b in zip(times, times[WINDOW_LIMIT:], strict=False))
        print(f"tightest {WINDOW_LIMIT + 1} consecutive sends    : {tightest:.3f} s (under 1 s: a breach)")
    closest = f"{gap:.3f} s" if gap is not None else "n/a (one message per chat)"
    print(f"closest two sends to one chat    : {closest}")
    print(f"any chat twice within 1 s        : {'yes' if chat_twice else 'no'}")
    checks = {
        f"rate >= {RATE_TARGET:g}/s": rate >= RATE_TARGET,
        f"never above {WINDOW_LIMIT} in any second": busiest <= WINDOW_LIMIT,
        "no chat twice within 1 s": not chat_twice,
        "all delivered once": len(delivered) == expected and duplicates == 0,
    }
    for name, met in checks.items():
        print(f"target {name:<31}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
