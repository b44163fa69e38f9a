"""One error shape for every API failure: {"error": {"code", "message", "fields"?}}."""

import logging

from django.http import JsonResponse

logger = logging.getLogger("servai.errors")

STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    402: "payment_required",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    fields: dict | None = None,
    headers: dict | None = None,
) -> JsonResponse:
    body = {"code": code or STATUS_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    response = JsonResponse({"error": body}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


def handler404(request, exception=None):
    if is_api_path(request.path):
        return error_response(404, "Not found.")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if is_api_path(request.path):
        return error_response(500, "Internal server error. Quote the request id when reporting it.")
    from django.views.defaults import server_error

    return server_error(request)
