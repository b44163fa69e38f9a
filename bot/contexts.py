"""Who is writing: the Telegram account, its platform user, and the units and condos the
person belongs to across companies (each read in its own company schema)."""

from dataclasses import dataclass

from django.db import transaction

from shared_apps.accounts.models import CompanyRole, Membership, User
from shared_apps.botrouting.models import TelegramAccount
from tenants.schemas import in_schema

# People who join through Telegram have no email yet; this reserved domain never receives mail.
TELEGRAM_EMAIL_DOMAIN = "telegram.servai.invalid"


@dataclass(frozen=True)
class Place:
    """A unit (resident) or a condo (staff) the person can talk about."""

    schema: str
    company: str
    company_blocked: bool
    role: str
    condo_id: int
    condo: str
    emergency_phone: str
    unit_id: int | None = None
    unit_number: str = ""
    address: str = ""

    @property
    def key(self) -> str:
        return f"{self.schema}:{self.unit_id or 'condo' + str(self.condo_id)}"


def account_upsert(sender: dict, chat_id: int, *, account: TelegramAccount | None = None) -> TelegramAccount:
    """The sender's account, created on first contact; its Telegram details kept current.
    Pass the account when the caller already holds it (no second read)."""
    details = {
        "chat_id": chat_id,
        "username": (sender.get("username") or "")[:64],
        "language_code": (sender.get("language_code") or "")[:8],
    }
    if account is None:
        account, created = TelegramAccount.objects.get_or_create(
            telegram_user_id=sender["id"],
            defaults={**details, "first_name": (sender.get("first_name") or "")[:128]},
        )
        if created:
            return account
    if not details["language_code"]:
        details["language_code"] = account.language_code  # Telegram does not always say
    changed = [field for field, value in details.items() if getattr(account, field) != value]
    if changed:
        for field in changed:
            setattr(account, field, details[field])
        account.save(update_fields=[*changed, "updated_at"])
    return account


@transaction.atomic
def account_user_ensure(account: TelegramAccount) -> User:
    """The platform user behind this Telegram account, created on first join."""
    if account.user_id:
        return account.user
    email = f"tg{account.telegram_user_id}@{TELEGRAM_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, first_name=account.first_name, language=account.language
    )
    account.user = user
    account.save(update_fields=["user", "updated_at"])
    return user


def places_of(user_id: int) -> list[Place]:
    """Every unit and staff condo of the person, company by company, in a stable order."""
    from tenant_apps.residents.models import Resident, StaffCondo

    memberships = (
        Membership.objects.filter(user_id=user_id, company__deleted_at__isnull=True)
        .select_related("company")
        .order_by("company__name", "condo_id")
    )
    by_company: dict[str, list[Membership]] = {}
    for membership in memberships:
        by_company.setdefault(membership.company.schema_name, []).append(membership)
    places: list[Place] = []
    for schema, rows in by_company.items():
        company = rows[0].company
        roles = {row.role for row in rows}
        with in_schema(schema):
            if CompanyRole.RESIDENT in roles:
                links = (
                    Resident.objects.filter(user_id=user_id, until__isnull=True)
                    .select_related("unit__building__condo", "unit__entrance")
                    .order_by("unit__building__condo__name", "unit__building__name", "unit__number")
                )
                places += [
                    Place(
                        schema=schema,
                        company=company.name,
                        company_blocked=company.is_blocked,
                        role=CompanyRole.RESIDENT,
                        condo_id=link.unit.building.condo_id,
                        condo=link.unit.building.condo.name,
                        emergency_phone=link.unit.building.condo.emergency_phone,
                        unit_id=link.unit_id,
                        unit_number=link.unit.number,
                        address=link.unit.full_address,
                    )
                    for link in links
                ]
            staff_roles = roles & {CompanyRole.STAFF, CompanyRole.CONDO_ADMIN}
            if staff_roles:
                for link in StaffCondo.objects.filter(
                    staff__user_id=user_id, staff__is_active=True
                ).select_related("condo", "staff"):
                    places.append(
                        Place(
                            schema=schema,
                            company=company.name,
                            company_blocked=company.is_blocked,
                            role=link.staff.role,
                            condo_id=link.condo_id,
                            condo=link.condo.name,
                            emergency_phone=link.condo.emergency_phone,
                            address=link.condo.address or link.condo.name,
                        )
                    )
    return places
