"""Companies (tenants) and their domains. Each company owns one PostgreSQL schema."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

from shared_apps.core.models import SoftDeleteManager, SoftDeleteModel, SoftDeleteQuerySet

SLUG_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
# Schema names the platform keeps for itself (PostgreSQL, django-tenants and our hosts).
RESERVED_SLUGS = frozenset(
    {
        "public",
        "company_template",
        "template",
        "information_schema",
        "admin",
        "api",
        "www",
        "static",
        "media",
        "mail",
        "bot",
        "app",
        "panel",
        "platform",
        "servai",
        "test",
    }
)

slug_validator = RegexValidator(
    SLUG_PATTERN,
    "Slug must be 2–40 characters: lowercase latin letters, digits and underscores, starting with a letter.",
    code="invalid_slug",
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"Unknown time zone {value!r}.", code="invalid_time_zone")


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    BLOCKED = "blocked", "Blocked"


class CompanyQuerySet(SoftDeleteQuerySet):
    def operating(self):
        """Companies with a schema of their own (the public tenant excluded)."""
        return self.exclude(schema_name="public")


CompanyManager = SoftDeleteManager.from_queryset(CompanyQuerySet)


class Company(TenantMixin, SoftDeleteModel):
    # schema_name (from TenantMixin) is the company's slug.
    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=255, blank=True)
    registration_number = models.CharField(max_length=64, blank=True)
    vat_id = models.CharField(max_length=64, blank=True)
    legal_address = models.CharField(max_length=500, blank=True)
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Country must be an ISO 3166 alpha-2 code.")],
    )
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Currency must be an ISO 4217 code.")],
    )
    default_language = models.CharField(max_length=8, default="en")
    time_zone = models.CharField(max_length=64, default="Europe/Sofia", validators=[validate_time_zone])
    status = models.CharField(max_length=16, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE)
    blocked_reason = models.CharField(max_length=500, blank=True)
    blocked_at = models.DateTimeField(null=True, blank=True)
    unblocked_at = models.DateTimeField(null=True, blank=True)
    # Per-company overrides of platform prices; null means the platform default applies.
    unit_price_override = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    commission_fixed_override = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    commission_percent_override = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are created by tenants.provisioning, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    objects = CompanyManager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def is_blocked(self) -> bool:
        return self.status == CompanyStatus.BLOCKED


class Domain(DomainMixin, SoftDeleteModel):
    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain
