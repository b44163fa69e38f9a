"""Reads of people and invites in a company schema.

Lists are scoped by `condo_ids` (None: every condo, the director's and accountant's view; a set:
a condo admin's condos) and cost a fixed number of queries whatever the page size: the person's
email and names come from the public `accounts_user` table joined in the same query (tenant rows
may reference the public User by FK; the company schema's search_path includes public)."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenant_apps.condos.models import Condo, Unit
from tenant_apps.residents.models import Invite, Resident, Specialization, StaffCondo, StaffProfile


def _person_search(prefix: str, search: str) -> Q:
    query = Q()
    for word in search.split():
        query &= (
            Q(**{f"{prefix}email__icontains": word})
            | Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
        )
    return query


# --- residents --------------------------------------------------------------------------------


def resident_list(
    *,
    condo_ids: set[int] | None = None,
    condo_id: int | None = None,
    unit_id: int | None = None,
    active: bool | None = None,
    search: str | None = None,
) -> QuerySet[Resident]:
    residents = Resident.objects.select_related("unit__building", "user")
    if condo_ids is not None:
        residents = residents.filter(unit__building__condo_id__in=condo_ids)
    if condo_id is not None:
        residents = residents.filter(unit__building__condo_id=condo_id)
    if unit_id is not None:
        residents = residents.filter(unit_id=unit_id)
    if active is not None:
        residents = residents.filter(until__isnull=active)
    if search and search.strip():
        term = search.strip()
        residents = residents.filter(_person_search("user__", term) | Q(unit__number__iexact=term))
    return residents


def resident_get(resident_id: int) -> Resident:
    """A link of this company (ended ones too); 404 when it is not one of ours."""
    return get_object_or_404(Resident.objects.select_related("unit__building", "user"), pk=resident_id)


# --- invites ----------------------------------------------------------------------------------


def invite_list(
    *,
    condo_ids: set[int] | None = None,
    condo_id: int | None = None,
    unit_id: int | None = None,
    kind: str | None = None,
    active: bool | None = None,
) -> QuerySet[Invite]:
    invites = Invite.objects.select_related("condo", "unit__building")
    if condo_ids is not None:
        invites = invites.filter(condo_id__in=condo_ids)
    if condo_id is not None:
        invites = invites.filter(condo_id=condo_id)
    if unit_id is not None:
        invites = invites.filter(unit_id=unit_id)
    if kind:
        invites = invites.filter(kind=kind)
    if active is not None:
        live = Q(revoked_at__isnull=True, expires_at__gt=timezone.now())
        invites = invites.filter(live if active else ~live)
    return invites


def invite_get(invite_id: int) -> Invite:
    return get_object_or_404(invite_list(), pk=invite_id)


# --- staff ------------------------------------------------------------------------------------


def _staff_condos() -> Prefetch:
    return Prefetch(
        "condo_links",
        queryset=StaffCondo.objects.filter(condo__deleted_at__isnull=True)
        .select_related("condo")
        .order_by("condo__name", "condo_id"),
    )


def staff_list(
    *,
    condo_ids: set[int] | None = None,
    condo_id: int | None = None,
    specialization: str | None = None,
    role: str | None = None,
    active: bool | None = None,
    search: str | None = None,
) -> QuerySet[StaffProfile]:
    """Staff profiles; a condo scope keeps the people working in one of those condos."""
    staff = StaffProfile.objects.select_related("user").prefetch_related(_staff_condos())
    if condo_ids is not None:
        staff = staff.filter(pk__in=StaffCondo.objects.filter(condo_id__in=condo_ids).values("staff_id"))
    if condo_id is not None:
        staff = staff.filter(pk__in=StaffCondo.objects.filter(condo_id=condo_id).values("staff_id"))
    if specialization:
        staff = staff.filter(specialization_codes__contains=[specialization])
    if role:
        staff = staff.filter(role=role)
    if active is not None:
        staff = staff.filter(is_active=active)
    if search and search.strip():
        staff = staff.filter(_person_search("user__", search.strip()))
    return staff


def staff_get(staff_id: int) -> StaffProfile:
    return get_object_or_404(staff_list(), pk=staff_id)


def staff_condo_ids(profile: StaffProfile) -> set[int]:
    """The condos the person works in now (from the prefetched links)."""
    return {link.condo_id for link in profile.condo_links.all()}


# --- lookups ----------------------------------------------------------------------------------


def specialization_list() -> QuerySet[Specialization]:
    return Specialization.objects.order_by("name", "id")


def condo_get(condo_id: int) -> Condo:
    return get_object_or_404(Condo.objects.all(), pk=condo_id)


def unit_get(unit_id: int) -> Unit:
    """A live unit of this company with its building and condo (for addresses and scope)."""
    return get_object_or_404(
        Unit.objects.select_related("building__condo").filter(building__condo__deleted_at__isnull=True),
        pk=unit_id,
    )
