"""Access tokens (JWT, HS256) and opaque secrets (refresh tokens, emailed links and codes)."""

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

ALGORITHM = "HS256"


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    refresh_token_id: uuid.UUID
    expires_at: int


class InvalidAccessToken(Exception):
    pass


def access_token_lifetime() -> timedelta:
    return timedelta(minutes=settings.JWT_ACCESS_TOKEN_TTL_MINUTES)


def access_token_issue(*, user_id: int, refresh_token_id: uuid.UUID) -> str:
    now = timezone.now()
    claims = {
        "sub": str(user_id),
        "tid": str(refresh_token_id),
        "iat": int(now.timestamp()),
        "exp": int((now + access_token_lifetime()).timestamp()),
        "iss": settings.JWT_ISSUER,
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm=ALGORITHM)


_verified: dict[str, AccessClaims] = {}
VERIFIED_CACHE_SIZE = 20_000


def access_token_decode(token: str) -> AccessClaims:
    """Verified claims of an access token. A token verified once in this process is
    remembered (its signature cannot change); expiry is checked on every use."""
    claims = _verified.get(token)
    if claims is None:
        claims = _access_token_verify(token)
        if len(_verified) >= VERIFIED_CACHE_SIZE:
            _verified.clear()
        _verified[token] = claims
    if claims.expires_at <= time.time():
        raise InvalidAccessToken("Access token has expired")
    return claims


def _access_token_verify(token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            settings.JWT_SECRET,
            algorithms=[ALGORITHM],
            issuer=settings.JWT_ISSUER,
            options={"require": ["sub", "tid", "iat", "exp", "iss"]},
        )
        return AccessClaims(
            user_id=int(claims["sub"]), refresh_token_id=uuid.UUID(claims["tid"]), expires_at=claims["exp"]
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidAccessToken("Access token has expired") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise InvalidAccessToken("Invalid access token") from exc


def secret_new() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def login_code_new() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def hashes_match(secret: str, expected_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(secret), expected_hash)
