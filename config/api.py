"""The ninja APIs (public host and company hosts) and their shared error handlers."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from config.errors import STATUS_CODES, error_response

logger = logging.getLogger("servai.api")


class ApiError(Exception):
    """Raised by services and APIs for an expected failure with a stable code."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or STATUS_CODES.get(status, "error")
        self.fields = fields
        self.headers = headers or {}

    def response(self):
        return error_response(
            self.status, self.message, code=self.code, fields=self.fields, headers=self.headers
        )


def _field_name(loc) -> str:
    # ninja reports ("body", "payload", "name"); people need "name".
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form", "file", "payload")]
    return ".".join(parts) or "__all__"


def validation_fields(exc: NinjaValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(error.get("msg", "Invalid value."))
    return fields


def django_validation_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [m for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"__all__": exc.messages}


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError):
        return exc.response()

    @api.exception_handler(NinjaValidationError)
    def on_validation(request, exc: NinjaValidationError):
        return error_response(422, "Some fields are invalid.", fields=validation_fields(exc))

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request, exc: DjangoValidationError):
        return error_response(422, "Some fields are invalid.", fields=django_validation_fields(exc))

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return error_response(401, "Authentication required.")

    @api.exception_handler(PermissionDenied)
    def on_permission(request, exc):
        return error_response(403, str(exc) or "You do not have permission for this action.")

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(404, "Not found.")

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        return error_response(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        logger.exception("unhandled API error", extra={"path": request.path})
        return error_response(500, "Internal server error. Quote the request id when reporting it.")


def build_api(*, namespace: str, title: str) -> NinjaAPI:
    api = NinjaAPI(
        title=title,
        version="1",
        urls_namespace=namespace,
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(api)
    return api
