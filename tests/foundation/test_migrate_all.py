"""`migrate_all` from several processes at once, against a throwaway database of its own."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.live import ROOT, stand_env, throwaway_database


@pytest.fixture
def empty_database():
    with throwaway_database(settings.DATABASE_URL, prefix="servai_migrate") as url:
        yield url


def run_manage(*args: str, database_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=stand_env(database_url, LOG_FORMAT="text"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_concurrent_migrate_all_both_succeed_and_one_does_the_work(empty_database):
    # when two instances start at once
    first = run_manage("migrate_all", database_url=empty_database)
    second = run_manage("migrate_all", database_url=empty_database)
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    # then
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sum("Migrated 2 schema(s)." in out for out in outputs) == 1, outputs
    assert sum("Nothing to migrate" in out for out in outputs) == 1, outputs
    # and a company created afterwards is cloned from the migrated template
    created = run_manage("create_company", "--name", "Late", "--slug", "late", database_url=empty_database)
    output = created.communicate(timeout=120)[0]
    assert created.returncode == 0, output
    assert "schema cloned" in output
    # and a later run finds every schema current
    again = run_manage("migrate_all", database_url=empty_database)
    assert "Nothing to migrate" in again.communicate(timeout=120)[0]
