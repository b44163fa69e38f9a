"""Who may see and work which ticket (SPEC §2, §8).

Services ask `ticket_actor` about a person and a ticket (the bot calls services directly, so the
rules live here, not in the API): the director and the ticket's condo admin manage it, the
assignee works it, the author and the unit's residents follow it.
The company API asks `ticket_scope` what the caller's queue is: director everything, accountant
reads everything, condo admin their condos, staff the tickets assigned to them or written by them
(the bot's `selectors.ticket_visible_to` follows the same rule), residents 403."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from shared_apps.accounts.models import CompanyRole, Membership, PlatformRole, User
from tenant_apps.condos.permissions import FORBIDDEN
from tenant_apps.residents.models import Resident, StaffCondo
from tenant_apps.tickets.models import AuthorKind, Ticket

# --- services: one person and one ticket ------------------------------------------------------


def is_manager(*, user_id: int, condo_id: int) -> bool:
    """The director of this company, a condo admin of the condo, or a platform super admin."""
    in_company = Membership.objects.filter(user_id=user_id, company__schema_name=connection.schema_name)
    if in_company.filter(
        Q(role=CompanyRole.DIRECTOR) | Q(role=CompanyRole.CONDO_ADMIN, condo_id=condo_id)
    ).exists():
        return True
    return User.objects.filter(pk=user_id, platform_role=PlatformRole.SUPER_ADMIN).exists()


def is_resident_side(*, user_id: int, ticket: Ticket) -> bool:
    """The resident who reported it or a person living in its unit now."""
    if ticket.author_id == user_id and ticket.author_kind == AuthorKind.RESIDENT:
        return True
    return (
        ticket.unit_id is not None
        and Resident.objects.filter(user_id=user_id, unit_id=ticket.unit_id, until__isnull=True).exists()
    )


def works_in(*, user_id: int, condo_id: int) -> bool:
    """An active staff member (or condo admin) working in the condo."""
    return StaffCondo.objects.filter(
        staff__user_id=user_id, staff__is_active=True, staff__deleted_at__isnull=True, condo_id=condo_id
    ).exists()


@dataclass(frozen=True)
class TicketActor:
    manager: bool
    assignee: bool
    resident: bool
    author: bool

    @property
    def participant(self) -> bool:
        """May read and comment on the ticket."""
        return self.manager or self.assignee or self.resident or self.author


def ticket_actor(ticket: Ticket, user_id: int) -> TicketActor:
    assignee = ticket.assignee_id is not None and ticket.assignee.user_id == user_id
    return TicketActor(
        manager=is_manager(user_id=user_id, condo_id=ticket.condo_id),
        assignee=assignee,
        resident=is_resident_side(user_id=user_id, ticket=ticket),
        author=ticket.author_id == user_id,
    )


# --- company API: the caller's queue ----------------------------------------------------------


@dataclass(frozen=True)
class TicketScope:
    user_id: int
    director: bool
    reads_all: bool  # director, accountant, platform super admin
    admin_condos: frozenset[int]
    staff_condos: frozenset[int]

    def tickets(self, tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
        if self.reads_all:
            return tickets
        return tickets.filter(
            Q(condo_id__in=self.admin_condos) | Q(assignee__user_id=self.user_id) | Q(author_id=self.user_id)
        )

    def can_read(self, ticket: Ticket) -> bool:
        return (
            self.reads_all
            or ticket.condo_id in self.admin_condos
            or ticket.author_id == self.user_id
            or (ticket.assignee_id is not None and ticket.assignee.user_id == self.user_id)
        )

    def require_read(self, ticket: Ticket) -> None:
        if not self.can_read(ticket):
            raise FORBIDDEN

    def condo_ids(self) -> set[int] | None:
        """Condos whose whole queue and figures the caller sees (None: all)."""
        return None if self.reads_all else set(self.admin_condos)

    def require_create_in(self, condo_id: int) -> None:
        if not (self.director or condo_id in self.admin_condos or condo_id in self.staff_condos):
            raise FORBIDDEN

    def require_director(self) -> None:
        if not self.director:
            raise FORBIDDEN

    def require_reports(self) -> None:
        """Figures of the whole queue: director, accountant, condo admins."""
        if not (self.reads_all or self.admin_condos):
            raise FORBIDDEN


def ticket_scope(request) -> TicketScope:
    """The caller's scope on this host; 403 for people who only live here (residents)."""
    identity = request.auth
    roles = {(m["role"], m["condo_id"]) for m in identity.memberships_in(connection.schema_name)}
    director = identity.platform_role == PlatformRole.SUPER_ADMIN or any(
        role == CompanyRole.DIRECTOR for role, _ in roles
    )
    scope = TicketScope(
        user_id=identity.id,
        director=director,
        reads_all=director or any(role == CompanyRole.ACCOUNTANT for role, _ in roles),
        admin_condos=frozenset(c for role, c in roles if role == CompanyRole.CONDO_ADMIN),
        staff_condos=frozenset(c for role, c in roles if role == CompanyRole.STAFF),
    )
    if not (scope.reads_all or scope.admin_condos or scope.staff_condos):
        raise FORBIDDEN
    return scope
