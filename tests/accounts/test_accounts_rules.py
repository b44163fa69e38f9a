import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.accounts import tasks
from shared_apps.accounts.models import CompanyRole, EmailToken, Membership, PlatformRole, RefreshToken, User
from tests.helpers import JSON, PASSWORD, bearer


@pytest.mark.parametrize(
    ("role", "condo_id", "allowed"),
    [
        (CompanyRole.DIRECTOR, None, True),
        (CompanyRole.ACCOUNTANT, None, True),
        (CompanyRole.DIRECTOR, 7, False),
        (CompanyRole.ACCOUNTANT, 7, False),
        (CompanyRole.CONDO_ADMIN, 7, True),
        (CompanyRole.STAFF, 7, True),
        (CompanyRole.RESIDENT, 7, True),
        (CompanyRole.CONDO_ADMIN, None, False),
        (CompanyRole.STAFF, None, False),
        (CompanyRole.RESIDENT, None, False),
    ],
)
def test_membership_scope_is_enforced_by_the_database(make_user, company, role, condo_id, allowed):
    # given
    user = make_user("scoped@company.test")
    # when
    try:
        with transaction.atomic():
            Membership.objects.create(user=user, company=company, role=role, condo_id=condo_id)
        created = True
    except IntegrityError:
        created = False
    # then
    assert created is allowed


def test_the_same_live_membership_cannot_exist_twice(make_user, company):
    user = make_user("twice@company.test", memberships=[(company, CompanyRole.DIRECTOR, None)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, company=company, role=CompanyRole.DIRECTOR)


def test_emails_are_unique_whatever_the_case(make_user):
    make_user("Case@Company.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="case@company.TEST", password=PASSWORD)


def test_passwords_are_hashed_with_argon2_in_production_order(settings):
    # tests put a fast hasher first; the configured production order starts with argon2
    from config import settings as product_settings

    assert product_settings.PASSWORD_HASHERS[-2] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("Correct-horse-9", "saltsaltsalt").startswith("argon2$argon2id$")


def test_daily_token_cleanup_soft_deletes_only_dead_tokens(director, company_client, login):
    # given a live session, a revoked one and an expired one
    live = login(company_client, director.email)
    revoked = login(company_client, director.email)
    company_client.post(
        "/api/v1/auth/logout", {"refresh": revoked["refresh"]}, content_type=JSON, **bearer(revoked["access"])
    )
    login(company_client, director.email)
    newest = RefreshToken.objects.filter(user=director).order_by("-created_at").first()
    RefreshToken.objects.filter(pk=newest.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    # when
    result = tasks.tokens_cleanup_daily.call_local()
    # then
    assert result["refresh_tokens"] == 2
    assert RefreshToken.objects.filter(user=director).count() == 1
    assert RefreshToken.all_objects.filter(user=director).count() == 3
    assert company_client.get("/api/v1/me", **bearer(live["access"])).status_code == 200


def test_platform_admin_login_locks_out_after_five_attempts(public_client, make_user):
    # given
    make_user("ops@servai.test", platform_role=PlatformRole.SUPER_ADMIN, is_staff=True)
    # when five wrong passwords are tried
    for _ in range(5):
        wrong = public_client.post(
            "/admin/login/", {"username": "ops@servai.test", "password": "Nope-nope-1"}
        )
        assert wrong.status_code == 200
    blocked = public_client.post("/admin/login/", {"username": "ops@servai.test", "password": PASSWORD})
    # then even the right password waits
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 0


def test_platform_admin_login_works_for_operators_only(public_client, client_for, make_user, company):
    # given
    make_user("ops2@servai.test", platform_role=PlatformRole.SUPER_ADMIN, is_staff=True)
    make_user("boss@company.test", is_staff=True, memberships=[(company, CompanyRole.DIRECTOR, None)])
    # when
    operator = public_client.post(
        "/admin/login/?next=/admin/", {"username": "OPS2@servai.test", "password": PASSWORD}
    )
    other = client_for(None).post("/admin/login/", {"username": "boss@company.test", "password": PASSWORD})
    # then
    assert operator.status_code == 302
    assert public_client.get("/admin/").status_code == 200
    assert other.status_code == 200  # the form again: company people do not enter the platform admin
    assert "Please enter the correct email" in other.content.decode()


def test_reset_page_sets_the_password_once(public_client, make_user, django_capture_on_commit_callbacks):
    # given
    user = make_user("page@servai.test")
    with django_capture_on_commit_callbacks(execute=True):
        public_client.post("/api/v1/auth/password-reset/request", {"email": user.email}, content_type=JSON)
    link = re.search(r"(/auth/reset\?token=[A-Za-z0-9_-]+)", mail.outbox[0].body).group(1)
    # when
    page = public_client.get(link)
    weak = public_client.post(link, {"password": "weak", "password_again": "weak"})
    done = public_client.post(link, {"password": "Brand-new-77", "password_again": "Brand-new-77"})
    again = public_client.post(link, {"password": "Brand-new-88", "password_again": "Brand-new-88"})
    # then
    assert page.status_code == 200
    assert weak.status_code == 400
    assert "Password must contain an uppercase letter." in weak.content.decode()
    assert done.status_code == 200
    assert "Your password is changed" in done.content.decode()
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password("Brand-new-77")
    assert EmailToken.objects.filter(user=user, used_at__isnull=False).count() == 1
