"""Tickets in the company panel: the queue with its filters and a read-only ticket page
(comments, attachments, history). Every change goes through services.py (the API and the bot):
the state machine, assignment and notifications live there, not in a form."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from tenant_apps.tickets.models import Ticket, TicketAttachment, TicketCategory, TicketComment, TicketEvent
from tenants.company_admin import ReadOnlyCompanyModelAdmin, company_admin_site


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

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
        # The API serves files after checking who asks; there is no public URL.
        return format_html(
            '<a href="/api/v1/tickets/{}/attachments/{}">{}</a>',
            attachment.ticket_id,
            attachment.pk,
            attachment.file_name,
        )


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ("created_at", "kind", "from_status", "to_status", "assignee", "actor")
    readonly_fields = fields


class OlderThanFilter(admin.SimpleListFilter):
    title = "waiting"
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
    list_display = ("id", "status", "emergency", "category", "condo", "unit", "assignee_name", "created_at")
    list_display_links = ("id", "status")
    list_filter = (
        "status",
        "emergency",
        "category",
        ("condo", admin.RelatedOnlyFieldListFilter),
        OlderThanFilter,
    )
    list_select_related = ("category", "condo", "unit__building", "assignee__user")
    search_fields = ("=id", "description", "unit__number")
    inlines = (CommentInline, AttachmentInline, EventInline)
    exclude = ("deleted_at",)

    @admin.display(description="Assignee", ordering="assignee__user__last_name")
    def assignee_name(self, ticket):
        return ticket.assignee.user if ticket.assignee_id else "—"


@admin.register(TicketCategory, site=company_admin_site)
class TicketCategoryAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = ""  # company-wide
    list_display = ("name", "code", "specializations", "auto_assign", "is_active")

    @admin.display(description="Specializations")
    def specializations(self, category):
        return ", ".join(category.specialization_codes)
