"""The company panel's admin site, served on each company's host over its own schema.

Who gets in and what they see follow SPEC §2: director everything, accountant reads
everything, condo admin only their condos (models say how a row reaches its condo through
`condo_path`). Writes go through each app's services, never straight to the table.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.db import connection

from shared_apps.accounts.admin_login import RateLimitedLoginSite
from shared_apps.accounts.models import CompanyRole, Membership, PlatformRole
from shared_apps.audit.admin import AuditEntryAdmin
from shared_apps.audit.models import AuditEntry

PANEL_ROLES = (CompanyRole.DIRECTOR, CompanyRole.ACCOUNTANT, CompanyRole.CONDO_ADMIN)


def panel_roles(request) -> tuple[set[str], set[int]]:
    """(company-wide roles, condo-admin condo ids) of the signed-in user in this company."""
    cached = getattr(request, "_panel_roles", None)
    if cached is not None:
        return cached
    user = request.user
    wide: set[str] = set()
    condos: set[int] = set()
    if user.is_authenticated and user.is_active:
        if user.is_superuser or user.platform_role == PlatformRole.SUPER_ADMIN:
            wide.add(CompanyRole.DIRECTOR)
        for role, condo_id in Membership.objects.filter(
            user=user, company__schema_name=connection.schema_name, role__in=PANEL_ROLES
        ).values_list("role", "condo_id"):
            if condo_id is None:
                wide.add(role)
            else:
                condos.add(condo_id)
    request._panel_roles = (wide, condos)
    return request._panel_roles


class CompanyPanelLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not user.is_active or not _has_panel_membership(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


def _has_panel_membership(user) -> bool:
    return (
        user.is_superuser
        or Membership.objects.filter(
            user=user, company__schema_name=connection.schema_name, role__in=PANEL_ROLES
        ).exists()
    )


class CompanyAdminSite(RateLimitedLoginSite):
    site_header = "servai — company panel"
    site_title = "servai"
    index_title = "Company"
    login_form = CompanyPanelLoginForm

    def has_permission(self, request):
        wide, condos = panel_roles(request)
        return bool(wide or condos)


company_admin_site = CompanyAdminSite(name="company_admin")


class CompanyModelAdmin(admin.ModelAdmin):
    """Base of every company-panel model admin. `condo_path` is the lookup from the model to its
    condo id ("id" for Condo, "condo_id", "building__condo_id", ...); empty for company-wide rows."""

    condo_path = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        wide, condos = panel_roles(request)
        if wide:
            return queryset
        if not self.condo_path:
            return queryset.none()
        return queryset.filter(**{f"{self.condo_path}__in": condos})

    def has_module_permission(self, request):
        wide, condos = panel_roles(request)
        return bool(wide or condos)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def _can_write(self, request, obj=None) -> bool:
        wide, condos = panel_roles(request)
        if CompanyRole.DIRECTOR in wide:
            return True
        if not condos or not self.condo_path:
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return self._can_write(request)

    def has_change_permission(self, request, obj=None):
        return self._can_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._can_write(request, obj)


class ReadOnlyCompanyModelAdmin(CompanyModelAdmin):
    """Lists and details only: writes go through the apps' services (API and, later, the panel)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CompanyAuditEntryAdmin(AuditEntryAdmin):
    def has_module_permission(self, request):
        wide, _ = panel_roles(request)
        return bool(wide)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


company_admin_site.register(AuditEntry, CompanyAuditEntryAdmin)
