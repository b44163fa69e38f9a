"""Platform bootstrap: the first super admin and the demo company of a development install."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from shared_apps.accounts.models import PlatformRole, User
from shared_apps.accounts.services.users import user_get_or_create_invited
from shared_apps.audit.services import audit_record
from shared_apps.platform.demo import demo_activity_seed
from tenant_apps.condos.models import Condo, Unit, UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.services import resident_link
from tenants.schemas import in_schema
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


DEMO_RESIDENT_EMAIL = "resident@demo.localhost"
DEMO_CONDO_NAME = "Sunrise Residence"


def demo_company_ensure() -> CompanyProvisioned:
    """The demo company with a condo to click through, a resident and staff to chat as, meters
    with readings and tickets (once)."""
    result = company_create(
        name="Demo Property Management",
        slug=DEMO_COMPANY_SLUG,
        legal_name="Demo Property Management Ltd.",
        country="BG",
        currency="EUR",
        default_language="en",
        time_zone="Europe/Sofia",
    )
    with in_schema(DEMO_COMPANY_SLUG), transaction.atomic():  # a failed seed leaves nothing half done
        if not Condo.all_objects.exists():
            _demo_property_seed()
        # Also on an install seeded before meters and tickets: each part is added once.
        condo = Condo.objects.filter(name=DEMO_CONDO_NAME).first()
        resident = User.objects.filter(email=DEMO_RESIDENT_EMAIL).first()
        if condo is not None and resident is not None:
            demo_activity_seed(condo=condo, resident=resident)
    return result


def _demo_property_seed() -> None:
    condo = condo_create(
        name=DEMO_CONDO_NAME,
        country="BG",
        city="Sofia",
        street="Vitosha Blvd",
        house="100",
        postal_code="1000",
        emergency_phone="+359 2 900 1000",
    )
    types = {unit_type.code: unit_type for unit_type in UnitType.objects.filter(condo=condo)}
    for building_name in ("A", "B"):
        building = building_create(condo=condo, name=building_name)
        for entrance_name in ("1", "2"):
            entrance = entrance_create(building=building, name=entrance_name)
            for floor in range(1, 6):
                for position in (1, 2):
                    unit_create(
                        building=building,
                        entrance=entrance,
                        unit_type=types["residential"],
                        floor=floor,
                        number=f"{entrance_name}{floor}{position}",
                        area=Decimal("48.50") + floor * 2 + position,
                    )
        unit_create(
            building=building, unit_type=types["commercial"], number="S1", floor=0, area=Decimal("120.00")
        )
    resident, _ = user_get_or_create_invited(email=DEMO_RESIDENT_EMAIL)
    resident.first_name, resident.email_verified = "Maria", True
    resident.save(update_fields=["first_name", "email_verified"])
    first_unit = Unit.objects.filter(building__condo=condo).order_by("building__name", "number").first()
    resident_link(unit=first_unit, user=resident)
