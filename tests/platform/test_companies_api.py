import re

import pytest
from django.core import mail

from shared_apps.accounts.models import CompanyRole, Membership, PlatformRole, User
from shared_apps.audit.models import AuditEntry
from tenants.models import Company
from tests.helpers import PASSWORD, bearer

JSON = "application/json"


@pytest.fixture
def operator_token(make_user, public_client, login):
    make_user("admin@servai.test", platform_role=PlatformRole.SUPER_ADMIN)
    return login(public_client, "admin@servai.test")["access"]


@pytest.fixture
def accountant_token(make_user, public_client, login):
    make_user("money@servai.test", platform_role=PlatformRole.SUPER_ACCOUNTANT)
    return login(public_client, "money@servai.test")["access"]


def test_operator_creates_a_company_and_its_director_sets_a_password_and_lands_as_director(
    public_client, operator_token, client_for, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = public_client.post(
            "/api/v1/platform/companies",
            {
                "name": "Sunny Homes",
                "slug": "sunny",
                "country": "BG",
                "currency": "BGN",
                "director_email": "Director@Sunny.test",
            },
            content_type=JSON,
            **bearer(operator_token),
        )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["domain"], body["currency"], body["status"]) == (
        "sunny",
        "sunny.localhost",
        "BGN",
        "active",
    )
    invite = mail.outbox[0]
    assert invite.to == ["director@sunny.test"]
    assert "http://sunny.localhost/auth/invite?token=" in invite.body
    token = re.search(r"token=([A-Za-z0-9_-]+)", invite.body).group(1)
    # when the director accepts on the company host
    sunny = client_for(Company.objects.get(schema_name="sunny"))
    accepted = sunny.post(
        "/api/v1/auth/invite/accept",
        {"token": token, "password": PASSWORD, "first_name": "Vera"},
        content_type=JSON,
    )
    # then
    assert accepted.status_code == 200, accepted.content
    me = sunny.get("/api/v1/me", **bearer(accepted.json()["access"])).json()
    assert me["first_name"] == "Vera"
    assert [(m["company_schema"], m["role"]) for m in me["memberships"]] == [("sunny", "director")]
    sunny_id = str(Company.objects.get(schema_name="sunny").pk)
    assert sorted(AuditEntry.objects.filter(target_id=sunny_id).values_list("action", flat=True)) == [
        "company.create",
        "company.director_invited",
    ]


def test_company_create_validation_names_the_field(public_client, operator_token):
    # when
    bad_slug = public_client.post(
        "/api/v1/platform/companies",
        {"name": "X", "slug": "Bad Slug"},
        content_type=JSON,
        **bearer(operator_token),
    )
    bad_zone = public_client.post(
        "/api/v1/platform/companies",
        {"name": "X", "slug": "zoned", "time_zone": "Mars/Base"},
        content_type=JSON,
        **bearer(operator_token),
    )
    taken = public_client.post(
        "/api/v1/platform/companies",
        {"name": "X", "slug": "company"},
        content_type=JSON,
        **bearer(operator_token),
    )
    # then
    assert bad_slug.status_code == 422
    assert list(bad_slug.json()["error"]["fields"]) == ["slug"]
    assert bad_zone.status_code == 422
    assert bad_zone.json()["error"]["fields"] == {"time_zone": ["Unknown time zone 'Mars/Base'."]}
    assert taken.status_code == 409
    assert not Company.all_objects.filter(schema_name="zoned").exists()


def test_accountant_blocks_and_unblocks_but_cannot_create(
    public_client, accountant_token, company, company_client
):
    # when
    blocked = public_client.post(
        f"/api/v1/platform/companies/{company.pk}/block",
        {"reason": "Invoice 2026-10 unpaid"},
        content_type=JSON,
        **bearer(accountant_token),
    )
    # then
    assert blocked.json()["status"] == "blocked"
    assert company_client.get("/api/v1/condos").status_code == 402
    unblocked = public_client.post(
        f"/api/v1/platform/companies/{company.pk}/unblock", **bearer(accountant_token)
    )
    assert unblocked.json()["status"] == "active"
    create = public_client.post(
        "/api/v1/platform/companies",
        {"name": "X", "slug": "nope"},
        content_type=JSON,
        **bearer(accountant_token),
    )
    assert create.status_code == 403


def test_company_people_cannot_use_the_platform_api(public_client, director, login, company):
    # given a company director
    tokens = login(public_client, director.email)
    # when
    response = public_client.get("/api/v1/platform/companies", **bearer(tokens["access"]))
    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_platform_api_is_not_served_on_company_hosts(company_client, operator_token):
    assert company_client.get("/api/v1/platform/companies", **bearer(operator_token)).status_code == 404


def test_company_list_pages_with_a_cursor_and_filters(public_client, operator_token, company, other_company):
    # when
    first = public_client.get("/api/v1/platform/companies?limit=1", **bearer(operator_token)).json()
    second = public_client.get(
        f"/api/v1/platform/companies?limit=1&cursor={first['next_cursor']}", **bearer(operator_token)
    ).json()
    searched = public_client.get("/api/v1/platform/companies?search=other", **bearer(operator_token)).json()
    # then
    assert [c["slug"] for c in first["items"] + second["items"]] == ["company", "other_company"]
    assert second["next_cursor"] is None
    assert [c["slug"] for c in searched["items"]] == ["other_company"]
    bad = public_client.get("/api/v1/platform/companies?cursor=%%%", **bearer(operator_token))
    assert bad.status_code == 422


def test_operator_updates_a_company(public_client, operator_token, company):
    response = public_client.patch(
        f"/api/v1/platform/companies/{company.pk}",
        {"unit_price_override": "0.85", "name": "Company Ltd"},
        content_type=JSON,
        **bearer(operator_token),
    )
    assert response.status_code == 200
    assert response.json()["unit_price_override"] == "0.85"
    company.refresh_from_db()
    assert str(company.unit_price_override) == "0.85"
    assert company.name == "Company Ltd"


def test_invite_existing_user_as_director_keeps_one_user(public_client, operator_token, company, director):
    response = public_client.post(
        f"/api/v1/platform/companies/{company.pk}/invite-director",
        {"email": "DIRECTOR@company.test"},
        content_type=JSON,
        **bearer(operator_token),
    )
    assert response.status_code == 202
    assert User.objects.filter(email="director@company.test").count() == 1
    assert Membership.objects.filter(user=director, company=company, role=CompanyRole.DIRECTOR).count() == 1
