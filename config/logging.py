"""Structured logging: one JSON object per line with request id, company schema and user id.

Context travels in contextvars set by config.middleware (requests) and tenants.jobs (jobs).
Values under secret-looking keys are masked, so a careless `extra=` never leaks a password.
"""

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
schema_var: contextvars.ContextVar[str] = contextvars.ContextVar("schema", default="-")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")

SECRET_KEY_PARTS = (
    "password",
    "token",
    "secret",
    "authorization",
    "cookie",
    "api_key",
    "email",
    "phone",
)
MASK = "***"


class ContextFilter(logging.Filter):
    """Adds request id, schema and user id to every record and masks secret-looking extras."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.schema = schema_var.get()
        record.user_id = user_id_var.get()
        for key in list(vars(record)):
            if any(part in key.lower() for part in SECRET_KEY_PARTS):
                setattr(record, key, MASK)
        return True


def build_logging(*, level: str, fmt: str) -> dict:
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(schema)s %(user_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if fmt == "json"
        else {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(schema)s %(user_id)s] %(message)s"
        }
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "config.logging.ContextFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["context"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's request logger prints request objects; our middleware logs requests itself.
            "django.request": {"level": "ERROR", "propagate": True},
            "django.server": {"level": "WARNING", "propagate": True},
            # run_huey adds its own handler unless "huey" already has one: one line per event.
            "huey": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "pgserver": {"level": "WARNING", "propagate": True},
        },
    }
