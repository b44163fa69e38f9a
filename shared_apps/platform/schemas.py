from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

SLUG = r"^[a-z][a-z0-9_]{1,39}$"


class CompanyProfileFields(Schema):
    legal_name: str | None = Field(None, max_length=255)
    registration_number: str | None = Field(None, max_length=64)
    vat_id: str | None = Field(None, max_length=64)
    legal_address: str | None = Field(None, max_length=500)
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    default_language: str | None = Field(None, pattern="^(en|ru|bg)$")
    time_zone: str | None = Field(None, max_length=64)
    unit_price_override: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    commission_fixed_override: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    commission_percent_override: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class CompanyCreateIn(CompanyProfileFields):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(pattern=SLUG)
    director_email: str | None = Field(None, max_length=254)


class CompanyUpdateIn(CompanyProfileFields):
    name: str | None = Field(None, min_length=1, max_length=200)


class CompanyOut(Schema):
    id: int
    name: str
    slug: str = Field(alias="schema_name")
    domain: str | None
    legal_name: str
    registration_number: str
    vat_id: str
    legal_address: str
    country: str
    currency: str
    default_language: str
    time_zone: str
    status: str
    blocked_reason: str
    blocked_at: datetime | None
    unblocked_at: datetime | None
    unit_price_override: Decimal | None
    commission_fixed_override: Decimal | None
    commission_percent_override: Decimal | None
    created_at: datetime

    @staticmethod
    def resolve_domain(company) -> str | None:
        domains = [d.domain for d in company.domains.all() if d.is_primary]
        return domains[0] if domains else None


class CompanyPageOut(Schema):
    items: list[CompanyOut]
    next_cursor: str | None


class BlockIn(Schema):
    reason: str = Field(min_length=1, max_length=500)


class InviteDirectorIn(Schema):
    email: str = Field(max_length=254)
