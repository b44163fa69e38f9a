"""Writes on companies: create (provision), update profile, block, unblock, soft delete."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shared_apps.accounts.models import CompanyRole
from shared_apps.accounts.services.users import membership_grant, user_get_or_create_invited
from shared_apps.audit.services import audit_record, changes_apply
from tenants.models import RESERVED_SLUGS, Company, CompanyStatus, Domain, slug_validator
from tenants.provisioning import company_schema_create

PROFILE_FIELDS = (
    "name",
    "legal_name",
    "registration_number",
    "vat_id",
    "legal_address",
    "country",
    "currency",
    "default_language",
    "time_zone",
    "unit_price_override",
    "commission_fixed_override",
    "commission_percent_override",
)


@dataclass(frozen=True)
class CompanyProvisioned:
    company: Company
    created: bool
    schema: str  # "exists", "cloned" or "migrated"


def company_slug_validate(slug: str) -> str:
    """Returns the slug or raises ValidationError saying exactly what is wrong with it."""
    slug_validator(slug)
    if slug in RESERVED_SLUGS or slug.startswith("pg_"):
        raise ValidationError(
            f"Slug {slug!r} is reserved by the platform; choose another.", code="reserved_slug"
        )
    return slug


def company_domain_name(slug: str) -> str:
    return f"{slug.replace('_', '-')}.{settings.BASE_DOMAIN}"


def company_create(
    *,
    name: str,
    slug: str,
    director_email: str | None = None,
    actor=None,
    ip: str | None = None,
    use_template: bool = True,
    **profile,
) -> CompanyProvisioned:
    """Create a company with its schema, primary domain and (optionally) its director.
    Idempotent: calling again with the same slug finishes a half-done provisioning and
    returns the existing company."""
    company_slug_validate(slug)
    if not name or not name.strip():
        raise ValidationError({"name": "Name is required."})
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown company fields: {', '.join(sorted(unknown))}.")

    existing = Company.all_objects.filter(schema_name=slug).first()
    if existing is not None and existing.is_deleted:
        raise ValidationError(
            f"Slug {slug!r} belongs to a deleted company; restore it instead.", code="slug_taken"
        )

    created = existing is None
    if created:
        company = Company(
            schema_name=slug,
            name=name.strip(),
            currency=profile.pop("currency", settings.DEFAULT_COMPANY_CURRENCY),
            default_language=profile.pop("default_language", settings.DEFAULT_COMPANY_LANGUAGE),
            time_zone=profile.pop("time_zone", settings.DEFAULT_COMPANY_TIME_ZONE),
            **profile,
        )
        company.full_clean()
        company.save()
    else:
        company = existing

    # Schema DDL and the clone run outside our transaction; every step is skip-if-done.
    how = company_schema_create(slug, use_template=use_template)
    Domain.objects.get_or_create(
        domain=company_domain_name(slug), defaults={"tenant": company, "is_primary": True}
    )
    if director_email:
        director, _ = user_get_or_create_invited(email=director_email)
        membership_grant(user=director, company=company, role=CompanyRole.DIRECTOR, actor=actor, ip=ip)
    if created:
        audit_record(
            actor=actor,
            action="company.create",
            target=company,
            changes={"name": company.name},
            ip=ip,
        )
    return CompanyProvisioned(company=company, created=created, schema=how)


@transaction.atomic
def company_update(*, company: Company, actor=None, ip: str | None = None, **fields) -> Company:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown company fields: {', '.join(sorted(unknown))}.")
    changes = changes_apply(company, fields)
    if changes:
        company.full_clean()
        company.save()
        audit_record(actor=actor, action="company.update", target=company, changes=changes, ip=ip)
    return company


@transaction.atomic
def company_block(*, company: Company, reason: str, actor=None, ip: str | None = None) -> Company:
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Say why the company is blocked."})
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.is_blocked:
        return company
    company.status = CompanyStatus.BLOCKED
    company.blocked_reason = reason.strip()
    company.blocked_at = timezone.now()
    company.save(update_fields=["status", "blocked_reason", "blocked_at", "updated_at"])
    audit_record(
        actor=actor,
        action="company.block",
        target=company,
        changes={"reason": company.blocked_reason},
        ip=ip,
    )
    return company


@transaction.atomic
def company_unblock(*, company: Company, actor=None, ip: str | None = None) -> Company:
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not company.is_blocked:
        return company
    company.status = CompanyStatus.ACTIVE
    company.blocked_reason = ""
    company.unblocked_at = timezone.now()
    company.save(update_fields=["status", "blocked_reason", "unblocked_at", "updated_at"])
    audit_record(actor=actor, action="company.unblock", target=company, ip=ip)
    return company


@transaction.atomic
def company_soft_delete(*, company: Company, actor=None, ip: str | None = None) -> None:
    """Soft-deletes the company and its domains; the schema and its data stay for restore."""
    company.domains.all().delete()
    company.soft_delete()
    audit_record(actor=actor, action="company.delete", target=company, ip=ip)
