"""Logins: credentials → token pair (or an emailed code first), refresh with rotation and
reuse detection, logout of one session or all of them."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from config.api import ApiError
from shared_apps.accounts.cache import tokens_mark_revoked
from shared_apps.accounts.emails import email_send_on_commit
from shared_apps.accounts.models import EmailToken, EmailTokenPurpose, Membership, RefreshToken, User
from shared_apps.accounts.ratelimit import enforce, refresh_limit
from shared_apps.accounts.tokens import (
    access_token_issue,
    access_token_lifetime,
    hashes_match,
    login_code_new,
    secret_hash,
    secret_new,
)
from shared_apps.audit.services import audit_record

INVALID_CREDENTIALS = "Invalid email or password"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    refresh_token_id: uuid.UUID

    def as_dict(self) -> dict:
        return {
            "access": self.access,
            "refresh": self.refresh,
            "token_type": "Bearer",
            "expires_in": int(access_token_lifetime().total_seconds()),
        }


@dataclass(frozen=True)
class LoginResult:
    tokens: TokenPair | None = None
    challenge: str | None = None  # set when an emailed code must be entered first


@dataclass(frozen=True)
class ClientInfo:
    ip: str | None
    user_agent: str


def _token_pair_issue(*, user: User, client: ClientInfo, family_id: uuid.UUID | None = None) -> TokenPair:
    refresh = secret_new()
    token = RefreshToken.objects.create(
        user=user,
        token_hash=secret_hash(refresh),
        family_id=family_id or uuid.uuid4(),
        expires_at=timezone.now() + timedelta(days=settings.JWT_REFRESH_TOKEN_TTL_DAYS),
        ip=client.ip or None,
        user_agent=client.user_agent[:300],
    )
    return TokenPair(
        access=access_token_issue(user_id=user.pk, refresh_token_id=token.id),
        refresh=refresh,
        refresh_token_id=token.id,
    )


def _company_access_check(user: User, schema_name: str) -> None:
    if schema_name == get_public_schema_name() or user.platform_role:
        return
    if not Membership.objects.filter(user=user, company__schema_name=schema_name).exists():
        raise ApiError(403, "You have no access to this company", code="no_company_access")


def session_login(*, email: str, password: str, schema_name: str, client: ClientInfo) -> LoginResult:
    """Unknown email and wrong password answer alike, in the same time (a hash is computed)."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        make_password(password)  # same work as a real check: timing reveals nothing
        audit_record(
            actor=None, action="auth.login_failed", changes={"reason": "unknown_email"}, ip=client.ip
        )
        raise ApiError(401, INVALID_CREDENTIALS, code="invalid_credentials")
    if not user.check_password(password):
        audit_record(
            actor=user, action="auth.login_failed", target=user, changes={"reason": "password"}, ip=client.ip
        )
        raise ApiError(401, INVALID_CREDENTIALS, code="invalid_credentials")
    if not user.email_verified:
        raise ApiError(403, "Confirm your email address first; we sent you a link", code="email_not_verified")
    _company_access_check(user, schema_name)
    with transaction.atomic():
        if user.two_factor_enabled:
            challenge, code = secret_new(), login_code_new()
            EmailToken.objects.create(
                user=user,
                purpose=EmailTokenPurpose.TWO_FACTOR,
                token_hash=secret_hash(challenge),
                code_hash=secret_hash(code),
                expires_at=timezone.now() + timedelta(minutes=settings.TWO_FACTOR_CODE_TTL_MINUTES),
            )
            email_send_on_commit(
                to=user.email,
                template="login_code",
                context={"code": code, "minutes": settings.TWO_FACTOR_CODE_TTL_MINUTES},
            )
            audit_record(actor=user, action="auth.login_code_sent", target=user, ip=client.ip)
            return LoginResult(challenge=challenge)
        tokens = _token_pair_issue(user=user, client=client)
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        audit_record(actor=user, action="auth.login", target=user, ip=client.ip)
    return LoginResult(tokens=tokens)


