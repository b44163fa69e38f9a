"""Company API of tickets (company host, /api/v1): the queue, a ticket with its comments,
attachments and history, creation by staff, assignment, status changes, comments with files,
categories and figures.

Roles (tenant_apps.tickets.permissions): the director everything, the accountant reads, a condo
admin their condos, staff the tickets assigned to them or written by them (read, move, comment),
residents 403 (they use the bot). Which move whom is the services' call; ids of other companies
do not exist here."""

from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Status, UploadedFile
from ninja.params.models import BodyModel, Form, FormModel

from config.api import ApiError
from config.middleware import client_ip
from config.pagination import PageParams
from shared_apps.accounts.auth import jwt_auth
from shared_apps.core.responses import private_file_response
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.residents.models import StaffProfile, StaffRole
from tenant_apps.tickets import schemas, selectors
from tenant_apps.tickets.files import size_check
from tenant_apps.tickets.models import AuthorKind, TicketSource, TicketStatus
from tenant_apps.tickets.permissions import FORBIDDEN, ticket_scope
from tenant_apps.tickets.queue import queue_page
from tenant_apps.tickets.services import (
    ticket_assign,
    ticket_category_update,
    ticket_comment_add,
    ticket_create,
    ticket_status_change,
    ticket_unassign,
)

router = Router(auth=jwt_auth, tags=["tickets"])


class _JsonOrFormModel(FormModel):
    @classmethod
    def get_request_data(cls, request, api, path_params):
        if request.content_type == "application/json":
            return BodyModel.get_request_data.__func__(cls, request, api, path_params)
        return super().get_request_data(request, api, path_params)


class JsonOrForm(Form):
    """Fields from a JSON body or from form fields (multipart, when files come along)."""

    _model = _JsonOrFormModel

    @classmethod
    def _param_source(cls) -> str:
        return "form"


def _ticket(request, ticket_id: int):
    scope = ticket_scope(request)
    ticket = selectors.ticket_get(ticket_id)
    scope.require_read(ticket)
    return ticket


# --- the queue --------------------------------------------------------------------------------


@router.get(
    "/tickets",
    response=schemas.TicketPageOut,
    summary="The ticket queue: emergencies first, then the oldest",
)
def tickets_list(
    request,
    page: Query[PageParams],
    status: TicketStatus | None = None,
    category: str | None = None,
    condo: int | None = None,
    assignee: int | None = None,
    emergency: bool | None = None,
    older_than_hours: int | None = Query(None, ge=0),
    unit: int | None = None,
):
    """Emergencies first, then the ticket waiting longest (oldest `created_at`), ties by number;
    `next_cursor` continues in that order."""
    scope = ticket_scope(request)
    tickets = selectors.ticket_list(
        status=status,
        category=category,
        condo_id=condo,
        assignee_id=assignee,
        emergency=emergency,
        older_than_hours=older_than_hours,
        unit_id=unit,
    )
    return queue_page(scope.tickets(tickets), page)


@router.get("/tickets/stats", response=schemas.StatsOut, summary="Ratings and resolution times")
def tickets_stats(request, condo: int | None = None):
    scope = ticket_scope(request)
    scope.require_reports()
    condo_ids = scope.condo_ids()
    if condo is not None and condo_ids is not None and condo not in condo_ids:
        raise FORBIDDEN
    figures = {"condo_ids": condo_ids, "condo_id": condo}
    return {
        "ratings_by_staff": selectors.ratings_by_staff(**figures),
        "ratings_by_category": selectors.ratings_by_category(**figures),
        "resolution_by_condo": selectors.resolution_by_condo(**figures),
        "resolution_by_category": selectors.resolution_by_category(**figures),
    }


@router.get("/tickets/stats/me", response=schemas.MyRatingOut, summary="A staff member's own rating")
def tickets_stats_me(request):
    scope = ticket_scope(request)
    profile = StaffProfile.objects.filter(user_id=scope.user_id, role=StaffRole.STAFF).first()
    rows = selectors.ratings_by_staff(staff_id=profile.pk) if profile is not None else []
    if not rows:
        return {"staff_id": getattr(profile, "pk", None), "ratings": 0, "average_rating": None}
    return {
        "staff_id": profile.pk,
        "ratings": rows[0]["ratings"],
        "average_rating": rows[0]["average_rating"],
    }


@router.get("/tickets/{ticket_id}", response=schemas.TicketDetailOut, summary="A ticket with its history")
def tickets_get(request, ticket_id: int):
    _ticket(request, ticket_id)
    return selectors.ticket_detail(ticket_id)


