"""Updates per second through the whole assistant pipeline, and their latency.

Real processes on a throwaway database: gunicorn (the webhook), a Huey worker (Redis queue),
the outbox sender; a fake Telegram Bot API in this process receives the answers. 2,000
updates from 200 people (10 each, offline understanding, flood delay off) are posted to the
webhook; the latency of an update is from its POST to the moment its answer reached "Telegram".

Usage: REDIS_URL=redis://127.0.0.1:6379/0 python bench/bot_pipeline.py [--people 200] [--messages 10]
"""

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import psutil
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram import FakeTelegram  # noqa: E402
from tests.live import manage, server_url, servers, stand_env, stand_prepare, throwaway_database  # noqa: E402

SECRET = "bench-webhook-secret"
CONCURRENCY = 16
SEED = """
from shared_apps.accounts.models import User
from shared_apps.botrouting.models import TelegramAccount
from django.utils import timezone
from tenant_apps.condos.models import UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.services import resident_link
from tenants.schemas import in_schema
with in_schema("stand"):
    condo = condo_create(name="Bench", emergency_phone="+359 1")
    building = building_create(condo=condo, name="A")
    entrance = entrance_create(building=building, name="1")
    kind = UnitType.objects.get(condo=condo, code="residential")
    for n in range({people}):
        user = User.objects.create_user(email=f"p{{n}}@bench.test", password=None, email_verified=True)
        unit = unit_create(building=building, entrance=entrance, number=str(n), area="50", unit_type=kind)
        resident_link(unit=unit, user=user)
        TelegramAccount.objects.create(telegram_user_id=10_000 + n, chat_id=10_000 + n, user=user,
                                       language_code="en", privacy_shown_at=timezone.now(),
                                       consented_at=timezone.now())
"""


def start(env: dict, *args: str) -> subprocess.Popen:
    log = open(Path(tempfile.gettempdir()) / f"servai-bench-{args[0]}.log", "w")  # noqa: SIM115
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=log, stderr=log)


async def post_updates(url: str, people: int, messages: int, posted: dict) -> None:
    """Every person posts their messages one after another, CONCURRENCY people at a time (an
    event loop with aiohttp: the clients should take as little of the machine as they can)."""
    gate = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession(url, connector=connector, headers=headers) as session:

        async def person(n: int) -> None:
            chat = 10_000 + n
            async with gate:
                for k in range(messages):
                    posted[(chat, k)] = time.monotonic()
                    update = {
                        "update_id": n * 1000 + k,
                        "message": {
                            "message_id": k,
                            "date": 0,
                            "chat": {"id": chat, "type": "private"},
                            "from": {"id": chat, "first_name": "P", "language_code": "en"},
                            "text": "help",
                        },
                    }
                    async with session.post("/telegram/webhook", json=update) as response:
                        response.raise_for_status()

        await asyncio.gather(*(person(n) for n in range(people)))


def cpu_seconds_by_role() -> dict[str, float]:
    """CPU time used so far by the stand's processes (and this one: the clients and the fake
    Telegram), grouped by role."""
    roles = {"webhook": "gunicorn", "worker": "run_huey", "sender": "runsender"}
    used = dict.fromkeys([*roles, "bench"], 0.0)
    for process in psutil.Process().children(recursive=True):
        try:
            command, times = " ".join(process.cmdline()), process.cpu_times()
        except psutil.Error:
            continue
        for role, marker in roles.items():
            if marker in command:
                used[role] += times.user + times.system
    own = psutil.Process().cpu_times()
    used["bench"] = own.user + own.system
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10, help="messages per person")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("bench/bot_pipeline.py needs REDIS_URL: the web and worker processes share the queue")
    total = args.people * args.messages
    with FakeTelegram() as telegram, throwaway_database(server_url(), prefix="servai_bench") as database_url:
        env = stand_env(
            database_url,
            REDIS_URL=os.environ["REDIS_URL"],
            HUEY_IMMEDIATE="0",
            HUEY_QUEUE_NAME=f"bench-{uuid.uuid4().hex[:8]}",
            REDIS_KEY_PREFIX=f"bench:{uuid.uuid4().hex[:8]}:",
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            BOT_DELAY_THRESHOLD="1000000",
            BOT_SEND_PER_SECOND="100000",
            BOT_SEND_CHAT_INTERVAL_SECONDS="0",
            RATE_LIMIT_API_PER_MINUTE="100000000",
            PERPLEXITY_API_KEY="",
        )
        stand_prepare(env, email="owner@bench.test", password="Bench-pass-2026")
        manage("shell", "-c", SEED.format(people=args.people), env=env)
        worker, sender = (
            start(env, "run_huey", "--no-periodic", "--worker-type", "process", "--workers", "4"),
            start(env, "runsender"),
        )
        try:
            with servers(env, 1, workers=2, threads=8) as (url,):
                posted: dict[tuple[int, int], float] = {}

                cpu_before = cpu_seconds_by_role()
                started = time.monotonic()
                asyncio.run(post_updates(url, args.people, args.messages, posted))
                deadline = time.monotonic() + 300
                while len(telegram.log_of("sendMessage", ok=True)) < total and time.monotonic() < deadline:
                    time.sleep(0.05)
                calls = telegram.log_of("sendMessage", ok=True)
                cpu_after = cpu_seconds_by_role()
                with psycopg.connect(database_url) as conn:
                    stages = conn.execute(
                        "SELECT (SELECT max(processed_at) - min(created_at) FROM botrouting_telegramupdate),"
                        " (SELECT max(sent_at) - min(created_at) FROM botrouting_outboxmessage),"
                        " (SELECT count(*) FROM botrouting_telegramupdate WHERE status = 'done'),"
                        " (SELECT count(*) FROM botrouting_outboxmessage WHERE status = 'sent')"
                    ).fetchone()
        finally:
            for process in (worker, sender):
                process.send_signal(signal.SIGINT)
            for process in (worker, sender):
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
    seen: dict[int, int] = {}
    latencies = []
    for call in sorted(calls, key=lambda c: c.at):
        k = seen.get(call.chat_id, 0)
        seen[call.chat_id] = k + 1
        latencies.append(call.at - posted[(call.chat_id, k)])
    finished = max(call.at for call in calls)
    rate = len(calls) / (finished - started)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"updates answered           : {len(calls)} of {total}")
    print(
        f"stages (processed, sent)   : {stages[0]} ({stages[2]} updates), {stages[1]} ({stages[3]} messages)"
    )
    print(f"throughput                 : {rate:8.1f} updates/s")
    print(f"latency p50 / p95          : {statistics.median(latencies) * 1000:6.0f} / {p95 * 1000:6.0f} ms")
    cpu = "  ".join(
        f"{role} {(cpu_after[role] - cpu_before[role]) * 1000 / total:.1f}" for role in cpu_before
    )
    print(f"CPU ms per update          : {cpu}")
    print(f"target (>= 100 updates/s)  : {'met' if rate >= 100 and len(calls) == total else 'NOT met'}")


if __name__ == "__main__":
    main()