def session_login_code_verify(
    *, challenge: str, code: str, schema_name: str, client: ClientInfo
) -> TokenPair:
    with transaction.atomic():
        token = (
            EmailToken.objects.select_for_update(of=("self",))
            .filter(token_hash=secret_hash(challenge or ""), purpose=EmailTokenPurpose.TWO_FACTOR)
            .select_related("user")
            .first()
        )
        if token is None or token.used_at or token.expires_at <= timezone.now():
            raise ApiError(400, "This login code has expired; sign in again", code="code_expired")
        if token.attempts >= settings.TWO_FACTOR_MAX_ATTEMPTS:
            raise ApiError(400, "Too many wrong codes; sign in again", code="code_attempts_exceeded")
        if not hashes_match(code or "", token.code_hash):
            token.attempts += 1
            token.save(update_fields=["attempts"])
            wrong = ApiError(
                400, "Wrong code", code="code_invalid", fields={"code": ["The code does not match."]}
            )
        else:
            wrong = None
            token.used_at = timezone.now()
            token.save(update_fields=["used_at"])
            _company_access_check(token.user, schema_name)
            tokens = _token_pair_issue(user=token.user, client=client)
            audit_record(
                actor=token.user, action="auth.login", target=token.user, changes={"2fa": True}, ip=client.ip
            )
    if wrong is not None:  # raised after commit, so the counted attempt is kept
        raise wrong
    return tokens


def _family_revoke(*, family_id: uuid.UUID, reason: str) -> list:
    now = timezone.now()
    live = RefreshToken.objects.filter(family_id=family_id, revoked_at__isnull=True)
    ids = list(live.values_list("id", flat=True))
    live.update(revoked_at=now, revoke_reason=reason)
    return ids


def session_refresh(*, refresh: str, client: ClientInfo) -> TokenPair:
    invalid = ApiError(401, "Invalid refresh token", code="refresh_invalid")
    revoked = ApiError(401, "Token has been revoked", code="token_revoked")
    token = RefreshToken.objects.filter(token_hash=secret_hash(refresh or "")).select_related("user").first()
    if token is None:
        raise invalid
    enforce(refresh_limit(), f"user:{token.user_id}")
    reuse = False
    with transaction.atomic():
        token = RefreshToken.objects.select_for_update(of=("self",)).select_related("user").get(pk=token.pk)
        if token.revoked_at is not None:
            raise revoked
        if token.expires_at <= timezone.now() or not token.user.is_active:
            raise invalid
        if token.rotated_at is not None:
            # A rotated token came back: someone holds a copy. End every session of this login.
            revoked_ids = _family_revoke(family_id=token.family_id, reason="reuse")
            audit_record(
                actor=token.user,
                action="auth.refresh_reuse",
                target=token.user,
                changes={"family_id": str(token.family_id), "revoked": len(revoked_ids)},
                ip=client.ip,
            )
            reuse = True
        elif settings.JWT_REFRESH_TOKEN_ROTATION:
            pair = _token_pair_issue(user=token.user, client=client, family_id=token.family_id)
            token.rotated_at = timezone.now()
            token.replaced_by_id = pair.refresh_token_id
            token.save(update_fields=["rotated_at", "replaced_by"])
        else:
            pair = TokenPair(
                access=access_token_issue(user_id=token.user_id, refresh_token_id=token.id),
                refresh=refresh,
                refresh_token_id=token.id,
            )
    if reuse:
        tokens_mark_revoked(revoked_ids)
        raise revoked
    return pair


@transaction.atomic
def session_logout(
    *, user_id: int, refresh: str | None, current_refresh_token_id: str, ip: str | None
) -> None:
    """Ends one session: the given refresh token's, or else the one the access token belongs to."""
    tokens = RefreshToken.objects.filter(user_id=user_id)
    token = (
        tokens.filter(token_hash=secret_hash(refresh)).first()
        if refresh
        else tokens.filter(pk=current_refresh_token_id).first()
    )
    if token is None:
        raise ApiError(401, "Invalid refresh token", code="refresh_invalid")
    ids = _family_revoke(family_id=token.family_id, reason="logout")
    audit_record(actor=token.user, action="auth.logout", target=token.user, ip=ip)
    # At once, not after commit: a revocation seen early is harmless, one seen late is not.
    tokens_mark_revoked(ids)


@transaction.atomic
def session_logout_all(*, user: User, ip: str | None, reason: str = "logout_all") -> int:
    live = RefreshToken.objects.filter(user=user, revoked_at__isnull=True)
    ids = list(live.values_list("id", flat=True))
    live.update(revoked_at=timezone.now(), revoke_reason=reason)
    audit_record(actor=user, action=f"auth.{reason}", target=user, changes={"sessions": len(ids)}, ip=ip)
    tokens_mark_revoked(ids)
    return len(ids)
