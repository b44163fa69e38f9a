"""Blocked-company guard (SPEC §1): a blocked company's API answers 402 except the parts a
company needs to settle its debt — sign-in, its profile and its platform invoices."""

from config.errors import error_response, is_api_path

# API paths a blocked company keeps. Prefixes end in "/" or are whole paths.
BLOCKED_ALLOWED_API_PATHS = (
    "/api/v1/auth/",
    "/api/v1/me",
    "/api/v1/company",
    "/api/v1/platform-invoices",
    "/api/docs",
    "/api/openapi.json",
)


def api_path_allowed_when_blocked(path: str) -> bool:
    return any(
        path == allowed or path.startswith(allowed.rstrip("/") + "/") for allowed in BLOCKED_ALLOWED_API_PATHS
    )


class BlockedCompanyMiddleware:
    """Runs right after the tenant middleware. Pages outside the API are let through with
    `request.company_blocked` set: the panel reads it to show only profile and invoices."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        blocked = bool(getattr(tenant, "is_blocked", False))
        request.company_blocked = blocked
        if blocked and is_api_path(request.path) and not api_path_allowed_when_blocked(request.path):
            return error_response(
                402,
                "This company is blocked because of an unpaid platform invoice. "
                "Settle the invoice to restore access.",
                code="company_blocked",
            )
        return self.get_response(request)
