"""People and invites in the company panel: lists, filters and search, scoped by condo role.

Read-only for now: every write goes through services.py (memberships, invite routes, audit log);
the full panel with its forms is a later issue. Invite tokens are never shown here."""

from django.contrib import admin
from django.db.models import Prefetch, Q
from django.utils import timezone

from tenant_apps.condos.models import Condo
from tenant_apps.residents.models import Invite, Resident, Specialization, StaffCondo, StaffProfile
from tenants.company_admin import (
    CompanyModelAdmin,
    ReadOnlyCompanyModelAdmin,
    company_admin_site,
    panel_roles,
)


class ActiveFilter(admin.SimpleListFilter):
    title = "active"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No"))

    def active_q(self) -> Q:
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.active_q())
        if self.value() == "no":
            return queryset.exclude(self.active_q())
        return queryset


class ResidentActiveFilter(ActiveFilter):
    def active_q(self) -> Q:
        return Q(until__isnull=True)


class InviteActiveFilter(ActiveFilter):
    def active_q(self) -> Q:
        return Q(revoked_at__isnull=True, expires_at__gt=timezone.now())


class StaffCondoFilter(admin.SimpleListFilter):
    """Condos the person works in now (live links), among the condos the viewer may see."""

    title = "condo"
    parameter_name = "condo"

    def lookups(self, request, model_admin):
        wide, condo_ids = panel_roles(request)
        condos = Condo.objects.all() if wide else Condo.objects.filter(pk__in=condo_ids)
        return [(str(condo.pk), condo.name) for condo in condos]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pk__in=StaffCondo.objects.filter(condo_id=self.value()).values("staff_id"))
        return queryset


class SpecializationFilter(admin.SimpleListFilter):
    title = "specialization"
    parameter_name = "specialization"

    def lookups(self, request, model_admin):
        return [(s.code, s.name) for s in Specialization.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(specialization_codes__contains=[self.value()])
        return queryset


@admin.register(Resident, site=company_admin_site)
class ResidentAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "unit__building__condo_id"
    list_display = ("user", "unit", "condo_name", "kind", "since", "until", "is_active")
    list_filter = (
        ("unit__building__condo", admin.RelatedOnlyFieldListFilter),
        "kind",
        ResidentActiveFilter,
    )
    list_select_related = ("user", "unit__building__condo")
    search_fields = ("user__email", "user__first_name", "user__last_name", "unit__number")

    @admin.display(description="Condo", ordering="unit__building__condo__name")
    def condo_name(self, resident):
        return resident.unit.building.condo.name

    @admin.display(description="Active", boolean=True)
    def is_active(self, resident):
        return resident.is_active


@admin.register(StaffProfile, site=company_admin_site)
class StaffProfileAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_links__condo_id"
    list_display = ("user", "role", "specializations", "condos", "is_active")
    list_filter = ("role", "is_active", StaffCondoFilter, SpecializationFilter)
    search_fields = ("user__email", "user__first_name", "user__last_name")

    def get_queryset(self, request):
        """Live condo links only (deactivated staff have none) and one row per person."""
        queryset = (
            super(CompanyModelAdmin, self)
            .get_queryset(request)
            .select_related("user")
            .prefetch_related(Prefetch("condo_links", queryset=StaffCondo.objects.select_related("condo")))
        )
        wide, condo_ids = panel_roles(request)
        if wide:
            return queryset
        return queryset.filter(pk__in=StaffCondo.objects.filter(condo_id__in=condo_ids).values("staff_id"))

    @admin.display(description="Specializations")
    def specializations(self, profile):
        return ", ".join(profile.specialization_codes)

    @admin.display(description="Condos")
    def condos(self, profile):
        return ", ".join(sorted(link.condo.name for link in profile.condo_links.all()))


@admin.register(Invite, site=company_admin_site)
class InviteAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_id"
    list_display = (
        "id",
        "kind",
        "condo",
        "unit",
        "resident_kind",
        "staff_role",
        "uses",
        "expires_at",
        "revoked_at",
        "is_active",
    )
    list_filter = (
        "kind",
        ("condo", admin.RelatedOnlyFieldListFilter),
        InviteActiveFilter,
        "staff_role",
    )
    list_select_related = ("condo", "unit__building")
    search_fields = ("unit__number", "unit__building__name")
    exclude = ("token",)  # a live token is a key to the company: shown once, when created

    @admin.display(description="Active", boolean=True)
    def is_active(self, invite):
        return invite.is_active


@admin.register(Specialization, site=company_admin_site)
class SpecializationAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = ""  # company-wide
    list_display = ("name", "code")
    search_fields = ("name", "code")
