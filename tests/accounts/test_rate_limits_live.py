"""Rate limits hold across separate server processes sharing Redis, and fall back to
per-process memory when Redis is unreachable — never a 500."""

import uuid

import httpx
import pytest
from django.conf import settings

from tests.helpers import PASSWORD
from tests.live import free_port, servers, stand_env, stand_prepare, throwaway_database

EMAIL = "stand@servai.test"
COMPANY_HOST = {"Host": "stand.localhost"}


@pytest.fixture(scope="module")
def stand_database():
    with throwaway_database(settings.DATABASE_URL, prefix="servai_ratelimit") as url:
        stand_prepare(stand_env(url), email=EMAIL, password=PASSWORD)
        yield url


def login(url: str) -> httpx.Response:
    return httpx.post(
        f"{url}/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}, headers=COMPANY_HOST
    )


@pytest.fixture
def shared_redis_env(stand_database):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    # A fresh key prefix per test: counters start at zero and never meet other runs.
    return stand_env(
        stand_database, REDIS_URL=settings.REDIS_URL, REDIS_KEY_PREFIX=f"live:{uuid.uuid4().hex}:"
    )


def test_auth_limit_is_shared_by_two_processes(shared_redis_env):
    with servers(shared_redis_env, 2) as (a, b):
        # when 5 attempts spread over both servers, then a 6th on either
        statuses = [login(url).status_code for url in (a, b, a, b, a)]
        sixth = login(b)
    # then
    assert statuses == [200] * 5
    assert sixth.status_code == 429
    assert sixth.json()["error"] == {
        "code": "too_many_requests",
        "message": "Too many authentication attempts",
    }
    assert int(sixth.headers["Retry-After"]) > 0


def test_api_limit_is_shared_by_two_processes(shared_redis_env):
    with servers(shared_redis_env, 2) as (a, b):
        statuses = [
            httpx.get(f"{url}/api/v1/company", headers=COMPANY_HOST).status_code for url in [a, b] * 50
        ]
        over = httpx.get(f"{a}/api/v1/company", headers=COMPANY_HOST)
    assert statuses == [200] * 100
    assert over.status_code == 429
    assert over.json()["error"]["message"] == "Too many requests"


def test_refresh_limit_is_per_user_and_shared_by_two_processes(shared_redis_env):
    env = {**shared_redis_env, "RATE_LIMIT_AUTH_ATTEMPTS": "100"}
    with servers(env, 2) as (a, b):
        refresh = login(a).json()["refresh"]
        statuses = []
        for url in [a, b] * 5:
            response = httpx.post(
                f"{url}/api/v1/auth/refresh", json={"refresh": refresh}, headers=COMPANY_HOST
            )
            statuses.append(response.status_code)
            refresh = response.json()["refresh"]
        eleventh = httpx.post(f"{b}/api/v1/auth/refresh", json={"refresh": refresh}, headers=COMPANY_HOST)
    assert statuses == [200] * 10
    assert eleventh.status_code == 429
    assert eleventh.json()["error"]["message"] == "Too many refresh requests"


def test_limits_fall_back_to_each_process_when_redis_is_down(stand_database):
    env = stand_env(stand_database, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    with servers(env, 2) as (a, b):
        on_a = [login(a).status_code for _ in range(6)]
        on_b = [login(b).status_code for _ in range(6)]
        me = httpx.get(f"{a}/api/v1/company", headers=COMPANY_HOST)
    # each process counts alone: 5 allowed per process, then 429; nothing fails with 500
    assert on_a == [200] * 5 + [429]
    assert on_b == [200] * 5 + [429]
    assert me.status_code == 200
