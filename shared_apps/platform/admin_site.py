"""The platform admin (public host) is for platform operators only."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from shared_apps.accounts.admin_login import RateLimitedLoginSite


def is_platform_operator(user) -> bool:
    return user.is_active and (user.is_superuser or bool(getattr(user, "platform_role", "")))


class PlatformLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not is_platform_operator(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class PlatformAdminSite(RateLimitedLoginSite):
    site_header = "servai — platform"
    site_title = "servai"
    login_form = PlatformLoginForm

    def has_permission(self, request):
        return is_platform_operator(request.user)
