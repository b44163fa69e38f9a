"""Authentication of API requests and the role checks later APIs use."""

from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django_tenants.utils import get_public_schema_name
from ninja.security import HttpBearer

from config.api import ApiError
from config.logging import user_id_var
from shared_apps.accounts.cache import auth_state
from shared_apps.accounts.models import COMPANY_WIDE_ROLES, PlatformRole, User
from shared_apps.accounts.tokens import InvalidAccessToken, access_token_decode


@dataclass
class AuthenticatedUser:
    """`request.auth` of an authenticated API request: the cached user payload."""

    payload: dict
    refresh_token_id: str

    @property
    def id(self) -> int:
        return self.payload["id"]

    @property
    def platform_role(self) -> str:
        return self.payload["platform_role"]

    def memberships_in(self, schema_name: str) -> list[dict]:
        return [m for m in self.payload["memberships"] if m["company_schema"] == schema_name]

    @cached_property
    def user(self) -> User:
        """The User row, loaded only by the endpoints that need it."""
        return User.objects.get(pk=self.id)


class JWTAuth(HttpBearer):
    """Bearer access token → not revoked → active user → member of this host's company."""

    def authenticate(self, request, token: str) -> AuthenticatedUser:
        try:
            claims = access_token_decode(token)
        except InvalidAccessToken as exc:
            raise ApiError(401, str(exc), code="token_invalid") from exc
        revoked, payload = auth_state(user_id=claims.user_id, refresh_token_id=claims.refresh_token_id)
        if revoked:
            raise ApiError(401, "Token has been revoked", code="token_revoked")
        if payload is None:
            raise ApiError(401, "User is inactive or deleted", code="user_inactive")
        identity = AuthenticatedUser(payload=payload, refresh_token_id=str(claims.refresh_token_id))
        schema = request.tenant.schema_name
        if (
            schema != get_public_schema_name()
            and not identity.platform_role
            and not identity.memberships_in(schema)
        ):
            raise ApiError(403, "You have no access to this company", code="no_company_access")
        user_id_var.set(str(identity.id))
        return identity


jwt_auth = JWTAuth()


def require_platform_role(request, *roles: str) -> AuthenticatedUser:
    identity: AuthenticatedUser = request.auth
    if identity.platform_role not in roles:
        raise ApiError(
            403, "This action needs a platform role: " + ", ".join(roles), code="permission_denied"
        )
    return identity


def require_role(request, *roles: str, condo_id: int | None = None) -> AuthenticatedUser:
    """The caller holds one of `roles` in this host's company (for `condo_id`, when given:
    company-wide roles cover every condo). A platform super admin passes every check."""
    identity: AuthenticatedUser = request.auth
    if identity.platform_role == PlatformRole.SUPER_ADMIN:
        return identity
    for membership in identity.memberships_in(connection.schema_name):
        if membership["role"] not in roles:
            continue
        if condo_id is None or membership["role"] in COMPANY_WIDE_ROLES or membership["condo_id"] == condo_id:
            return identity
    raise ApiError(403, "Your role does not allow this action", code="permission_denied")
