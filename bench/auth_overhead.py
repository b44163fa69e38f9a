"""Throughput of an authenticated API call against the bare liveness probe, same run.

Starts real gunicorn servers on a throwaway database, then drives `GET /health` and an
authenticated `GET /api/v1/me` (JWT check, revocation lookup, cached user, membership check,
rate limit) with the same client load, and prints requests/s and their ratio.

Usage: python bench/auth_overhead.py [--seconds 5] [--clients 2] [--threads 8] [--workers 2]
"""

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import server_url, servers, stand_env, stand_prepare, throwaway_database  # noqa: E402

EMAIL, PASSWORD = "bench@servai.test", "Bench-pass-2026"
HOST = "stand.localhost"


def _client_process(url: str, path: str, headers: dict, threads: int, seconds: float, results) -> None:
    deadline = time.monotonic() + seconds

    def loop() -> tuple[int, int]:
        ok = failed = 0
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            while time.monotonic() < deadline:
                if client.get(path).status_code == 200:
                    ok += 1
                else:
                    failed += 1
        return ok, failed

    with ThreadPoolExecutor(threads) as pool:
        outcomes = list(pool.map(lambda _: loop(), range(threads)))
    results.put((sum(o for o, _ in outcomes), sum(f for _, f in outcomes)))


def measure(url: str, path: str, headers: dict, *, clients: int, threads: int, seconds: float) -> float:
    results = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client_process, args=(url, path, headers, threads, seconds, results))
        for _ in range(clients)
    ]
    started = time.monotonic()
    for process in processes:
        process.start()
    totals = [results.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.monotonic() - started
    ok, failed = sum(t[0] for t in totals), sum(t[1] for t in totals)
    if failed:
        raise RuntimeError(f"{path}: {failed} requests did not answer 200")
    return ok / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per client process")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    redis_url = os.environ.get("REDIS_URL", "")
    print(f"Redis: {'yes' if redis_url else 'no (database answers revocation and user lookups)'}")
    with throwaway_database(server_url(), prefix="servai_bench") as database_url:
        env = stand_env(
            database_url,
            REDIS_URL=redis_url,
            REDIS_KEY_PREFIX="bench:",
            RATE_LIMIT_API_PER_MINUTE="100000000",
            RATE_LIMIT_AUTH_ATTEMPTS="1000",
        )
        stand_prepare(env, email=EMAIL, password=PASSWORD)
        with servers(env, 1, workers=args.workers, threads=4) as (url,):
            tokens = httpx.post(
                f"{url}/api/v1/auth/login",
                json={"email": EMAIL, "password": PASSWORD},
                headers={"Host": HOST},
            ).json()
            authorised = {"Host": HOST, "Authorization": f"Bearer {tokens['access']}"}
            load = {"clients": args.clients, "threads": args.threads, "seconds": args.seconds}
            measure(url, "/health", {"Host": HOST}, **{**load, "seconds": 1})  # warm-up
            health = measure(url, "/health", {"Host": HOST}, **load)
            me = measure(url, "/api/v1/me", authorised, **load)
    print(f"GET /health                 : {health:8.0f} requests/s")
    print(f"GET /api/v1/me (with a JWT) : {me:8.0f} requests/s")
    ratio = me / health
    verdict = "met" if ratio >= 0.5 else "NOT met"
    print(f"ratio me / health           : {ratio:8.2f}  (target >= 0.50: {verdict})")


if __name__ == "__main__":
    main()
