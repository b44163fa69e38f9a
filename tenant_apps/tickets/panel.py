"""What the company panel's ticket pages need besides the model admin: who manages a ticket
there, the staff to offer for assignment, the small forms of the ticket page and the figures of
the statistics page. Every write still goes through services.py."""

from django import forms

from shared_apps.accounts.models import CompanyRole
from tenant_apps.condos.models import Condo
from tenant_apps.residents.models import StaffProfile, StaffRole
from tenant_apps.tickets import selectors
from tenant_apps.tickets.models import Ticket, TicketCategory, TicketStatus
from tenant_apps.tickets.transitions import can_move, next_statuses
from tenants.company_admin import panel_roles


def staff_name(profile: StaffProfile) -> str:
    user = profile.user
    return f"{user.first_name} {user.last_name}".strip() or user.email


def manages(request, ticket: Ticket) -> bool:
    """The director, or a condo admin of the ticket's condo (the accountant only reads)."""
    wide, condos = panel_roles(request)
    return CompanyRole.DIRECTOR in wide or ticket.condo_id in condos


def panel_condo_ids(request) -> set[int] | None:
    """Condos whose figures the signed-in person sees (None: every condo)."""
    wide, condos = panel_roles(request)
    return None if wide else set(condos)


def staff_choices(ticket: Ticket) -> list[tuple[int, str]]:
    """Active staff of the ticket's condo: those whose specialization fits its category first."""
    wanted = set(ticket.category.specialization_codes)
    staff = (
        StaffProfile.objects.filter(
            is_active=True,
            role=StaffRole.STAFF,
            condo_links__condo_id=ticket.condo_id,
            condo_links__deleted_at__isnull=True,
        )
        .select_related("user")
        .distinct()
    )
    rows = sorted(staff, key=lambda p: (not wanted & set(p.specialization_codes), staff_name(p), p.pk))
    return [
        (
            profile.pk,
            f"{staff_name(profile)} ({', '.join(profile.specialization_codes) or 'no specialization'})"
            + (" ★ matches" if wanted & set(profile.specialization_codes) else ""),
        )
        for profile in rows
    ]


class AssignForm(forms.Form):
    staff_id = forms.IntegerField()


class UnassignForm(forms.Form):
    """No fields: the button is the whole request."""


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=TicketStatus.choices)


class CommentForm(forms.Form):
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    internal = forms.BooleanField(required=False)


def ticket_page(ticket: Ticket) -> dict:
    """The ticket page's work area: what may be done next."""
    return {
        "staff": staff_choices(ticket) if can_move(ticket, TicketStatus.ASSIGNED) else [],
        "can_unassign": can_move(ticket, TicketStatus.NEW),
        "next_statuses": [(status, TicketStatus(status).label) for status in next_statuses(ticket)],
    }


# --- statistics -------------------------------------------------------------------------------


def _percent(value, top) -> int:
    return 0 if value is None or not top else round(float(value) / float(top) * 100)


def ticket_statistics(condo_ids: set[int] | None) -> dict:
    """Ratings per staff member and per category, average resolution time per category and per
    condo, each row with the width of its bar (percent)."""
    names = dict(TicketCategory.objects.values_list("code", "name"))
    by_staff = selectors.ratings_by_staff(condo_ids=condo_ids)
    by_category = selectors.ratings_by_category(condo_ids=condo_ids)
    resolution_category = selectors.resolution_by_category(condo_ids=condo_ids)
    resolution_condo = selectors.resolution_by_condo(condo_ids=condo_ids)
    condos = dict(
        Condo.objects.filter(pk__in=[row["condo_id"] for row in resolution_condo]).values_list("pk", "name")
    )
    slowest = max(
        (row["average_resolution_hours"] or 0 for row in resolution_category + resolution_condo), default=0
    )

    def rating_row(label, row):
        average = row["average_rating"]
        return {"label": label, "count": row["ratings"], "value": average, "percent": _percent(average, 5)}

    def hours_row(label, row):
        hours = row["average_resolution_hours"]
        return {"label": label, "count": row["tickets"], "value": hours, "percent": _percent(hours, slowest)}

    figures = {
        "ratings_by_staff": [rating_row(row["name"], row) for row in by_staff],
        "ratings_by_category": [
            rating_row(names.get(row["category"], row["category"]), row) for row in by_category
        ],
        "resolution_by_category": [
            hours_row(names.get(row["category"], row["category"]), row) for row in resolution_category
        ],
        "resolution_by_condo": [hours_row(condos.get(row["condo_id"], "—"), row) for row in resolution_condo],
    }
    figures["sections"] = [
        ("Ratings per staff member", figures["ratings_by_staff"], "Average rating (1–5)"),
        ("Ratings per category", figures["ratings_by_category"], "Average rating (1–5)"),
        ("Average resolution time per category", figures["resolution_by_category"], "Hours"),
        ("Average resolution time per condo", figures["resolution_by_condo"], "Hours"),
    ]
    return figures
