"""People joining and leaving a company's property. Every write keeps the public
Membership rows in step: a person holds a resident membership for a condo while they have an
active link to a unit in it, a staff membership while they work in it."""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.cache import user_cache_invalidate
from shared_apps.accounts.models import CompanyRole, Membership
from shared_apps.accounts.services.users import membership_grant, user_get_or_create_invited
from shared_apps.audit.services import audit_record, changes_apply
from shared_apps.botrouting.models import InviteRoute
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.residents.models import (
    Invite,
    InviteAcceptance,
    InviteKind,
    Resident,
    ResidentKind,
    Specialization,
    StaffCondo,
    StaffProfile,
    StaffRole,
)
from tenants.models import Company
from tenants.schemas import in_schema


def current_company() -> Company:
    return Company.objects.get(schema_name=connection.schema_name)


def _membership_revoke(*, user_id: int, role: str, condo_id: int) -> None:
    Membership.objects.filter(
        user_id=user_id, company__schema_name=connection.schema_name, role=role, condo_id=condo_id
    ).delete()
    user_cache_invalidate(user_id)


# --- residents --------------------------------------------------------------------------------


@transaction.atomic
def resident_link(
    *, unit: Unit, user, kind: str = ResidentKind.OWNER, since: date | None = None, actor=None, ip=None
) -> Resident:
    """Links a person to a unit (idempotent: an active link is returned as it is)."""
    existing = Resident.objects.filter(user_id=user.pk, unit=unit, until__isnull=True).first()
    if existing is not None:
        return existing
    resident = Resident.objects.create(
        user_id=user.pk, unit=unit, kind=kind, since=since or timezone.localdate()
    )
    membership_grant(
        user=user,
        company=current_company(),
        role=CompanyRole.RESIDENT,
        condo_id=unit.building.condo_id,
        actor=actor,
        ip=ip,
    )
    audit_record(
        actor=actor,
        action="resident.link",
        target=resident,
        changes={"user": user.pk, "unit": unit.pk, "kind": kind},
        ip=ip,
    )
    return resident


@transaction.atomic
def resident_add(
    *,
    unit: Unit,
    email: str,
    kind: str = ResidentKind.OWNER,
    first_name: str = "",
    last_name: str = "",
    actor=None,
    ip=None,
) -> tuple[Resident, bool]:
    """Links the person with this email to the unit, creating their account (no password yet)
    when they are new. Given names only fill blank ones: a company never overwrites a person's
    own profile. Idempotent: (the active link, False) when the person already lives there."""
    user, _ = user_get_or_create_invited(email=email)
    names = {
        field: value.strip()
        for field, value in (("first_name", first_name), ("last_name", last_name))
        if value and value.strip() and not getattr(user, field)
    }
    if names:
        for field, value in names.items():
            setattr(user, field, value)
        user.save(update_fields=list(names))
        audit_record(actor=actor, action="user.update", target=user, changes=names, ip=ip)
    existing = Resident.objects.filter(user_id=user.pk, unit=unit, until__isnull=True).first()
    if existing is not None:
        return existing, False
    return resident_link(unit=unit, user=user, kind=kind, actor=actor, ip=ip), True


def _resident_membership_sync(*, user_id: int, condo_id: int) -> None:
    still_living_there = Resident.objects.filter(
        user_id=user_id, unit__building__condo_id=condo_id, until__isnull=True
    ).exists()
    if not still_living_there:
        _membership_revoke(user_id=user_id, role=CompanyRole.RESIDENT, condo_id=condo_id)


@transaction.atomic
def resident_unlink(*, resident: Resident, until: date | None = None, actor=None, ip=None) -> Resident:
    """Ends a link at once (the row stays as history, `until` its last day) and drops the
    membership when it was the person's last link in that condo."""
    if resident.until is not None:
        return resident
    today = timezone.localdate()
    if until is not None and not resident.since <= until <= today:
        raise ValidationError(
            {"until": f"The last day must fall between {resident.since} and today ({today})."}
        )
    resident.until = until or today
    resident.save(update_fields=["until", "updated_at"])
    _resident_membership_sync(user_id=resident.user_id, condo_id=resident.unit.building.condo_id)
    audit_record(
        actor=actor, action="resident.unlink", target=resident, changes={"until": str(resident.until)}, ip=ip
    )
    return resident


