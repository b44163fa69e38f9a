from config.errors import is_api_path
from config.middleware import client_ip
from shared_apps.accounts.ratelimit import RateLimited, api_limit, hit


class ApiRateLimitMiddleware:
    """API requests per client address per minute, counted across every process."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_path(request.path):
            limit = api_limit()
            decision = hit(limit, client_ip(request))
            if not decision.allowed:
                return RateLimited(limit, decision.retry_after).response()
        return self.get_response(request)
