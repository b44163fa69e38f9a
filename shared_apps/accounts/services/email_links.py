"""Flows that go through an emailed link: verify the address, reset the password, accept a
director invitation. Tokens are single-use, hashed, and time-limited."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.emails import email_send_on_commit
from shared_apps.accounts.models import EmailToken, EmailTokenPurpose, User
from shared_apps.accounts.passwords import password_validate
from shared_apps.accounts.ratelimit import email_limit, enforce
from shared_apps.accounts.services.sessions import (
    ClientInfo,
    TokenPair,
    _token_pair_issue,
    session_logout_all,
)
from shared_apps.accounts.tokens import secret_hash, secret_new
from shared_apps.audit.services import audit_record

LINK_PATHS = {
    EmailTokenPurpose.EMAIL_VERIFY: "/auth/verify",
    EmailTokenPurpose.PASSWORD_RESET: "/auth/reset",
    EmailTokenPurpose.DIRECTOR_INVITE: "/auth/invite",
}


def _link(base_url: str, purpose: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{LINK_PATHS[purpose]}?token={token}"


def _token_create(*, user: User, purpose: str, lifetime: timedelta, company=None) -> str:
    token = secret_new()
    EmailToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=secret_hash(token),
        company=company,
        expires_at=timezone.now() + lifetime,
    )
    return token


def _token_use(*, token: str, purpose: str) -> EmailToken:
    """Marks the token used and returns it, or says exactly why it cannot be used."""
    row = (
        EmailToken.objects.select_for_update(of=("self",))
        .select_related("user", "company")
        .filter(token_hash=secret_hash(token or ""), purpose=purpose)
        .first()
    )
    if row is None:
        raise ApiError(400, "This link is not valid", code="token_invalid")
    if row.used_at is not None:
        raise ApiError(400, "This link has already been used", code="token_used")
    if row.expires_at <= timezone.now():
        raise ApiError(400, "This link has expired; ask for a new one", code="token_expired")
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return row


def verification_email_send(*, user: User, base_url: str) -> None:
    token = _token_create(
        user=user,
        purpose=EmailTokenPurpose.EMAIL_VERIFY,
        lifetime=timedelta(hours=settings.EMAIL_VERIFY_TTL_HOURS),
    )
    email_send_on_commit(
        to=user.email,
        template="verify_email",
        context={
            "name": user.first_name,
            "hours": settings.EMAIL_VERIFY_TTL_HOURS,
            "link": _link(base_url, EmailTokenPurpose.EMAIL_VERIFY, token),
        },
    )


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "en",
    base_url: str,
    ip: str | None,
) -> None:
    """Creates the account and mails a verification link. An address that already has an
    account gets a mail saying so, and the caller sees the same answer either way."""
    email = User.objects.normalize_email(email).strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": "Enter a valid email address."}) from exc
    enforce(email_limit(), email)
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    password_validate(password, candidate)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        token = _token_create(
            user=existing,
            purpose=EmailTokenPurpose.PASSWORD_RESET,
            lifetime=timedelta(minutes=settings.PASSWORD_RESET_TTL_MINUTES),
        )
        email_send_on_commit(
            to=email,
            template="already_registered",
            context={"link": _link(base_url, EmailTokenPurpose.PASSWORD_RESET, token)},
        )
        return
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, language=language
    )
    audit_record(actor=user, action="auth.register", target=user, ip=ip)
    verification_email_send(user=user, base_url=base_url)


@transaction.atomic
def email_verify(*, token: str, ip: str | None) -> User:
    row = _token_use(token=token, purpose=EmailTokenPurpose.EMAIL_VERIFY)
    user = row.user
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        audit_record(actor=user, action="auth.email_verified", target=user, ip=ip)
    return user


@transaction.atomic
def email_verification_resend(*, email: str, base_url: str) -> None:
    email = (email or "").strip().lower()
    enforce(email_limit(), email)
    user = User.objects.filter(email__iexact=email, is_active=True, email_verified=False).first()
    if user is not None:
        verification_email_send(user=user, base_url=base_url)


@transaction.atomic
def password_reset_request(*, email: str, base_url: str, ip: str | None) -> None:
    """Mails a reset link when the account exists; the caller cannot tell whether it does."""
    email = (email or "").strip().lower()
    enforce(email_limit(), email)
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    token = _token_create(
        user=user,
        purpose=EmailTokenPurpose.PASSWORD_RESET,
        lifetime=timedelta(minutes=settings.PASSWORD_RESET_TTL_MINUTES),
    )
    email_send_on_commit(
        to=user.email,
        template="password_reset",
        context={
            "minutes": settings.PASSWORD_RESET_TTL_MINUTES,
            "link": _link(base_url, EmailTokenPurpose.PASSWORD_RESET, token),
        },
    )
    audit_record(actor=user, action="auth.password_reset_requested", target=user, ip=ip)


@transaction.atomic
def password_reset_confirm(*, token: str, password: str, ip: str | None) -> User:
    row = _token_use(token=token, purpose=EmailTokenPurpose.PASSWORD_RESET)
    user = row.user
    password_validate(password, user)
    user.set_password(password)
    user.email_verified = True  # the link proved the address
    user.save(update_fields=["password", "email_verified"])
    audit_record(actor=user, action="auth.password_reset", target=user, ip=ip)
    session_logout_all(user=user, ip=ip, reason="password_reset")
    return user


@transaction.atomic
def director_invite_send(*, user: User, company, base_url: str, actor=None, ip: str | None = None) -> None:
    token = _token_create(
        user=user,
        purpose=EmailTokenPurpose.DIRECTOR_INVITE,
        company=company,
        lifetime=timedelta(days=settings.DIRECTOR_INVITE_TTL_DAYS),
    )
    email_send_on_commit(
        to=user.email,
        template="director_invite",
        context={
            "company": company.name,
            "days": settings.DIRECTOR_INVITE_TTL_DAYS,
            "link": _link(base_url, EmailTokenPurpose.DIRECTOR_INVITE, token),
        },
    )
    audit_record(
        actor=actor, action="company.director_invited", target=company, changes={"user": user.pk}, ip=ip
    )


@transaction.atomic
def director_invite_accept(
    *, token: str, password: str, first_name: str = "", last_name: str = "", client: ClientInfo
) -> TokenPair:
    row = _token_use(token=token, purpose=EmailTokenPurpose.DIRECTOR_INVITE)
    user = row.user
    if first_name:
        user.first_name = first_name
    if last_name:
        user.last_name = last_name
    password_validate(password, user)
    user.set_password(password)
    user.email_verified = True
    user.save(update_fields=["password", "email_verified", "first_name", "last_name"])
    audit_record(actor=user, action="auth.invite_accepted", target=user, ip=client.ip)
    return _token_pair_issue(user=user, client=client)
