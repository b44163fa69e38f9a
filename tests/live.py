"""A live stand: a throwaway database on the configured PostgreSQL server, migrated and
seeded, and real servai server processes (gunicorn) in front of it. Used by tests that need
several processes (rate limits shared through Redis) and by the benchmarks."""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]


def server_url() -> str:
    """The PostgreSQL server to put throwaway databases on: DATABASE_URL, or the embedded one."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from config.embedded import embedded_database_url

    return embedded_database_url(Path(os.environ.get("VAR_DIR", ROOT / "var")) / "pg")


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_database(server_url: str, prefix: str = "servai_stand"):
    """Yields the URL of a new, empty database; drops it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def stand_env(database_url: str, **overrides: str) -> dict:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "DJANGO_SETTINGS"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "HUEY_IMMEDIATE": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    env.update(overrides)
    return env


SEED = """
from shared_apps.accounts.models import CompanyRole, Membership, User
from tenants.models import Company
from tenants.services import company_create
company = company_create(name="Stand", slug="stand").company
user = User.objects.create_user(email="{email}", password="{password}", email_verified=True)
Membership.objects.create(user=user, company=company, role=CompanyRole.DIRECTOR)
"""


def stand_prepare(env: dict, *, email: str, password: str) -> None:
    manage("migrate_all", env=env)
    manage("shell", "-c", SEED.format(email=email, password=password), env=env)


@contextmanager
def servers(env: dict, count: int = 1, *, workers: int = 1, threads: int = 4):
    """Starts `count` independent gunicorn servers; yields their base URLs."""
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 60
        for url, process in zip(urls, processes, strict=True):
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {process.stderr.read()}")
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not start")
                time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
