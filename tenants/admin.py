"""Platform admin (public host): companies and their domains."""

from django.contrib import admin

from tenants.models import Company, Domain


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ("domain", "is_primary")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "schema_name", "status", "country", "currency", "created_at")
    list_filter = ("status", "country", "currency")
    search_fields = ("name", "schema_name", "legal_name", "vat_id")
    readonly_fields = ("schema_name", "blocked_at", "unblocked_at", "created_at", "updated_at")
    inlines = [DomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).operating()

    def has_add_permission(self, request):
        # Companies are provisioned by tenants.services.company_create (schema + domain).
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "tenant", "is_primary")
    search_fields = ("domain",)
