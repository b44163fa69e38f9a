"""Request context: request id (echoed in X-Request-ID), company schema and user id for logs."""

import logging
import re
import time
import uuid
from http import HTTPStatus

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from config.errors import error_response, is_api_path
from config.logging import request_id_var, schema_var, user_id_var

logger = logging.getLogger("servai.request")
REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept only when it is short and harmless; otherwise we mint our own.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request) -> str:
    """The caller's address: the socket peer, or the address our trusted proxies saw."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUSTED_PROXY_COUNT and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    """Outermost middleware: sets the request id and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        tokens = [request_id_var.set(request_id), schema_var.set("-"), user_id_var.set("-")]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            tenant = getattr(request, "tenant", None)
            if tenant is not None:
                schema_var.set(tenant.schema_name)
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            for var, token in zip((request_id_var, schema_var, user_id_var), tokens, strict=True):
                var.reset(token)


class RequestUserContextMiddleware:
    """After authentication: puts the company schema and user id into the log context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            schema_var.set(tenant.schema_name)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(str(user.pk))
        return self.get_response(request)


class ApiErrorShapeMiddleware:
    """Every API failure leaves in one shape. Responses Django or ninja produce outside our
    handlers (405 from routing, 404 for an unknown host) are rewritten to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_api_path(request.path)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            message = HTTPStatus(response.status_code).phrase + "."
            shaped = error_response(response.status_code, message)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    shaped[header] = response[header]
            return shaped
        return response


class LivenessMiddleware:
    """`GET /health` answers before the tenant middleware: liveness touches no database,
    so it stays 200 while PostgreSQL is down (readiness is /ready's job)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/health" and request.method in ("GET", "HEAD"):
            response = JsonResponse({"status": "ok"})
            add_never_cache_headers(response)
            return response
        return self.get_response(request)
