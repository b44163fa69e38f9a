"""Tickets in the company panel: the queue (emergencies first, then the oldest) with its
filters, the ticket page (comments, attachments, history) with its work area — assign or
reassign, cancel the assignment, change the status, comment — and the statistics page.

The model itself is never saved from a form: each action of the work area calls the same
service as the API and the bot (state machine, audit, notifications), and a refusal comes back
as a message on the page."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from config.api import ApiError
from config.middleware import client_ip
from shared_apps.core.responses import private_file_response
from tenant_apps.residents.models import StaffProfile
from tenant_apps.tickets import panel, selectors
from tenant_apps.tickets.models import Ticket, TicketAttachment, TicketCategory, TicketComment, TicketEvent
from tenant_apps.tickets.queue import QUEUE_ORDER
from tenant_apps.tickets.services import (
    ticket_assign,
    ticket_comment_add,
    ticket_status_change,
    ticket_unassign,
)
from tenants.company_admin import ReadOnlyCompanyModelAdmin, company_admin_site


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        # Shown only on a ticket page, which the ticket admin already scoped to the person's condos
        # (the panel grants by role, not by Django's model permissions).
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommentInline(ReadOnlyInline):
    model = TicketComment
    fields = ("created_at", "author", "internal", "text")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = TicketAttachment
    fields = ("created_at", "download", "content_type", "size", "uploaded_by")
    readonly_fields = fields

    @admin.display(description="File")
    def download(self, attachment):
        # Served by the panel's own view, which checks who asks; there is no public URL.
        url = reverse(
            f"{self.admin_site.name}:tickets_ticket_attachment", args=[attachment.ticket_id, attachment.pk]
        )
        return format_html('<a href="{}">{}</a>', url, attachment.file_name)


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ("created_at", "kind", "from_status", "to_status", "assignee", "actor")
    readonly_fields = fields


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"
    NOBODY = "none"

    def lookups(self, request, model_admin):
        assigned = model_admin.get_queryset(request).exclude(assignee=None).values("assignee_id")
        staff = StaffProfile.objects.filter(pk__in=assigned).select_related("user")
        people = sorted((panel.staff_name(profile), profile.pk) for profile in staff)
        return [(self.NOBODY, "nobody"), *((str(pk), name) for name, pk in people)]

    def queryset(self, request, queryset):
        if self.value() == self.NOBODY:
            return queryset.filter(assignee__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assignee_id=int(self.value()))
        return queryset


class OlderThanFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "older_than_hours"

    def lookups(self, request, model_admin):
        return (("24", "over a day"), ("72", "over 3 days"), ("168", "over a week"))

    def queryset(self, request, queryset):
        if self.value() in {"24", "72", "168"}:
            return queryset.filter(created_at__lte=timezone.now() - timedelta(hours=int(self.value())))
        return queryset


@admin.register(Ticket, site=company_admin_site)
class TicketAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_id"
    change_form_template = "tickets/panel/ticket_change_form.html"
    change_list_template = "tickets/panel/ticket_change_list.html"
    list_display = ("id", "status", "emergency", "category", "condo", "unit", "assignee_name", "created_at")
    list_display_links = ("id", "status")
    list_filter = (
        "status",
        "emergency",
        "category",
        ("condo", admin.RelatedOnlyFieldListFilter),
        AssigneeFilter,
        OlderThanFilter,
    )
    list_select_related = ("category", "condo", "unit__building", "assignee__user")
    ordering = QUEUE_ORDER
    search_fields = ("=id", "description", "unit__number")
    inlines = (CommentInline, AttachmentInline, EventInline)
    exclude = ("deleted_at",)

    @admin.display(description="Assignee", ordering="assignee__user__last_name")
    def assignee_name(self, ticket):
        return panel.staff_name(ticket.assignee) if ticket.assignee_id else "—"

    def get_urls(self):
        def work(action):
            return self.admin_site.admin_view(require_POST(action))

        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("stats/", self.admin_site.admin_view(self.stats_view), name=f"{name}_stats"),
            path("<int:ticket_id>/assign/", work(self.assign_view), name=f"{name}_assign"),
            path("<int:ticket_id>/unassign/", work(self.unassign_view), name=f"{name}_unassign"),
            path("<int:ticket_id>/status/", work(self.status_view), name=f"{name}_status"),
            path("<int:ticket_id>/comment/", work(self.comment_view), name=f"{name}_comment"),
            path(
                "<int:ticket_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name=f"{name}_attachment",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ticket = self.get_object(request, object_id)
        if ticket is not None and panel.manages(request, ticket):
            extra_context = {**(extra_context or {}), "ticket_work": panel.ticket_page(ticket)}
        return super().change_view(request, object_id, form_url, extra_context)

    def attachment_view(self, request, ticket_id: int, attachment_id: int):
        # Outside the person's condos (or company) the ticket and its files do not exist for them.
        ticket = get_object_or_404(self.get_queryset(request), pk=ticket_id)
        attachment = selectors.attachment_get(ticket=ticket, attachment_id=attachment_id)
        return private_file_response(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            filename=attachment.file_name,
            as_attachment=attachment.content_type == "application/pdf",
        )

    # --- the work area: each action is one service call ----------------------------------------

    def _managed_ticket(self, request, ticket_id: int) -> Ticket:
        # Outside the person's condos (or company) the ticket does not exist for them.
        ticket = get_object_or_404(self.get_queryset(request), pk=ticket_id)
        if not panel.manages(request, ticket):
            raise PermissionDenied
        return ticket

    def _run(self, request, ticket: Ticket, form, action, done: str):
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{field}: {' '.join(errors)}")
        else:
            try:
                action(form.cleaned_data)
            except ApiError as error:
                details = "; ".join(
                    f"{field}: {' '.join(reasons)}" for field, reasons in (error.fields or {}).items()
                )
                messages.error(request, f"{error.message} ({details})" if details else error.message)
            else:
                messages.success(request, done)
        return redirect(reverse(f"{self.admin_site.name}:tickets_ticket_change", args=[ticket.pk]))

    def assign_view(self, request, ticket_id: int):
        ticket = self._managed_ticket(request, ticket_id)
        return self._run(
            request,
            ticket,
            panel.AssignForm(request.POST),
            lambda data: ticket_assign(
                ticket=ticket, staff_id=data["staff_id"], actor_id=request.user.pk, ip=client_ip(request)
            ),
            f"Ticket {ticket.pk} assigned.",
        )

    def unassign_view(self, request, ticket_id: int):
        ticket = self._managed_ticket(request, ticket_id)
        return self._run(
            request,
            ticket,
            panel.UnassignForm(request.POST),
            lambda data: ticket_unassign(ticket=ticket, actor_id=request.user.pk, ip=client_ip(request)),
            f"Ticket {ticket.pk} is back in the queue.",
        )

    def status_view(self, request, ticket_id: int):
        ticket = self._managed_ticket(request, ticket_id)
        return self._run(
            request,
            ticket,
            panel.StatusForm(request.POST),
            lambda data: ticket_status_change(
                ticket=ticket, status=data["status"], actor_id=request.user.pk, ip=client_ip(request)
            ),
            f"Ticket {ticket.pk}: status changed.",
        )

    def comment_view(self, request, ticket_id: int):
        ticket = self._managed_ticket(request, ticket_id)
        return self._run(
            request,
            ticket,
            panel.CommentForm(request.POST),
            lambda data: ticket_comment_add(
                ticket=ticket,
                author_id=request.user.pk,
                text=data["text"],
                internal=data["internal"],
                ip=client_ip(request),
            ),
            f"Comment added to ticket {ticket.pk}.",
        )

    # --- statistics --------------------------------------------------------------------------

    def stats_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Ticket statistics",
            "opts": self.opts,
            **panel.ticket_statistics(panel.panel_condo_ids(request)),
        }
        return TemplateResponse(request, "tickets/panel/ticket_stats.html", context)


@admin.register(TicketCategory, site=company_admin_site)
class TicketCategoryAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = ""  # company-wide
    list_display = ("name", "code", "specializations", "auto_assign", "is_active")

    @admin.display(description="Specializations")
    def specializations(self, category):
        return ", ".join(category.specialization_codes)
