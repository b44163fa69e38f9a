from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from tenant_apps.residents.models import InviteKind, ResidentKind, StaffRole
from tenant_apps.residents.services import telegram_deep_link

# --- residents --------------------------------------------------------------------------------


class ResidentOut(Schema):
    id: int
    unit_id: int
    unit_number: str
    building_id: int
    building_name: str
    condo_id: int
    user_id: int
    email: str
    first_name: str
    last_name: str
    kind: ResidentKind
    since: date
    until: date | None
    active: bool

    @staticmethod
    def resolve_unit_number(resident) -> str:
        return resident.unit.number

    @staticmethod
    def resolve_building_id(resident) -> int:
        return resident.unit.building_id

    @staticmethod
    def resolve_building_name(resident) -> str:
        return resident.unit.building.name

    @staticmethod
    def resolve_condo_id(resident) -> int:
        return resident.unit.building.condo_id

    @staticmethod
    def resolve_email(resident) -> str:
        return resident.user.email

    @staticmethod
    def resolve_first_name(resident) -> str:
        return resident.user.first_name

    @staticmethod
    def resolve_last_name(resident) -> str:
        return resident.user.last_name

    @staticmethod
    def resolve_active(resident) -> bool:
        return resident.is_active


class ResidentPageOut(Schema):
    items: list[ResidentOut]
    next_cursor: str | None


class ResidentLinkIn(Schema):
    unit_id: int
    email: str = Field(min_length=3, max_length=254)
    kind: ResidentKind = ResidentKind.OWNER
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class ResidentUnlinkIn(Schema):
    until: date | None = None


# --- invites ----------------------------------------------------------------------------------


class InviteOut(Schema):
    """An invite as listed. The token never appears here: it is a key to the company, shown
    once, when the invite is created."""

    id: int
    kind: InviteKind
    condo_id: int
    condo_name: str
    unit_id: int | None
    unit_number: str | None
    building_name: str | None
    resident_kind: str
    role: str
    specializations: list[str]
    expires_at: datetime
    revoked_at: datetime | None
    uses: int
    active: bool
    created_by_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_condo_name(invite) -> str:
        return invite.condo.name

    @staticmethod
    def resolve_unit_number(invite) -> str | None:
        return invite.unit.number if invite.unit_id else None

    @staticmethod
    def resolve_building_name(invite) -> str | None:
        return invite.unit.building.name if invite.unit_id else None

    @staticmethod
    def resolve_role(invite) -> str:
        return invite.staff_role

    @staticmethod
    def resolve_specializations(invite) -> list[str]:
        return invite.specialization_codes

    @staticmethod
    def resolve_active(invite) -> bool:
        return invite.is_active


class InviteCreatedOut(InviteOut):
    token: str
    deep_link: str

    @staticmethod
    def resolve_deep_link(invite) -> str:
        return telegram_deep_link(invite.token)


class InvitePageOut(Schema):
    items: list[InviteOut]
    next_cursor: str | None


class ResidentInviteIn(Schema):
    unit_id: int
    resident_kind: ResidentKind = ResidentKind.OWNER


class StaffInviteIn(Schema):
    condo_id: int
    role: StaffRole = StaffRole.STAFF
    specializations: list[str] = Field(default_factory=list, max_length=20)


# --- staff ------------------------------------------------------------------------------------


class CondoRefOut(Schema):
    id: int
    name: str


class StaffOut(Schema):
    id: int
    user_id: int
    email: str
    first_name: str
    last_name: str
    role: StaffRole
    specializations: list[str]
    condos: list[CondoRefOut]
    active: bool
    on_call: bool
    created_at: datetime

    @staticmethod
    def resolve_email(profile) -> str:
        return profile.user.email

    @staticmethod
    def resolve_first_name(profile) -> str:
        return profile.user.first_name

    @staticmethod
    def resolve_last_name(profile) -> str:
        return profile.user.last_name

    @staticmethod
    def resolve_specializations(profile) -> list[str]:
        return profile.specialization_codes

    @staticmethod
    def resolve_condos(profile) -> list[dict]:
        return [{"id": link.condo_id, "name": link.condo.name} for link in profile.condo_links.all()]

    @staticmethod
    def resolve_active(profile) -> bool:
        return profile.is_active


class StaffPageOut(Schema):
    items: list[StaffOut]
    next_cursor: str | None


class StaffUpdateIn(Schema):
    specializations: list[str] = Field(max_length=20)


class StaffOnCallIn(Schema):
    on_call: bool


class SpecializationOut(Schema):
    id: int
    code: str
    name: str
