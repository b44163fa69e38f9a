"""The property tree in the company panel: lists, filters and search, scoped by condo role.

Read-only for now: every write goes through services.py (audit log, cascades, resident checks);
the full panel with its forms is a later issue."""

from django.contrib import admin

from tenant_apps.condos.models import Building, Condo, Entrance, Unit, UnitType
from tenants.company_admin import ReadOnlyCompanyModelAdmin, company_admin_site


@admin.register(Condo, site=company_admin_site)
class CondoAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "id"
    list_display = ("name", "city", "street", "house", "invite_lifetime_days", "created_at")
    list_filter = ("country", "city")
    search_fields = ("name", "city", "street")


@admin.register(Building, site=company_admin_site)
class BuildingAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_id"
    list_display = ("name", "condo", "created_at")
    list_filter = (("condo", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("condo",)
    search_fields = ("name", "condo__name")


@admin.register(Entrance, site=company_admin_site)
class EntranceAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "building__condo_id"
    list_display = ("name", "building", "condo_name", "created_at")
    list_filter = (("building__condo", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("building__condo",)
    search_fields = ("name", "building__name")

    @admin.display(description="Condo", ordering="building__condo__name")
    def condo_name(self, entrance):
        return entrance.building.condo.name


@admin.register(UnitType, site=company_admin_site)
class UnitTypeAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_id"
    list_display = ("name", "code", "condo")
    list_filter = (("condo", admin.RelatedOnlyFieldListFilter), "code")
    list_select_related = ("condo",)
    search_fields = ("name", "code")


@admin.register(Unit, site=company_admin_site)
class UnitAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "building__condo_id"
    list_display = ("number", "building", "entrance", "floor", "area", "unit_type", "condo_name")
    list_filter = (("building__condo", admin.RelatedOnlyFieldListFilter), "unit_type__code", "floor")
    list_select_related = ("building__condo", "entrance", "unit_type")
    search_fields = ("number", "building__name")

    @admin.display(description="Condo", ordering="building__condo__name")
    def condo_name(self, unit):
        return unit.building.condo.name
