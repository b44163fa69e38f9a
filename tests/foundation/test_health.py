"""Liveness (/health), readiness (/ready) and integrations (/health/integrations), through
the tenant middleware on the platform host and on a company host. External services are
the loopback fakes of tests/fakes; PostgreSQL and Redis are the real servers."""

import time

import pytest
from django.db import connection
from django.test import override_settings

from shared_apps.core import health
from tenants.models import Company
from tests.fakes.http import free_port

HOSTS = ["public", "company"]
NOT_CONFIGURED = {"status": "not_configured"}
SHORT_TIMEOUT = 0.5


@pytest.fixture
def host_client(request, client_for, company):
    """A client on the platform host or on the company's host (parametrized by `host`)."""
    return client_for(company if request.param == "company" else None)


@pytest.fixture(autouse=True)
def _fresh_integrations_cache():
    """/health/integrations caches per process: every test starts from an empty cache."""
    health._integrations_cache.update(at=0.0, results=None)
    yield
    health._integrations_cache.update(at=0.0, results=None)


@pytest.fixture
def no_integrations(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.PERPLEXITY_API_KEY = ""
    settings.STRIPE_SECRET_KEY = ""
    return settings


@pytest.fixture
def integrations_on_fakes(settings, fake_telegram, fake_perplexity, fake_stripe):
    """Every integration configured and pointed at its running fake."""
    settings.TELEGRAM_BOT_TOKEN = fake_telegram.token
    settings.TELEGRAM_API_BASE_URL = fake_telegram.base_url
    settings.PERPLEXITY_API_KEY = fake_perplexity.api_key
    settings.PERPLEXITY_BASE_URL = fake_perplexity.base_url
    settings.STRIPE_SECRET_KEY = fake_stripe.api_key
    settings.STRIPE_API_BASE = fake_stripe.base_url
    settings.HEALTH_CHECK_TIMEOUT_SECONDS = SHORT_TIMEOUT
    settings.HEALTH_INTEGRATIONS_CACHE_SECONDS = 60
    return settings


def expected_schema_count() -> int:
    return 1 + Company.objects.operating().count()  # public + every company schema


def redis_expected(settings) -> dict:
    return {"status": "ok"} if settings.REDIS_URL else NOT_CONFIGURED


# --- /health ----------------------------------------------------------------------------------


@pytest.mark.parametrize("host_client", HOSTS, indirect=True)
def test_health_answers_ok_without_touching_the_database(host_client, django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        response = host_client.get("/health")
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


# --- /ready -----------------------------------------------------------------------------------


@pytest.mark.parametrize("host_client", HOSTS, indirect=True)
def test_ready_answers_ok_when_every_dependency_is_ok(host_client, settings):
    # when
    response = host_client.get("/ready")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "redis": redis_expected(settings),
            "migrations": {"status": "ok", "schemas": expected_schema_count()},
        },
    }


def test_ready_without_redis_configured_is_still_ready(public_client):
    # given
    with override_settings(REDIS_URL=""):
        # when
        response = public_client.get("/ready")
    # then
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == NOT_CONFIGURED


@pytest.mark.parametrize("host_client", HOSTS, indirect=True)
def test_ready_answers_503_when_a_company_schema_lacks_a_migration(host_client, company):
    # given the company schema forgot its latest migration (rolled back with the test)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM company.django_migrations WHERE id = "
            "(SELECT max(id) FROM company.django_migrations) RETURNING app, name"
        )
        app, name = cursor.fetchone()
    # when
    response = host_client.get("/ready")
    # then
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["migrations"] == {"status": "error", "unapplied": {"company": [f"{app}.{name}"]}}
    assert body["checks"]["database"] == {"status": "ok"}


def test_ready_answers_503_quickly_when_redis_is_down(company_client):
    # given Redis on a port nothing listens on
    closed = free_port()
    with override_settings(
        REDIS_URL=f"redis://127.0.0.1:{closed}/0", HEALTH_CHECK_TIMEOUT_SECONDS=SHORT_TIMEOUT
    ):
        # when
        started = time.monotonic()
        response = company_client.get("/ready")
        elapsed = time.monotonic() - started
    # then
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["redis"] == {"status": "error", "detail": "ConnectionError"}
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["migrations"]["status"] == "ok"
    assert elapsed < 2 * SHORT_TIMEOUT + 1


# --- /health/integrations ---------------------------------------------------------------------


@pytest.mark.parametrize("host_client", HOSTS, indirect=True)
def test_integrations_not_configured_without_keys(host_client, no_integrations):
    # when
    response = host_client.get("/health/integrations")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "integrations": {"telegram": NOT_CONFIGURED, "ai": NOT_CONFIGURED, "stripe": NOT_CONFIGURED}
    }


