"""Platform bootstrap: the first super admin and the demo company of a development install."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from shared_apps.accounts.models import PlatformRole, User
from shared_apps.audit.services import audit_record
from tenants.services import CompanyProvisioned, company_create

DEMO_COMPANY_SLUG = "demo"


@dataclass(frozen=True)
class SuperAdminEnsured:
    user: User
    password: str | None  # set only when the account was created just now


@transaction.atomic
def platform_superadmin_ensure(*, email: str) -> SuperAdminEnsured:
    """Creates the first super admin with a random password when the platform has none."""
    existing = User.objects.filter(platform_role=PlatformRole.SUPER_ADMIN).order_by("pk").first()
    if existing is not None:
        return SuperAdminEnsured(user=existing, password=None)
    password = secrets.token_urlsafe(12)
    user = User.objects.create_superuser(email=email, password=password, email_verified=True)
    audit_record(actor=None, action="platform.superadmin_create", target=user)
    return SuperAdminEnsured(user=user, password=password)


def demo_company_ensure() -> CompanyProvisioned:
    return company_create(
        name="Demo Property Management",
        slug=DEMO_COMPANY_SLUG,
        legal_name="Demo Property Management Ltd.",
        country="BG",
        currency="EUR",
        default_language="en",
        time_zone="Europe/Sofia",
    )
