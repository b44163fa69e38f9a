from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class ImportColumnOut(Schema):
    index: int = Field(description="0-based column number, as used in `mapping`")
    letter: str = Field(description="the spreadsheet's column letter")
    header: str
    field: str | None = Field(description="the detected field, or null")


class UnitImportOut(Schema):
    id: int
    condo_id: int
    file_name: str
    file_format: str
    status: str
    total: int
    done: int
    created: int
    updated: int
    failed: int
    percent: int
    errors_count: int
    failure: str
    mapping: dict[str, int] = Field(description="field → column index")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_errors_count(obj) -> int:
        count = getattr(obj, "errors_count", None)
        return count if count is not None else len(obj.errors)


class UnitImportDetailOut(UnitImportOut):
    detected_columns: list[ImportColumnOut]
    preview: list[list[str]] = Field(description="the first data rows, while the file waits for a mapping")

    @staticmethod
    def resolve_preview(obj) -> list[list[str]]:
        return getattr(obj, "preview", [])


class UnitImportPageOut(Schema):
    items: list[UnitImportOut]
    next_cursor: str | None


class ImportConfirmIn(Schema):
    mapping: dict[str, Any] = Field(
        description="field → column index (building, entrance, number, floor, area, type); "
        "building, number and area are required"
    )
