"""Platform admin (public host): companies and their domains. Writes go through services."""

from django.contrib import admin, messages

from config.middleware import client_ip
from shared_apps.audit.services import audit_record
from tenants.models import Company, Domain
from tenants.services import company_block, company_unblock


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ("domain", "is_primary")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "schema_name", "status", "country", "currency", "created_at")
    list_filter = ("status", "country", "currency")
    search_fields = ("name", "schema_name", "legal_name", "vat_id")
    readonly_fields = (
        "schema_name",
        "status",
        "blocked_reason",
        "blocked_at",
        "unblocked_at",
        "created_at",
        "updated_at",
    )
    inlines = [DomainInline]
    actions = ["block_companies", "unblock_companies"]

    def get_queryset(self, request):
        return super().get_queryset(request).operating()

    def has_add_permission(self, request):
        # Companies are provisioned by tenants.services.company_create (schema + domain).
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changes = {
            field: {"from": str(form.initial.get(field)), "to": str(form.cleaned_data.get(field))}
            for field in form.changed_data
        }
        if changes:
            audit_record(
                actor=request.user,
                action="company.update",
                target=obj,
                changes=changes,
                ip=client_ip(request),
            )

    @admin.action(description="Block selected companies (unpaid platform invoice)")
    def block_companies(self, request, queryset):
        for company in queryset:
            company_block(
                company=company,
                reason="Blocked by a platform operator: unpaid platform invoice.",
                actor=request.user,
                ip=client_ip(request),
            )
        self.message_user(request, f"Blocked {queryset.count()} company(ies).", messages.WARNING)

    @admin.action(description="Unblock selected companies")
    def unblock_companies(self, request, queryset):
        for company in queryset:
            company_unblock(company=company, actor=request.user, ip=client_ip(request))
        self.message_user(request, f"Unblocked {queryset.count()} company(ies).", messages.SUCCESS)


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "tenant", "is_primary")
    search_fields = ("domain",)
