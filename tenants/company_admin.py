"""The company panel's admin site, served on each company's host over its own schema."""

from shared_apps.accounts.admin_login import RateLimitedLoginSite
from shared_apps.audit.admin import AuditEntryAdmin
from shared_apps.audit.models import AuditEntry


class CompanyAdminSite(RateLimitedLoginSite):
    site_header = "servai — company panel"
    site_title = "servai"
    index_title = "Company"

    def has_permission(self, request):
        # Platform operators only until company roles open the panel to directors and admins.
        user = request.user
        return user.is_active and user.is_superuser


company_admin_site = CompanyAdminSite(name="company_admin")
company_admin_site.register(AuditEntry, AuditEntryAdmin)
