"""`migrate_all` from several processes at once, against a throwaway database of its own."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def server_dsn(dbname: str) -> str:
    db = settings.DATABASES["default"]
    parts = {
        "dbname": dbname,
        "user": db["USER"],
        "host": db["HOST"],
        "port": db["PORT"],
        "password": db["PASSWORD"],
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def database_url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    if db["HOST"].startswith("/"):  # embedded server on a unix socket
        return f"postgresql://{auth}@/{dbname}?host={db['HOST']}&port={db['PORT'] or 5432}"
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{dbname}"


@pytest.fixture
def throwaway_database():
    name = f"servai_migrate_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(server_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_manage(*args: str, dbname: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(dbname),
        "DJANGO_ENV": "development",
        "LOG_FORMAT": "text",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_concurrent_migrate_all_both_succeed_and_one_does_the_work(throwaway_database):
    # when two instances start at once
    first = run_manage("migrate_all", dbname=throwaway_database)
    second = run_manage("migrate_all", dbname=throwaway_database)
    outputs = [process.communicate(timeout=300)[0] for process in (first, second)]
    # then
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sum("Migrated 2 schema(s)." in out for out in outputs) == 1, outputs
    assert sum("Nothing to migrate" in out for out in outputs) == 1, outputs
    # and a company created afterwards is cloned from the migrated template
    created = run_manage("create_company", "--name", "Late", "--slug", "late", dbname=throwaway_database)
    output = created.communicate(timeout=120)[0]
    assert created.returncode == 0, output
    assert "schema cloned" in output
    # and a later run finds every schema current
    again = run_manage("migrate_all", dbname=throwaway_database)
    assert "Nothing to migrate" in again.communicate(timeout=120)[0]
