"""Production settings refuse weak configuration; checked in a fresh interpreter each time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 50,
    "JWT_SECRET": "j" * 40,
    "ALLOWED_HOSTS": ".servai.example",
    "DATABASE_URL": "postgresql://servai@127.0.0.1:1/servai",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "DEBUG": "0",
}


def import_settings(**overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in STRONG}
    env.update(STRONG)
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_strong_settings():
    assert import_settings().returncode == 0


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"JWT_SECRET": "short-secret"}, "JWT_SECRET must be at least 32 characters"),
        ({"JWT_SECRET": ""}, "JWT_SECRET is the development default"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is missing"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list the served hosts"),
        ({"DATABASE_URL": ""}, "DATABASE_URL is not set"),
        ({"REDIS_URL": ""}, "REDIS_URL must be set"),
    ],
)
def test_production_refuses_weak_settings(overrides, reason):
    # when
    result = import_settings(**overrides)
    # then
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert reason in result.stderr
