"""Seconds per new company: cloned from the template schema vs. plain migrations, same run.

Runs against a throwaway database on the configured server (DATABASE_URL, or the embedded
one) and drops it afterwards.  Usage: python bench/tenant_create.py [--companies N]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import server_url, throwaway_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=5, help="companies per method")
    args = parser.parse_args()
    with throwaway_database(server_url(), prefix="servai_bench") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        try:
            run(args.companies)
        finally:
            from django.db import connections

            connections.close_all()


def run(count: int) -> None:
    import django

    django.setup()
    from tqdm import tqdm

    from tenants.migrate import migrate_all
    from tenants.services import company_create

    started = time.perf_counter()
    migrate_all(verbosity=0)
    print(f"migrate_all on an empty database: {time.perf_counter() - started:.2f} s")

    timings: dict[str, list[float]] = {"cloned": [], "migrated": []}
    plan = [("cloned", True), ("migrated", False)] * count  # interleaved: same conditions for both
    for index, (method, use_template) in enumerate(tqdm(plan, desc="companies", unit="co")):
        started = time.perf_counter()
        result = company_create(name=f"Bench {index}", slug=f"bench_{index}", use_template=use_template)
        timings[method].append(time.perf_counter() - started)
        assert result.schema == method, result.schema

    cloned = statistics.median(timings["cloned"])
    migrated = statistics.median(timings["migrated"])
    print(f"companies per method     : {count}")
    print(f"cloned from template     : {cloned:.3f} s per company (median; max {max(timings['cloned']):.3f})")
    slowest_migrated = max(timings["migrated"])
    print(f"plain migrations         : {migrated:.3f} s per company (median; max {slowest_migrated:.3f})")
    print(f"speed-up                 : {migrated / cloned:.1f}x")
    print(f"target (<= 1 s cloned)   : {'met' if max(timings['cloned']) <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
