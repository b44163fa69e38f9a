"""Who may read and change which condo (SPEC §2): director everything, accountant reads
everything, condo admin only their condos, staff and residents nothing in the company API."""

from django.db import connection

from config.api import ApiError
from shared_apps.accounts.auth import AuthenticatedUser
from shared_apps.accounts.models import CompanyRole, PlatformRole

READ_ALL = (CompanyRole.DIRECTOR, CompanyRole.ACCOUNTANT)
WRITE_ALL = (CompanyRole.DIRECTOR,)
FORBIDDEN = ApiError(403, "Your role does not allow this action", code="permission_denied")


def _roles(identity: AuthenticatedUser) -> tuple[set[str], set[int]]:
    """(company-wide roles, condo ids where the caller is condo admin) in this host's company."""
    wide, admin_condos = set(), set()
    for membership in identity.memberships_in(connection.schema_name):
        if membership["role"] in READ_ALL:
            wide.add(membership["role"])
        elif membership["role"] == CompanyRole.CONDO_ADMIN:
            admin_condos.add(membership["condo_id"])
    if identity.platform_role == PlatformRole.SUPER_ADMIN:
        wide.add(CompanyRole.DIRECTOR)
    return wide, admin_condos


def readable_condo_ids(request) -> set[int] | None:
    """None: every condo. Otherwise the condos the caller may read. 403 when none at all."""
    wide, admin_condos = _roles(request.auth)
    if wide:
        return None
    if admin_condos:
        return admin_condos
    raise FORBIDDEN


def require_condo_read(request, condo_id: int) -> None:
    readable = readable_condo_ids(request)
    if readable is not None and condo_id not in readable:
        raise FORBIDDEN


def require_condo_write(request, condo_id: int | None) -> None:
    """condo_id None: a company-level change (creating a condo) — the director's alone."""
    wide, admin_condos = _roles(request.auth)
    if CompanyRole.DIRECTOR in wide:
        return
    if condo_id is not None and condo_id in admin_condos:
        return
    raise FORBIDDEN