@router.post("/tickets", response={201: schemas.TicketOut}, summary="Open a ticket for a unit or a condo")
def tickets_create(request, payload: schemas.TicketCreateIn):
    """For a unit, or for a condo's common areas (no unit). Staff open tickets in the condos they
    work in; the ticket is auto-assigned when its category allows."""
    scope = ticket_scope(request)
    condo_id = payload.condo_id
    if payload.unit_id is not None:
        unit = get_object_or_404(Unit.objects.select_related("building"), pk=payload.unit_id)
        condo_id = condo_id or unit.building.condo_id
    if condo_id is None:
        message = "Give the unit or, for common areas, the condo"
        raise ApiError(400, message, code="invalid_input", fields={"condo_id": [message]})
    condo = get_object_or_404(Condo.objects.all(), pk=condo_id)
    scope.require_create_in(condo.pk)
    ticket = ticket_create(
        condo_id=condo.pk,
        unit_id=payload.unit_id,
        author_id=scope.user_id,
        author_kind=AuthorKind.STAFF,
        category_code=payload.category,
        description=payload.description,
        emergency=payload.emergency,
        emergency_reason=payload.emergency_reason,
        entry_allowed=payload.entry_allowed,
        source=TicketSource.API,
        ip=client_ip(request),
    )
    return Status(201, selectors.ticket_get(ticket.pk))


# --- working a ticket -------------------------------------------------------------------------


@router.post(
    "/tickets/{ticket_id}/assign",
    response=schemas.TicketOut,
    summary="Assign or reassign (also a ticket in progress or in review)",
)
def tickets_assign(request, ticket_id: int, payload: schemas.AssignIn):
    ticket = _ticket(request, ticket_id)
    ticket_assign(ticket=ticket, staff_id=payload.staff_id, actor_id=request.auth.id, ip=client_ip(request))
    return selectors.ticket_get(ticket_id)


@router.post(
    "/tickets/{ticket_id}/unassign",
    response=schemas.TicketOut,
    summary="Cancel the assignment: back to the queue (NEW)",
)
def tickets_unassign(request, ticket_id: int):
    ticket = _ticket(request, ticket_id)
    ticket_unassign(ticket=ticket, actor_id=request.auth.id, ip=client_ip(request))
    return selectors.ticket_get(ticket_id)


@router.post("/tickets/{ticket_id}/status", response=schemas.TicketOut, summary="Move to another status")
def tickets_status(request, ticket_id: int, payload: schemas.StatusIn):
    ticket = _ticket(request, ticket_id)
    ticket_status_change(
        ticket=ticket, status=payload.status, actor_id=request.auth.id, ip=client_ip(request)
    )
    return selectors.ticket_get(ticket_id)


@router.post(
    "/tickets/{ticket_id}/comments",
    response={201: schemas.CommentOut},
    summary="Comment (JSON, or multipart with photos and PDFs in `files`)",
)
def tickets_comment(
    request,
    ticket_id: int,
    payload: Annotated[schemas.CommentIn, JsonOrForm(...)],
    files: File[list[UploadedFile]] = None,
):
    ticket = _ticket(request, ticket_id)
    uploads = files or []
    for upload in uploads:
        size_check(upload.size)  # before reading a huge upload into memory
    comment = ticket_comment_add(
        ticket=ticket,
        author_id=request.auth.id,
        text=payload.text,
        internal=payload.internal,
        files=[(upload.name or "", upload.read()) for upload in uploads],
        ip=client_ip(request),
    )
    return Status(201, comment)


@router.get("/tickets/{ticket_id}/attachments/{attachment_id}", summary="An attachment's file")
def tickets_attachment(request, ticket_id: int, attachment_id: int):
    ticket = _ticket(request, ticket_id)
    attachment = selectors.attachment_get(ticket=ticket, attachment_id=attachment_id)
    return private_file_response(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.file_name,
        as_attachment=attachment.content_type == "application/pdf",
    )


# --- categories -------------------------------------------------------------------------------


@router.get("/ticket-categories", response=list[schemas.CategoryOut], summary="The company's categories")
def categories_list(request):
    ticket_scope(request)
    return selectors.category_list()


@router.patch(
    "/ticket-categories/{category_id}",
    response=schemas.CategoryOut,
    summary="Auto-assignment and specializations of a category (director)",
)
def categories_update(request, category_id: int, payload: schemas.CategoryUpdateIn):
    ticket_scope(request).require_director()
    category = selectors.category_get(category_id)
    return ticket_category_update(
        category=category,
        auto_assign=payload.auto_assign,
        specialization_codes=payload.specialization_codes,
        actor=request.auth.user,
        ip=client_ip(request),
    )
