"""What every authenticated request needs to know, one Redis round trip away.

`user:<id>` holds the user's profile and memberships (JSON, CACHE_USER_TTL_SECONDS);
`token:revoked:<refresh token id>` marks revoked logins for one access-token lifetime.
Both are global keys. Without Redis the database answers: slower, still correct."""

import json
import uuid

from django.conf import settings

from config.redis import redis_call, rkey
from shared_apps.accounts.models import Membership, RefreshToken, User
from shared_apps.accounts.tokens import access_token_lifetime


def user_key(user_id: int) -> str:
    return rkey(f"user:{user_id}")


def revoked_key(refresh_token_id: uuid.UUID | str) -> str:
    return rkey(f"token:revoked:{refresh_token_id}")


def user_payload_build(user_id: int) -> dict | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    memberships = (
        Membership.objects.filter(user_id=user_id, company__deleted_at__isnull=True)
        .select_related("company")
        .order_by("company__name", "role", "condo_id")
    )
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language": user.language,
        "email_verified": user.email_verified,
        "two_factor_enabled": user.two_factor_enabled,
        "platform_role": user.platform_role,
        "memberships": [
            {
                "company_id": m.company_id,
                "company_schema": m.company.schema_name,
                "company_name": m.company.name,
                "company_status": m.company.status,
                "role": m.role,
                "condo_id": m.condo_id,
            }
            for m in memberships
        ],
    }


def token_revoked_in_database(refresh_token_id: uuid.UUID) -> bool:
    return RefreshToken.all_objects.filter(pk=refresh_token_id, revoked_at__isnull=False).exists()


def auth_state(*, user_id: int, refresh_token_id: uuid.UUID) -> tuple[bool, dict | None]:
    """(revoked?, user payload or None) for one request, in one Redis round trip when cached."""

    def from_redis(client):
        revoked, cached = client.mget([revoked_key(refresh_token_id), user_key(user_id)])
        if revoked is not None:
            return True, None
        if cached is not None:
            return False, json.loads(cached)
        payload = user_payload_build(user_id)
        if payload is not None:
            client.set(user_key(user_id), json.dumps(payload), ex=settings.CACHE_USER_TTL_SECONDS)
        return False, payload

    def from_database():
        if token_revoked_in_database(refresh_token_id):
            return True, None
        return False, user_payload_build(user_id)

    return redis_call(from_redis, fallback=from_database, what="auth_state")


def user_cache_invalidate(*user_ids: int) -> None:
    if user_ids:
        redis_call(
            lambda c: c.delete(*[user_key(i) for i in user_ids]), fallback=lambda: 0, what="user_cache"
        )


def tokens_mark_revoked(refresh_token_ids: list) -> None:
    """Tell every process at once; the database row stays the source of truth."""
    if not refresh_token_ids:
        return
    ttl = int(access_token_lifetime().total_seconds())

    def mark(client):
        pipeline = client.pipeline(transaction=False)
        for token_id in refresh_token_ids:
            pipeline.set(revoked_key(token_id), "1", ex=ttl)
        pipeline.execute()

    redis_call(mark, fallback=lambda: None, what="tokens_mark_revoked")
