"""Meters and readings in the company panel: lists, filters and search, scoped by condo role.

Read-only: every write goes through services.py (reading rules, forced flag, audit log), reached
through the API. A reading's photo is shown only through the authorised API endpoint."""

from django.contrib import admin
from django.db.models import Q

from tenant_apps.meters.models import Meter, MeterType, Reading
from tenants.company_admin import ReadOnlyCompanyModelAdmin, company_admin_site, panel_roles


@admin.register(MeterType, site=company_admin_site)
class MeterTypeAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_id"
    list_display = ("name", "code", "kind", "unit_of_measure", "zones", "max_monthly_increase", "condo")
    list_filter = ("kind",)
    list_select_related = ("condo",)
    search_fields = ("name", "code")

    def get_queryset(self, request):
        """Company-wide types are everyone's; condo types follow the condo scope."""
        queryset = admin.ModelAdmin.get_queryset(self, request)
        wide, condos = panel_roles(request)
        if wide:
            return queryset
        return queryset.filter(Q(condo__isnull=True) | Q(condo_id__in=condos))


@admin.register(Meter, site=company_admin_site)
class MeterAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "unit__building__condo_id"
    list_display = ("meter_type", "serial", "unit", "condo_name", "is_active")
    list_filter = (("unit__building__condo", admin.RelatedOnlyFieldListFilter), "meter_type", "is_active")
    list_select_related = ("meter_type", "unit__building__condo")
    search_fields = ("serial", "unit__number")

    @admin.display(description="Condo", ordering="unit__building__condo__name")
    def condo_name(self, meter):
        return meter.unit.building.condo.name


@admin.register(Reading, site=company_admin_site)
class ReadingAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "meter__unit__building__condo_id"
    list_display = (
        "period",
        "meter",
        "unit",
        "zone",
        "value",
        "source",
        "forced",
        "corrected_at",
        "replaced_at",
    )
    list_filter = (
        ("meter__unit__building__condo", admin.RelatedOnlyFieldListFilter),
        "period",
        "source",
        "forced",
        "meter__meter_type",
    )
    list_select_related = ("meter__meter_type", "meter__unit__building")
    search_fields = ("meter__unit__number", "meter__serial")
    exclude = ("photo",)

    @admin.display(description="Unit", ordering="meter__unit__number")
    def unit(self, reading):
        return reading.meter.unit
