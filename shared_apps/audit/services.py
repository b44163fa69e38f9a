from typing import Any

from django.db import models

from config.logging import request_id_var
from shared_apps.accounts.models import User
from shared_apps.audit.models import AuditEntry

# Values under these keys never reach the audit log.
REDACTED_FIELDS = {"password", "token", "secret", "token_hash"}


def _redact(changes: dict[str, Any]) -> dict[str, Any]:
    return {key: ("***" if key in REDACTED_FIELDS else value) for key, value in changes.items()}


def audit_actor(user_id: int | None) -> User | None:
    """The actor of an audit row for a user id, without querying the user: the row needs the id only."""
    return User(pk=user_id) if user_id else None


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Record one audited action in the current schema (public or the company's)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=_redact(changes or {}),
        ip=ip or None,
        request_id=request_id_var.get() if request_id_var.get() != "-" else "",
    )


def changes_apply(instance: models.Model, fields: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Sets `fields` on `instance`; returns what actually changed, as the audit log records it."""
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = {"from": str(old), "to": str(value)}
            setattr(instance, name, value)
    return changes
