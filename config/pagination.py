"""Cursor pagination for list endpoints: `?cursor=<opaque>&limit=<n>` → items + next_cursor.

Keyset on the primary key (stable under inserts, no OFFSET scans)."""

import base64
import binascii

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from config.api import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageParams(Schema):
    cursor: str | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _decode(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(422, "Some fields are invalid.", fields={"cursor": ["Invalid cursor."]}) from exc


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode()


def paginate(queryset: QuerySet, page: PageParams) -> dict:
    """One page of `queryset` in ascending primary-key order."""
    queryset = queryset.order_by("pk")
    if page.cursor:
        queryset = queryset.filter(pk__gt=_decode(page.cursor))
    rows = list(queryset[: page.limit + 1])
    has_more = len(rows) > page.limit
    rows = rows[: page.limit]
    return {"items": rows, "next_cursor": _encode(rows[-1].pk) if has_more else None}
