from ninja import Schema
from pydantic import Field


class RegisterIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=128)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    language: str = Field("en", pattern="^(en|ru|bg)$")


class LoginIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)


class TokenPairOut(Schema):
    access: str
    refresh: str
    token_type: str
    expires_in: int


class LoginOut(Schema):
    two_factor_required: bool
    challenge: str | None = None
    access: str | None = None
    refresh: str | None = None
    token_type: str | None = None
    expires_in: int | None = None


class CodeVerifyIn(Schema):
    challenge: str = Field(max_length=100)
    code: str = Field(pattern=r"^\d{6}$")


class RefreshIn(Schema):
    refresh: str = Field(max_length=100)


class LogoutIn(Schema):
    refresh: str | None = Field(None, max_length=100)


class EmailIn(Schema):
    email: str = Field(max_length=254)


class TokenIn(Schema):
    token: str = Field(max_length=100)


class PasswordResetConfirmIn(Schema):
    token: str = Field(max_length=100)
    password: str = Field(max_length=128)


class InviteAcceptIn(Schema):
    token: str = Field(max_length=100)
    password: str = Field(max_length=128)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class DetailOut(Schema):
    detail: str


class MembershipOut(Schema):
    company_id: int
    company_schema: str
    company_name: str
    company_status: str
    role: str
    condo_id: int | None


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    phone: str
    language: str
    email_verified: bool
    two_factor_enabled: bool
    platform_role: str
    memberships: list[MembershipOut]


class MeUpdateIn(Schema):
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    phone: str | None = Field(None, max_length=32, pattern=r"^\+?[0-9 ()-]{5,32}$")
    language: str | None = Field(None, pattern="^(en|ru|bg)$")
    two_factor_enabled: bool | None = None