@pytest.mark.parametrize("host_client", HOSTS, indirect=True)
def test_integrations_ok_when_each_service_answers(
    host_client, integrations_on_fakes, fake_telegram, fake_perplexity, fake_stripe
):
    # when
    response = host_client.get("/health/integrations")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "integrations": {
            "telegram": {"status": "ok", "bot": "servai_test_bot"},
            "ai": {"status": "ok"},
            "stripe": {"status": "ok"},
        }
    }
    # and each service was asked once, with its credentials
    assert [r.path for r in fake_telegram.requests] == [f"/bot{fake_telegram.token}/getMe"]
    assert [(r.method, r.path, r.bearer_token) for r in fake_perplexity.requests] == [
        ("GET", "/v1/models", fake_perplexity.api_key)
    ]
    assert [(r.method, r.path, r.bearer_token) for r in fake_stripe.requests] == [
        ("GET", "/v1/balance", fake_stripe.api_key)
    ]


def test_integrations_error_for_wrong_keys(public_client, integrations_on_fakes):
    # given every service refuses our credentials (each fake answers 401)
    integrations_on_fakes.TELEGRAM_BOT_TOKEN = "999:wrong-token"
    integrations_on_fakes.PERPLEXITY_API_KEY = "pplx-wrong"
    integrations_on_fakes.STRIPE_SECRET_KEY = "sk_test_wrong"
    # when
    response = public_client.get("/health/integrations")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "integrations": {
            "telegram": {"status": "error", "detail": "InvalidToken"},
            "ai": {"status": "error", "detail": "HTTP 401"},
            "stripe": {"status": "error", "detail": "AuthenticationError"},
        }
    }
    assert "wrong" not in response.content.decode()  # no credential is echoed


def test_integrations_error_when_services_hang_past_the_timeout(
    public_client, integrations_on_fakes, fake_telegram, fake_perplexity, fake_stripe
):
    # given every service hangs far longer than HEALTH_CHECK_TIMEOUT_SECONDS
    for fake in (fake_telegram, fake_perplexity, fake_stripe):
        fake.hang_next(30, times=None)
    # when
    started = time.monotonic()
    response = public_client.get("/health/integrations")
    elapsed = time.monotonic() - started
    # then
    assert response.status_code == 200
    assert response.json() == {
        "integrations": {
            "telegram": {"status": "error", "detail": "TimedOut"},
            "ai": {"status": "error", "detail": "ReadTimeout"},
            "stripe": {"status": "error", "detail": "APIConnectionError"},
        }
    }
    assert elapsed < 3 * SHORT_TIMEOUT + 2


def test_integrations_error_when_a_service_fails(public_client, integrations_on_fakes, fake_perplexity):
    # given the AI provider answers 503
    fake_perplexity.fail_next(503)
    # when
    response = public_client.get("/health/integrations")
    # then
    integrations = response.json()["integrations"]
    assert integrations["ai"] == {"status": "error", "detail": "HTTP 503"}
    assert integrations["telegram"]["status"] == "ok"
    assert integrations["stripe"] == {"status": "ok"}


def test_integrations_are_cached_for_the_configured_window(
    client_for, company, integrations_on_fakes, fake_telegram, fake_perplexity, fake_stripe
):
    # given a first check, answered by every service
    first = client_for(None).get("/health/integrations")
    asked = (len(fake_telegram.requests), len(fake_perplexity.requests), len(fake_stripe.requests))
    assert asked == (1, 1, 1)
    # and the services start failing
    fake_perplexity.fail_next(503, times=None)
    # when asked again within HEALTH_INTEGRATIONS_CACHE_SECONDS, on another host
    second = client_for(company).get("/health/integrations")
    # then the cached answer is served and no service was asked again
    assert second.status_code == 200
    assert second.json() == first.json()
    assert (len(fake_telegram.requests), len(fake_perplexity.requests), len(fake_stripe.requests)) == asked


def test_integrations_are_checked_again_once_the_window_has_passed(
    public_client, integrations_on_fakes, fake_perplexity
):
    # given a first check, then the AI provider starts failing
    assert public_client.get("/health/integrations").json()["integrations"]["ai"] == {"status": "ok"}
    fake_perplexity.fail_next(503, times=None)
    # and the cached answer is older than the window
    health._integrations_cache["at"] -= integrations_on_fakes.HEALTH_INTEGRATIONS_CACHE_SECONDS + 1
    # when
    response = public_client.get("/health/integrations")
    # then
    assert response.json()["integrations"]["ai"] == {"status": "error", "detail": "HTTP 503"}
    assert len(fake_perplexity.requests_to("/v1/models")) == 2
