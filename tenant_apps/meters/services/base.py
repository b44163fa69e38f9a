"""What every meters service shares."""

from config.api import ApiError


def invalid(code: str, message: str, field: str = "value") -> ApiError:
    """A refused input: 400 naming the API field and why (the project's `{field: [reason]}`)."""
    return ApiError(400, message, code=code, fields={field: [message]})