def resident_links_end_for_units(*, unit_ids: list[int]) -> None:
    """Units going away (deleted with force): their residents' links end today."""
    today = timezone.localdate()
    links = list(
        Resident.objects.filter(unit_id__in=unit_ids, until__isnull=True).select_related("unit__building")
    )
    Resident.objects.filter(pk__in=[link.pk for link in links]).update(until=today)
    for user_id, condo_id in {(link.user_id, link.unit.building.condo_id) for link in links}:
        _resident_membership_sync(user_id=user_id, condo_id=condo_id)


# --- staff ------------------------------------------------------------------------------------


def specialization_codes_validate(codes: list[str]) -> list[str]:
    codes = sorted(set(codes))
    known = set(Specialization.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({"specializations": f"Unknown specialization(s): {', '.join(unknown)}."})
    return codes


@transaction.atomic
def staff_join(
    *,
    user,
    condo: Condo,
    role: str = StaffRole.STAFF,
    specialization_codes: list[str] = (),
    actor=None,
    ip=None,
) -> StaffProfile:
    """Makes the person staff (or condo admin) of the condo; idempotent."""
    codes = specialization_codes_validate(list(specialization_codes))
    profile = StaffProfile.objects.filter(user_id=user.pk, role=role).first()
    if profile is None:
        profile = StaffProfile.objects.create(user_id=user.pk, role=role, specialization_codes=codes)
    else:
        profile.specialization_codes = sorted(set(profile.specialization_codes) | set(codes))
        profile.is_active = True
        profile.save(update_fields=["specialization_codes", "is_active", "updated_at"])
    StaffCondo.objects.get_or_create(staff=profile, condo=condo)
    membership_grant(user=user, company=current_company(), role=role, condo_id=condo.pk, actor=actor, ip=ip)
    audit_record(
        actor=actor,
        action="staff.join",
        target=profile,
        changes={"condo": condo.pk, "role": role, "specializations": codes},
        ip=ip,
    )
    return profile


@transaction.atomic
def staff_specializations_set(
    *, profile: StaffProfile, codes: list[str], actor=None, ip=None
) -> StaffProfile:
    codes = specialization_codes_validate(codes)
    old = profile.specialization_codes
    profile.specialization_codes = codes
    profile.save(update_fields=["specialization_codes", "updated_at"])
    audit_record(
        actor=actor, action="staff.specializations", target=profile, changes={"from": old, "to": codes}, ip=ip
    )
    return profile


@transaction.atomic
def staff_on_call_set(*, profile: StaffProfile, on_call: bool, actor=None, ip=None) -> StaffProfile:
    """On call: told about emergency tickets of their specializations at once, day or night."""
    changes = changes_apply(profile, {"on_call": on_call})
    if changes:
        profile.save(update_fields=["on_call", "updated_at"])
        audit_record(actor=actor, action="staff.on_call", target=profile, changes=changes, ip=ip)
    return profile


@transaction.atomic
def staff_deactivate(*, profile: StaffProfile, actor=None, ip=None) -> StaffProfile:
    """The person stops working here: no condo links, no memberships; the profile stays."""
    condo_ids = list(StaffCondo.objects.filter(staff=profile).values_list("condo_id", flat=True))
    StaffCondo.objects.filter(staff=profile).delete()
    for condo_id in condo_ids:
        _membership_revoke(user_id=profile.user_id, role=profile.role, condo_id=condo_id)
    profile.is_active = False
    profile.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="staff.deactivate", target=profile, changes={"condos": condo_ids}, ip=ip)
    return profile


# --- invites ----------------------------------------------------------------------------------


def telegram_deep_link(token: str) -> str:
    return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}?start={token}"


def _invite_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-]


def _invite_register(invite: Invite) -> None:
    company = current_company()
    InviteRoute.objects.create(
        token=invite.token,
        company=company,
        schema_name=company.schema_name,
        invite_id=invite.pk,
        expires_at=invite.expires_at,
    )


