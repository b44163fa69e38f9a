import re
import socket

import pytest
from django.conf import settings as django_settings
from django.core import mail

from shared_apps.accounts.models import RefreshToken, User
from shared_apps.audit.models import AuditEntry
from tests.helpers import PASSWORD, bearer

JSON = "application/json"


def post(client, path, data=None, **extra):
    return client.post(path, data or {}, content_type=JSON, **extra)


def link_token(message) -> str:
    return re.search(r"token=([A-Za-z0-9_-]+)", message.body).group(1)


@pytest.fixture
def closed_redis(settings):
    """Point the app at a port where nothing listens: Redis is 'down'."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"


def test_register_verify_login_refresh_and_reuse_revokes_the_family(
    public_client, django_capture_on_commit_callbacks
):
    # given a new account
    with django_capture_on_commit_callbacks(execute=True):
        registered = post(
            public_client, "/api/v1/auth/register", {"email": "New@Resident.test", "password": PASSWORD}
        )
    assert registered.status_code == 201
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@resident.test"]
    # when logging in before verifying
    early = post(public_client, "/api/v1/auth/login", {"email": "new@resident.test", "password": PASSWORD})
    # then
    assert early.status_code == 403
    assert early.json()["error"]["code"] == "email_not_verified"
    # when verifying through the emailed link
    verified = post(public_client, "/api/v1/auth/email/verify", {"token": link_token(mail.outbox[0])})
    assert verified.status_code == 200
    assert User.objects.get(email="new@resident.test").email_verified
    # and logging in, then refreshing
    tokens = post(
        public_client, "/api/v1/auth/login", {"email": "NEW@resident.test", "password": PASSWORD}
    ).json()
    assert tokens["two_factor_required"] is False
    rotated = post(public_client, "/api/v1/auth/refresh", {"refresh": tokens["refresh"]})
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != tokens["refresh"]
    assert public_client.get("/api/v1/me", **bearer(rotated.json()["access"])).status_code == 200
    # when the first (already rotated) refresh token comes back
    reuse = post(public_client, "/api/v1/auth/refresh", {"refresh": tokens["refresh"]})
    # then the whole family is revoked: the newest tokens die too
    assert reuse.status_code == 401
    assert reuse.json()["error"] == {"code": "token_revoked", "message": "Token has been revoked"}
    newest = post(public_client, "/api/v1/auth/refresh", {"refresh": rotated.json()["refresh"]})
    assert newest.json()["error"]["message"] == "Token has been revoked"
    me = public_client.get("/api/v1/me", **bearer(rotated.json()["access"]))
    assert me.status_code == 401
    assert me.json()["error"]["message"] == "Token has been revoked"
    assert RefreshToken.objects.filter(user__email="new@resident.test", revoked_at__isnull=True).count() == 0
    assert AuditEntry.objects.filter(action="auth.refresh_reuse").count() == 1


def test_refresh_token_is_stored_only_as_a_hash(company_client, director, login):
    # when
    tokens = login(company_client, director.email)
    # then
    stored = RefreshToken.objects.get(user=director)
    assert tokens["refresh"] not in (stored.token_hash, str(stored.id))
    assert len(stored.token_hash) == 64
    assert stored.ip == "127.0.0.1"


def test_invalid_refresh_token_says_so(public_client):
    response = post(public_client, "/api/v1/auth/refresh", {"refresh": "not-a-token"})
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "refresh_invalid", "message": "Invalid refresh token"}


@pytest.mark.parametrize("redis_state", ["running", "unreachable"])
def test_logout_kills_the_access_token_on_the_next_request(
    company_client, director, login, redis_state, request
):
    # given
    tokens = login(company_client, director.email)
    assert company_client.get("/api/v1/me", **bearer(tokens["access"])).status_code == 200
    if redis_state == "unreachable":
        request.getfixturevalue("closed_redis")
    # when
    out = post(
        company_client, "/api/v1/auth/logout", {"refresh": tokens["refresh"]}, **bearer(tokens["access"])
    )
    after = company_client.get("/api/v1/me", **bearer(tokens["access"]))
    # then
    assert out.status_code == 200
    assert after.status_code == 401
    assert after.json()["error"]["message"] == "Token has been revoked"
    assert post(company_client, "/api/v1/auth/refresh", {"refresh": tokens["refresh"]}).status_code == 401


def test_logout_all_ends_every_session(company_client, director, login):
    # given two sessions
    first = login(company_client, director.email)
    second = login(company_client, director.email)
    # when
    response = post(company_client, "/api/v1/auth/logout-all", **bearer(first["access"]))
    # then
    assert response.json() == {"detail": "Signed out of 2 session(s)."}
    for tokens in (first, second):
        assert company_client.get("/api/v1/me", **bearer(tokens["access"])).status_code == 401
        assert post(company_client, "/api/v1/auth/refresh", {"refresh": tokens["refresh"]}).status_code == 401


def test_two_factor_login_needs_the_emailed_code(
    company_client, make_user, company, django_capture_on_commit_callbacks
):
    # given
    from shared_apps.accounts.models import CompanyRole

    make_user(
        "careful@company.test", two_factor_enabled=True, memberships=[(company, CompanyRole.DIRECTOR, None)]
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = post(
            company_client, "/api/v1/auth/login", {"email": "careful@company.test", "password": PASSWORD}
        )
    # then no tokens yet, a code by email
    body = first.json()
    assert body["two_factor_required"] is True
    assert body["access"] is None
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].subject).group(1)
    wrong = post(
        company_client,
        "/api/v1/auth/2fa/verify",
        {"challenge": body["challenge"], "code": "000000" if code != "000000" else "111111"},
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["fields"] == {"code": ["The code does not match."]}
    # when
    ok = post(company_client, "/api/v1/auth/2fa/verify", {"challenge": body["challenge"], "code": code})
    # then
    assert ok.status_code == 200
    assert company_client.get("/api/v1/me", **bearer(ok.json()["access"])).status_code == 200
    again = post(company_client, "/api/v1/auth/2fa/verify", {"challenge": body["challenge"], "code": code})
    assert again.json()["error"]["code"] == "code_expired"


def test_password_reset_link_works_once_and_ends_old_sessions(
    company_client, director, login, django_capture_on_commit_callbacks
):
    # given
    old = login(company_client, director.email)
    with django_capture_on_commit_callbacks(execute=True):
        asked = post(company_client, "/api/v1/auth/password-reset/request", {"email": director.email})
    token = link_token(mail.outbox[0])
    assert "http://company.localhost/auth/reset?token=" in mail.outbox[0].body
    # when
    done = post(
        company_client, "/api/v1/auth/password-reset/confirm", {"token": token, "password": "New-secret-77"}
    )
    again = post(
        company_client, "/api/v1/auth/password-reset/confirm", {"token": token, "password": "Other-secret-8"}
    )
    # then
    assert asked.status_code == 200
    assert done.status_code == 200
    assert again.status_code == 400
    assert again.json()["error"] == {"code": "token_used", "message": "This link has already been used"}
    assert company_client.get("/api/v1/me", **bearer(old["access"])).status_code == 401
    assert login(company_client, director.email, "New-secret-77")["access"]


def test_password_reset_request_never_reveals_whether_an_email_exists(
    public_client, director, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        known = post(public_client, "/api/v1/auth/password-reset/request", {"email": director.email})
        unknown = post(public_client, "/api/v1/auth/password-reset/request", {"email": "nobody@nowhere.test"})
    # then
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert [m.to for m in mail.outbox] == [[director.email]]


def test_unknown_email_login_is_indistinguishable_from_wrong_password(public_client, director):
    # when
    unknown = post(public_client, "/api/v1/auth/login", {"email": "ghost@company.test", "password": PASSWORD})
    wrong = post(public_client, "/api/v1/auth/login", {"email": director.email, "password": "Wrong-pass-1"})
    # then
    assert unknown.status_code == wrong.status_code == 401
    assert (
        unknown.json()
        == wrong.json()
        == {"error": {"code": "invalid_credentials", "message": "Invalid email or password"}}
    )


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Sh0rt", "This password is too short. It must contain at least 8 characters."),
        ("lowercase-only-1", "Password must contain an uppercase letter."),
        ("UPPERCASE-ONLY-1", "Password must contain a lowercase letter."),
        ("No-digits-here", "Password must contain a digit."),
        ("Password1", "This password is too common."),
        ("Mallory.Jones1@example.test", "The password is too similar to the email."),
    ],
)
def test_every_password_rule_is_named(public_client, password, rule):
    # when
    response = post(
        public_client, "/api/v1/auth/register", {"email": "mallory.jones1@example.test", "password": password}
    )
    # then
    assert response.status_code == 422
    assert rule in response.json()["error"]["fields"]["password"]
    assert not User.objects.filter(email="mallory.jones1@example.test").exists()


def test_register_with_a_taken_email_answers_the_same_and_mails_the_owner(
    public_client, director, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        taken = post(public_client, "/api/v1/auth/register", {"email": director.email, "password": PASSWORD})
        fresh = post(public_client, "/api/v1/auth/register", {"email": "fresh@x.test", "password": PASSWORD})
    # then
    assert (taken.status_code, taken.json()) == (fresh.status_code, fresh.json())
    assert mail.outbox[0].subject == "Someone tried to register with your email on servai"


def test_register_names_a_bad_email_field(public_client):
    response = post(public_client, "/api/v1/auth/register", {"email": "not-an-email", "password": PASSWORD})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"email": ["Enter a valid email address."]}


def test_company_a_token_is_refused_on_company_b_host(company_client, other_company_client, director, login):
    # given a director of company A
    tokens = login(company_client, director.email)
    # when
    response = other_company_client.get("/api/v1/me", **bearer(tokens["access"]))
    login_there = post(
        other_company_client, "/api/v1/auth/login", {"email": director.email, "password": PASSWORD}
    )
    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "no_company_access"
    assert login_there.status_code == 403


def test_tampered_or_missing_token_is_refused(company_client, director, login):
    tokens = login(company_client, director.email)
    head, claims, signature = tokens["access"].split(".")
    tampered = f"{head}.{claims}.{signature[:-2]}xx"
    assert company_client.get("/api/v1/me", **bearer(tampered)).json()["error"]["code"] == "token_invalid"
    assert company_client.get("/api/v1/me").json()["error"]["code"] == "not_authenticated"


def test_me_lists_contexts_and_profile_update_refreshes_the_cache(company_client, director, login):
    # given
    tokens = login(company_client, director.email)
    # when
    updated = company_client.patch(
        "/api/v1/me", {"first_name": "Dana", "language": "bg"}, content_type=JSON, **bearer(tokens["access"])
    )
    me = company_client.get("/api/v1/me", **bearer(tokens["access"]))
    # then
    assert updated.status_code == 200
    assert me.json()["first_name"] == "Dana"
    assert me.json()["language"] == "bg"
    assert [(m["company_schema"], m["role"]) for m in me.json()["memberships"]] == [("company", "director")]
    bad = company_client.patch(
        "/api/v1/me", {"language": "xx"}, content_type=JSON, **bearer(tokens["access"])
    )
    assert bad.status_code == 422
    assert list(bad.json()["error"]["fields"]) == ["language"]


@pytest.mark.skipif(
    not django_settings.REDIS_URL,
    reason="the user cache lives in Redis; without it the database answers by design",
)
def test_authenticated_me_is_served_from_cache_without_database_queries(
    public_client, director, login, django_assert_max_num_queries
):
    # given a warm cache
    tokens = login(public_client, director.email)
    public_client.get("/api/v1/me", **bearer(tokens["access"]))
    # then only the host's tenant lookup (and its search_path) touches the database
    with django_assert_max_num_queries(2) as captured:
        assert public_client.get("/api/v1/me", **bearer(tokens["access"])).status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if "accounts_" in q["sql"]]


def test_mails_to_one_address_are_limited_to_three_an_hour(public_client, director):
    # when
    statuses = [
        post(public_client, "/api/v1/auth/password-reset/request", {"email": director.email}).status_code
        for _ in range(4)
    ]
    other = post(public_client, "/api/v1/auth/password-reset/request", {"email": "someone@else.test"})
    # then
    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200


def test_refresh_limit_answers_429_with_retry_after(company_client, director, login, settings):
    # given
    settings.RATE_LIMIT_REFRESH_PER_MINUTE = 2
    refresh = login(company_client, director.email)["refresh"]
    # when
    for _ in range(2):
        refresh = post(company_client, "/api/v1/auth/refresh", {"refresh": refresh}).json()["refresh"]
    limited = post(company_client, "/api/v1/auth/refresh", {"refresh": refresh})
    # then
    assert limited.status_code == 429
    assert limited.json()["error"] == {"code": "too_many_requests", "message": "Too many refresh requests"}
    assert 1 <= int(limited["Retry-After"]) <= 60
