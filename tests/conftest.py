"""Test harness: one test database with the public schema, the company template and two
companies (`company`, `other_company`) built once per session; every test runs in a
transaction that is rolled back; clients talk to a host through the real middleware."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from config.redis import redis_client, redis_state_reset
from shared_apps.accounts.models import CompanyRole, Membership, User
from shared_apps.accounts.ratelimit import memory_counters_reset
from shared_apps.platform.models import platform_settings_cache_clear
from tenants.middleware import tenant_cache_clear
from tenants.models import Company
from tenants.provisioning import template_schema_ensure
from tenants.services import company_create, company_domain_name
from tests.helpers import JSON, PASSWORD

pytest_plugins = ["tests.fakes.fixtures"]
COMPANY_SLUG = "company"
OTHER_COMPANY_SLUG = "other_company"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        template_schema_ensure()
        company_create(name="Company", slug=COMPANY_SLUG)
        company_create(name="Other company", slug=OTHER_COMPANY_SLUG)
        connection.set_schema_to_public()


@pytest.fixture(scope="session", autouse=True)
def _redis_key_prefix(worker_id):
    """Each test process writes its own Redis keys (xdist workers share one Redis)."""
    settings.REDIS_KEY_PREFIX = f"test:{settings.DATABASES['default']['TEST']['NAME']}:{worker_id}:"


@pytest.fixture(autouse=True)
def _fresh_global_state():
    """Rate-limit counters, revoked tokens and cached users never leak between tests."""
    client = redis_client()
    if client is not None:
        keys = list(client.scan_iter(match=settings.REDIS_KEY_PREFIX + "*", count=1000))
        if keys:
            client.delete(*keys)
    memory_counters_reset()
    redis_state_reset()
    tenant_cache_clear()
    platform_settings_cache_clear()


@pytest.fixture(autouse=True)
def _public_schema_after_test(request):
    """Requests switch the connection's schema; every test starts and ends on public."""
    yield
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        connection.set_schema_to_public()


@pytest.fixture
def company(db) -> Company:
    return Company.objects.get(schema_name=COMPANY_SLUG)


@pytest.fixture
def other_company(db) -> Company:
    return Company.objects.get(schema_name=OTHER_COMPANY_SLUG)


class HostClient(Client):
    """A test client bound to one host. Like a real server, each request leaves the test's
    connection on the public schema it found it on."""

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            connection.set_schema_to_public()


def host_of(company: Company) -> str:
    return company_domain_name(company.schema_name)


@pytest.fixture
def client_for(db):
    """client_for(company) → a Django test client whose requests go to that company's host;
    client_for(None) → the platform (public) host."""

    def make(company: Company | None = None, **defaults) -> HostClient:
        host = host_of(company) if company is not None else "localhost"
        return HostClient(HTTP_HOST=host, **defaults)

    return make


@pytest.fixture
def company_client(client_for, company) -> HostClient:
    return client_for(company)


@pytest.fixture
def other_company_client(client_for, other_company) -> HostClient:
    return client_for(other_company)


@pytest.fixture
def public_client(client_for) -> HostClient:
    return client_for(None)


@pytest.fixture
def make_user(db):
    """make_user(email, memberships=[(company, role, condo_id)], **fields) → a verified user."""

    def make(
        email="resident@servai.test", *, password=PASSWORD, verified=True, memberships=(), **fields
    ) -> User:
        user = User.objects.create_user(email=email, password=password, email_verified=verified, **fields)
        for member_of, role, condo_id in memberships:
            Membership.objects.create(user=user, company=member_of, role=role, condo_id=condo_id)
        return user

    return make


@pytest.fixture
def director(make_user, company) -> User:
    return make_user("director@company.test", memberships=[(company, CompanyRole.DIRECTOR, None)])


@pytest.fixture
def login(db):
    """login(client, email, password) → the token pair the API answered with."""

    def do(client, email, password=PASSWORD) -> dict:
        response = client.post(
            "/api/v1/auth/login", {"email": email, "password": password}, content_type=JSON
        )
        assert response.status_code == 200, response.content
        return response.json()

    return do
