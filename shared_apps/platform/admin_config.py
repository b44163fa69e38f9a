from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    """django.contrib.admin with the platform's own default site."""

    default_site = "shared_apps.platform.admin_site.PlatformAdminSite"
