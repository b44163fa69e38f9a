"""Liveness, readiness and integration health; served on the public host and every company host."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from shared_apps.core import health


@never_cache
@require_GET
def health_live(request):
    """Liveness: the process answers. Touches no dependency."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def health_ready(request):
    ready, checks = health.readiness()
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503
    )


@never_cache
@require_GET
def health_integrations(request):
    return JsonResponse({"integrations": health.integrations()})
