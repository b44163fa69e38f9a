"""Company API for people (company host, /api/v1): residents, invites, staff, specializations.

Roles (SPEC §2, tenant_apps.condos.permissions): the director does everything, the accountant
reads everything, a condo admin reads and changes only their condos, staff and residents get
403. Condo admins are managed by the director alone: inviting one, revoking such an invite,
changing or deactivating one. Ids of another company do not exist in this schema → 404."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from config.middleware import client_ip
from config.pagination import PageParams, paginate
from shared_apps.accounts.auth import jwt_auth
from tenant_apps.condos.permissions import readable_condo_ids, require_condo_read, require_condo_write
from tenant_apps.residents import schemas, selectors
from tenant_apps.residents.models import InviteKind, StaffProfile, StaffRole
from tenant_apps.residents.services import (
    invite_create_resident,
    invite_create_staff,
    invite_revoke,
    resident_add,
    resident_unlink,
    staff_deactivate,
    staff_on_call_set,
    staff_specializations_set,
)

router = Router(auth=jwt_auth, tags=["people"])


def _writer(request: HttpRequest) -> dict:
    return {"actor": request.auth.user, "ip": client_ip(request)}


def _scope(request: HttpRequest, *, condo: int | None = None, unit: int | None = None) -> set[int] | None:
    """The condos the caller may read (None: all; 403 for staff and residents), after checking
    that the condo/unit a list is filtered by exists here (404) and is readable (403)."""
    readable = readable_condo_ids(request)
    if condo is not None:
        require_condo_read(request, selectors.condo_get(condo).pk)
    if unit is not None:
        require_condo_read(request, selectors.unit_get(unit).building.condo_id)
    return readable


def _require_staff_write(request: HttpRequest, profile: StaffProfile) -> None:
    """A condo admin may change a staff member who works only in their condos (a change applies
    to every condo the person works in); condo admins and people with no condo: the director."""
    condo_ids = selectors.staff_condo_ids(profile)
    if profile.role == StaffRole.CONDO_ADMIN or not condo_ids:
        require_condo_write(request, None)
    for condo_id in condo_ids:
        require_condo_write(request, condo_id)


# --- residents --------------------------------------------------------------------------------


@router.get("/residents", response=schemas.ResidentPageOut, summary="Residents of units")
def residents_list(
    request,
    page: Query[PageParams],
    condo: int | None = None,
    unit: int | None = None,
    active: bool | None = None,
    search: str | None = None,
):
    readable = _scope(request, condo=condo, unit=unit)
    residents = selectors.resident_list(
        condo_ids=readable, condo_id=condo, unit_id=unit, active=active, search=search
    )
    return paginate(residents, page)


@router.post(
    "/residents",
    response={200: schemas.ResidentOut, 201: schemas.ResidentOut},
    summary="Link a person (by email) to a unit; 200 when already linked",
)
def residents_link(request, payload: schemas.ResidentLinkIn):
    _scope(request)
    unit = selectors.unit_get(payload.unit_id)
    require_condo_write(request, unit.building.condo_id)
    resident, created = resident_add(
        unit=unit,
        email=payload.email,
        kind=payload.kind,
        first_name=payload.first_name,
        last_name=payload.last_name,
        **_writer(request),
    )
    return Status(201 if created else 200, selectors.resident_get(resident.pk))


@router.post("/residents/{resident_id}/unlink", response=schemas.ResidentOut, summary="End a link")
def residents_unlink(request, resident_id: int, payload: schemas.ResidentUnlinkIn | None = None):
    _scope(request)
    resident = selectors.resident_get(resident_id)
    require_condo_write(request, resident.unit.building.condo_id)
    until = payload.until if payload is not None else None
    resident_unlink(resident=resident, until=until, **_writer(request))
    return resident


# --- invites ----------------------------------------------------------------------------------


@router.get("/invites", response=schemas.InvitePageOut, summary="Invites (tokens are never listed)")
def invites_list(
    request,
    page: Query[PageParams],
    condo: int | None = None,
    unit: int | None = None,
    kind: InviteKind | None = None,
    active: bool | None = None,
):
    readable = _scope(request, condo=condo, unit=unit)
    invites = selectors.invite_list(
        condo_ids=readable, condo_id=condo, unit_id=unit, kind=kind, active=active
    )
    return paginate(invites, page)


@router.post(
    "/invites/resident",
    response={201: schemas.InviteCreatedOut},
    summary="Invite residents of a unit (multi-use Telegram link)",
)
def invites_create_resident(request, payload: schemas.ResidentInviteIn):
    _scope(request)
    unit = selectors.unit_get(payload.unit_id)
    require_condo_write(request, unit.building.condo_id)
    invite = invite_create_resident(unit=unit, resident_kind=payload.resident_kind, **_writer(request))
    return Status(201, invite)


@router.post(
    "/invites/staff",
    response={201: schemas.InviteCreatedOut},
    summary="Invite staff or (director only) a condo admin to a condo",
)
def invites_create_staff(request, payload: schemas.StaffInviteIn):
    _scope(request)
    condo = selectors.condo_get(payload.condo_id)
    require_condo_write(request, None if payload.role == StaffRole.CONDO_ADMIN else condo.pk)
    invite = invite_create_staff(
        condo=condo,
        staff_role=payload.role,
        specialization_codes=payload.specializations,
        **_writer(request),
    )
    return Status(201, invite)


@router.post("/invites/{invite_id}/revoke", response=schemas.InviteOut, summary="Revoke an invite")
def invites_revoke(request, invite_id: int):
    _scope(request)
    invite = selectors.invite_get(invite_id)
    require_condo_write(request, None if invite.staff_role == StaffRole.CONDO_ADMIN else invite.condo_id)
    return invite_revoke(invite=invite, **_writer(request))


# --- staff ------------------------------------------------------------------------------------


@router.get("/staff", response=schemas.StaffPageOut, summary="Staff and condo admins")
def staff_list(
    request,
    page: Query[PageParams],
    condo: int | None = None,
    specialization: str | None = None,
    role: StaffRole | None = None,
    active: bool | None = None,
    search: str | None = None,
):
    readable = _scope(request, condo=condo)
    staff = selectors.staff_list(
        condo_ids=readable,
        condo_id=condo,
        specialization=specialization,
        role=role,
        active=active,
        search=search,
    )
    return paginate(staff, page)


@router.patch("/staff/{staff_id}", response=schemas.StaffOut, summary="Change specializations")
def staff_update(request, staff_id: int, payload: schemas.StaffUpdateIn):
    _scope(request)
    profile = selectors.staff_get(staff_id)
    _require_staff_write(request, profile)
    return staff_specializations_set(profile=profile, codes=payload.specializations, **_writer(request))


@router.post("/staff/{staff_id}/on-call", response=schemas.StaffOut, summary="On call for emergencies or not")
def staff_on_call(request, staff_id: int, payload: schemas.StaffOnCallIn):
    _scope(request)
    profile = selectors.staff_get(staff_id)
    _require_staff_write(request, profile)
    return staff_on_call_set(profile=profile, on_call=payload.on_call, **_writer(request))


@router.post("/staff/{staff_id}/deactivate", response=schemas.StaffOut, summary="Stop working here")
def staff_deactivate_one(request, staff_id: int):
    _scope(request)
    profile = selectors.staff_get(staff_id)
    _require_staff_write(request, profile)
    staff_deactivate(profile=profile, **_writer(request))
    return selectors.staff_get(profile.pk)


# --- specializations --------------------------------------------------------------------------


@router.get("/specializations", response=list[schemas.SpecializationOut], summary="The company's list")
def specializations_list(request):
    _scope(request)
    return selectors.specialization_list()
