"""Admin panels sign people in with the same accounts, argon2 hashes and lockout rules as the API."""

from django.contrib.admin import AdminSite
from django.template.response import TemplateResponse

from config.middleware import client_ip
from shared_apps.accounts.ratelimit import auth_limit, hit

LOCKED_OUT = "Too many sign-in attempts from your address. Try again in {minutes} minutes."


class RateLimitedLoginSite(AdminSite):
    """AdminSite whose login POSTs count against the per-address authentication limit."""

    def login(self, request, extra_context=None):
        if request.method == "POST":
            limit = auth_limit()
            decision = hit(limit, client_ip(request))
            if not decision.allowed:
                context = {
                    **self.each_context(request),
                    "title": "Log in",
                    "site_header": self.site_header,
                    "error_message": LOCKED_OUT.format(minutes=max(1, decision.retry_after // 60)),
                    "app_path": request.get_full_path(),
                }
                response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
                response["Retry-After"] = str(decision.retry_after)
                return response
        return super().login(request, extra_context)