@transaction.atomic
def invite_create_resident(
    *, unit: Unit, resident_kind: str = ResidentKind.OWNER, actor=None, ip=None
) -> Invite:
    condo = unit.building.condo
    active = Invite.objects.filter(unit=unit, revoked_at__isnull=True, expires_at__gt=timezone.now()).count()
    if active >= condo.invite_active_limit:
        raise ApiError(
            409,
            f"Unit {unit.number} already has {active} active invite(s), the most this condo allows; "
            "revoke one first",
            code="invite_limit_reached",
        )
    invite = Invite.objects.create(
        kind=InviteKind.RESIDENT,
        token=_invite_token(),
        condo=condo,
        unit=unit,
        resident_kind=resident_kind,
        expires_at=timezone.now() + timedelta(days=condo.invite_lifetime_days),
        created_by_id=getattr(actor, "pk", None),
    )
    _invite_register(invite)
    audit_record(actor=actor, action="invite.create", target=invite, changes={"unit": unit.pk}, ip=ip)
    return invite


@transaction.atomic
def invite_create_staff(
    *,
    condo: Condo,
    staff_role: str = StaffRole.STAFF,
    specialization_codes: list[str] = (),
    actor=None,
    ip=None,
) -> Invite:
    codes = specialization_codes_validate(list(specialization_codes))
    invite = Invite.objects.create(
        kind=InviteKind.STAFF,
        token=_invite_token(),
        condo=condo,
        staff_role=staff_role,
        specialization_codes=codes,
        expires_at=timezone.now() + timedelta(days=condo.invite_lifetime_days),
        created_by_id=getattr(actor, "pk", None),
    )
    _invite_register(invite)
    audit_record(
        actor=actor,
        action="invite.create",
        target=invite,
        changes={"condo": condo.pk, "role": staff_role, "specializations": codes},
        ip=ip,
    )
    return invite


@transaction.atomic
def invite_revoke(*, invite: Invite, actor=None, ip=None) -> Invite:
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at", "updated_at"])
        InviteRoute.objects.filter(token=invite.token).update(revoked_at=invite.revoked_at)
        audit_record(actor=actor, action="invite.revoke", target=invite, ip=ip)
    return invite


@dataclass(frozen=True)
class InviteAccepted:
    company: Company
    kind: str
    condo_id: int
    condo_name: str
    unit_id: int | None
    address: str
    new: bool  # False when this user had accepted it before


def invite_accept(*, token: str, user) -> InviteAccepted:
    """The bot calls this for `/start <token>`. Resolves the company through the public route,
    then joins the person there. Accepting the same invite again changes nothing."""
    route = InviteRoute.objects.select_related("company").filter(token=token).first()
    if route is None:
        raise ApiError(404, "This invite link is not valid", code="invite_invalid")
    if route.company.is_deleted:
        raise ApiError(410, "This company no longer uses servai", code="invite_invalid")
    with in_schema(route.schema_name), transaction.atomic():
        invite = (
            Invite.objects.select_for_update(of=("self",))
            .select_related("unit__building__condo", "condo")
            .get(pk=route.invite_id)
        )
        already = InviteAcceptance.objects.filter(invite=invite, user_id=user.pk).exists()
        if not already:
            if invite.revoked_at is not None:
                raise ApiError(
                    410,
                    "This invite was revoked; ask your management company for a new one",
                    code="invite_revoked",
                )
            if invite.expires_at <= timezone.now():
                raise ApiError(
                    410,
                    "This invite has expired; ask your management company for a new one",
                    code="invite_expired",
                )
            if invite.kind == InviteKind.RESIDENT:
                resident_link(
                    unit=invite.unit, user=user, kind=invite.resident_kind or ResidentKind.OWNER, actor=user
                )
            else:
                staff_join(
                    user=user,
                    condo=invite.condo,
                    role=invite.staff_role,
                    specialization_codes=invite.specialization_codes,
                    actor=user,
                )
            InviteAcceptance.objects.create(invite=invite, user_id=user.pk)
            Invite.objects.filter(pk=invite.pk).update(uses=invite.uses + 1)
            audit_record(actor=user, action="invite.accept", target=invite)
        address = invite.unit.full_address if invite.unit_id else invite.condo.address or invite.condo.name
        return InviteAccepted(
            company=route.company,
            kind=invite.kind,
            condo_id=invite.condo_id,
            condo_name=invite.condo.name,
            unit_id=invite.unit_id,
            address=address,
            new=not already,
        )
