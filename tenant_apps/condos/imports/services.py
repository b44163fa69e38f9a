"""Import of units from a spreadsheet: upload (`unit_import_create`), mapping
(`unit_import_confirm`) and the job body (`unit_import_run`).

The job reads every row first (exact total, row limit), then writes in batches of
`BATCH_SIZE` rows, one transaction each, the counters committed with the batch so progress is
visible. The condo's buildings, entrances, types and units are loaded once into dicts; each
batch creates the buildings, entrances and types it lacks (bulk_create), inserts its new units
and updates its changed ones with one statement each (unchanged units are not written).

A bad row becomes entries {row, column, value, reason} and never stops the rest; a unit twice
in the file (same building and number) is imported once and the later row reports "Duplicate
of row N". Re-import matches existing units by (building, entrance, number).
Counters: `created` new units, `updated` rows that matched an existing unit (written only when
something changed), `failed` rows with errors; `done` = their sum. The uploaded file is
deleted when the job ends, however it ends, and the import is audited once with its counters.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import User
from shared_apps.audit.services import audit_record
from tenant_apps.condos.imports import rows as cells
from tenant_apps.condos.imports.columns import (
    FIELDS,
    REQUIRED_FIELDS,
    TYPE_SYNONYMS,
    cell_text,
    type_code_for,
    type_normalize,
)
from tenant_apps.condos.imports.parsing import (
    ImportFileError,
    file_format_detect,
    preview_rows,
    rows_over_limit,
    sheet_open,
)
from tenant_apps.condos.models import (
    ENTRANCE_OPTIONAL_TYPES,
    Building,
    Condo,
    Entrance,
    JobStatus,
    Unit,
    UnitImport,
    UnitType,
    UnitTypeCode,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
FIELD_LABELS = {
    "building": "building",
    "entrance": "entrance",
    "number": "unit number",
    "floor": "floor",
    "area": "area",
    "type": "unit type",
}
ENTRANCE_OPTIONAL_CODES = frozenset(str(code) for code in ENTRANCE_OPTIONAL_TYPES)
DEFAULT_TYPE = str(UnitTypeCode.RESIDENTIAL)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _file_error(status: int, message: str, code: str) -> ApiError:
    return ApiError(status, message, code=code, fields={"file": [message]})


def import_file_size_check(size: int) -> None:
    """Before reading an upload: empty or over IMPORT_MAX_BYTES → 422 naming the limit."""
    if size <= 0:
        raise _file_error(422, "The file is empty.", "file_empty")
    if size > settings.IMPORT_MAX_BYTES:
        raise _file_error(
            422,
            f"The file is {_megabytes(size)} MB; at most {_megabytes(settings.IMPORT_MAX_BYTES)} MB "
            "can be imported at once.",
            "file_too_large",
        )


def _storage_name(condo: Condo, file_format: str) -> str:
    # Under the field's "imports/": company / condo / date / a random name.
    day = timezone.now().strftime("%Y/%m/%d")
    return f"{connection.schema_name}/condo-{condo.pk}/{day}/{uuid.uuid4().hex[:16]}.{file_format}"


def unit_import_create(*, condo: Condo, file_name: str, content: bytes, actor=None, ip=None) -> UnitImport:
    """Store an uploaded file, detect its header and propose a mapping (status pending).
    The returned import carries `preview`: the first data rows as text."""
    import_file_size_check(len(content))
    limit = settings.IMPORT_MAX_ROWS
    try:
        file_format = file_format_detect(content, file_name)
        sheet = sheet_open(content, file_format)
        preview = preview_rows(sheet)
        if rows_over_limit(content, file_format, limit=limit):
            raise ImportFileError(
                f"The file has more than {limit} rows; split it into files of at most {limit} rows.",
                code="too_many_rows",
            )
    except ImportFileError as exc:
        raise _file_error(422, exc.message, exc.code) from exc
    header = sheet.header
    if not header.columns:
        raise _file_error(422, "The file has no rows.", "file_empty")
    if not preview:
        raise _file_error(422, "The file has no rows below its header.", "file_empty")
    unit_import = UnitImport(
        condo=condo,
        created_by_id=getattr(actor, "pk", None),
        file_name=file_name[-255:],
        file_format=file_format,
        detected_columns=header.columns,
        mapping=header.mapping,
    )
    unit_import.file.save(_storage_name(condo, file_format), ContentFile(content), save=False)
    try:
        with transaction.atomic():
            unit_import.save()
            audit_record(
                actor=actor,
                action="unit_import.create",
                target=unit_import,
                changes={"file_name": unit_import.file_name, "format": file_format},
                ip=ip,
            )
    except Exception:
        unit_import.file.storage.delete(unit_import.file.name)
        raise
    unit_import.preview = preview
    return unit_import


def unit_import_preview(unit_import: UnitImport) -> list[list[str]]:
    """The first data rows of a still-stored file ([] once it is gone)."""
    if not unit_import.file:
        return []
    try:
        with unit_import.file.open("rb") as stored:
            content = stored.read()
        return preview_rows(sheet_open(content, unit_import.file_format))
    except (OSError, ImportFileError):
        return []


def mapping_validate(mapping: dict, columns: list[dict]) -> dict[str, int]:
    """{field: column index} → the same, checked; 422 naming each bad field as mapping.<field>."""
    width = len(columns)
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    used: dict[int, str] = {}
    for field, index in mapping.items():
        key = f"mapping.{field}"
        if field not in FIELDS:
            errors[key] = [f"Unknown field; the fields are {', '.join(FIELDS)}."]
        elif index is None:
            continue
        elif isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < width:
            errors[key] = [f"No column {index} in the file; its columns are numbered 0 to {width - 1}."]
        elif index in used:
            errors[key] = [f"Column {index} is already mapped to {used[index]}."]
        else:
            used[index] = field
            clean[field] = index
    for field in REQUIRED_FIELDS:
        if field not in clean and f"mapping.{field}" not in errors:
            errors[f"mapping.{field}"] = [
                f"Required: choose the column that holds the {FIELD_LABELS[field]}."
            ]
    if errors:
        raise ApiError(422, "The column mapping is incomplete or invalid.", fields=errors)
    return {field: clean[field] for field in FIELDS if field in clean}


def unit_import_confirm(
    *, unit_import: UnitImport, mapping: dict, actor=None, ip=None, enqueue: bool = True
) -> UnitImport:
    """Accept the mapping and queue the job (after commit). `enqueue=False`: the caller runs
    `unit_import_run` itself (the management command)."""
    if unit_import.status != JobStatus.PENDING:
        raise ApiError(
            409,
            f"This import is {unit_import.status} already; upload the file again to import it anew.",
            code="import_not_pending",
        )
    clean = mapping_validate(mapping, unit_import.detected_columns)
    with transaction.atomic():
        claimed = UnitImport.objects.filter(pk=unit_import.pk, status=JobStatus.PENDING).update(
            mapping=clean, status=JobStatus.QUEUED, updated_at=timezone.now()
        )
        if not claimed:
            raise ApiError(409, "This import was confirmed meanwhile.", code="import_not_pending")
        audit_record(
            actor=actor, action="unit_import.confirm", target=unit_import, changes={"mapping": clean}, ip=ip
        )
        if enqueue:
            from tenant_apps.condos.imports.tasks import unit_import_job

            transaction.on_commit(partial(unit_import_job, connection.schema_name, unit_import.pk))
    unit_import.refresh_from_db()
    return unit_import


# --- the job ------------------------------------------------------------------------------------


class ImportFailure(Exception):
    """The whole import cannot go on; the message is shown as the import's failure."""


@dataclass(eq=False)
class _Type:
    pk: int | None
    code: str
    name: str


class _Importer:
    """One run over one file. State lives in dicts keyed the way rows name things."""

    def __init__(self, unit_import: UnitImport, progress: Callable[[int, int], None] | None):
        self.unit_import = unit_import
        self.condo_id = unit_import.condo_id
        self.progress = progress
        self.mapping: dict[str, int] = unit_import.mapping
        headers = {column["index"]: column["header"] for column in unit_import.detected_columns}
        self.columns = {
            field: headers.get(self.mapping.get(field), "") or field for field in FIELDS
        }  # the report names columns as the file does
        self.errors: list[dict] = []
        self.seen: dict[tuple[str, str], int] = {}  # (building, number) → first row
        self.total = self.done = self.created = self.updated = self.failed = 0

    # -- state of the condo --

    def load(self) -> None:
        condo_id = self.condo_id
        self.buildings: dict[str, int] = dict(
            Building.objects.filter(condo_id=condo_id).values_list("name", "pk")
        )
        self.entrances: dict[tuple[int, str], int] = {}
        self.entrance_names: dict[int, str] = {}
        for pk, building_id, name in Entrance.objects.filter(building__condo_id=condo_id).values_list(
            "pk", "building_id", "name"
        ):
            self.entrances[(building_id, name)] = pk
            self.entrance_names[pk] = name
        self.types: dict[str, _Type] = {}  # normalised code, name or synonym → type
        self.types_by_code: dict[str, _Type] = {}
        for pk, code, name in UnitType.objects.filter(condo_id=condo_id).values_list("pk", "code", "name"):
            unit_type = _Type(pk, code, name)
            self.types_by_code[code] = unit_type
            self.types.setdefault(type_normalize(code), unit_type)
            self.types.setdefault(type_normalize(name), unit_type)
        self.units: dict[tuple[int, str], list] = {
            (building_id, number): [pk, entrance_id, unit_type_id, floor, area]
            for pk, building_id, number, entrance_id, unit_type_id, floor, area in Unit.objects.filter(
                building__condo_id=condo_id
            ).values_list("pk", "building_id", "number", "entrance_id", "unit_type_id", "floor", "area")
        }

    def unit_type(self, text: str) -> _Type:
        key = type_normalize(text)
        found = self.types.get(key)
        if found is None:
            code = TYPE_SYNONYMS.get(key)
            if code is not None:
                name = UnitTypeCode(code).label
            else:
                if len(text) > cells.TYPE_NAME_MAX:
                    raise cells.RowError(f"The unit type is at most {cells.TYPE_NAME_MAX} characters.")
                code, name = type_code_for(text), text
            found = self.types_by_code.get(code)
            if found is None:
                found = self.types_by_code[code] = _Type(None, code, name)
            self.types[key] = found
        return found

    # -- one row --

    def _error(self, row: int, field: str, value, reason: str) -> None:
        self.errors.append(
            {"row": row, "column": self.columns[field], "value": cell_text(value), "reason": reason}
        )

    def parse(self, row: int, values: list, seen: dict) -> tuple | None:
        """Valid row → (row, building, entrance, number, floor, area, type); else None with
        its errors recorded."""
        width = len(values)
        raw = {field: values[index] if index < width else None for field, index in self.mapping.items()}
        get = raw.get
        failed = False
        parsed = {}
        for field, parse in cells.PARSERS:
            try:
                parsed[field] = parse(get(field))
            except cells.RowError as exc:
                self._error(row, field, get(field), str(exc))
                failed = True
        type_text = cell_text(get("type"))
        try:
            unit_type = self.unit_type(type_text) if type_text else self.default_type()
        except cells.RowError as exc:
            self._error(row, "type", type_text, str(exc))
            return None
        if failed:
            return None
        building, entrance, number = parsed["building"], parsed["entrance"], parsed["number"]
        if entrance is None and unit_type.code not in ENTRANCE_OPTIONAL_CODES:
            reason = cells.ENTRANCE_NEEDED.format(type_name=unit_type.name.lower())
            self._error(row, "entrance", "", reason)
            return None
        key = (building, number)
        first = self.seen.get(key) or seen.get(key)
        if first is not None:
            reason = f"Duplicate of row {first}: unit {number} in building {building} is already in the file."
            self._error(row, "number", number, reason)
            return None
        building_id = self.buildings.get(building)
        existing = self.units.get((building_id, number)) if building_id is not None else None
        if existing is not None and self.entrance_names.get(existing[1]) != entrance:
            where = self.entrance_names.get(existing[1])
            reason = cells.UNIT_EXISTS.format(number=number, building=building)[:-1] + (
                f" in entrance {where}." if where else " without an entrance."
            )
            self._error(row, "entrance", entrance or "", reason)
            return None
        seen[key] = row
        return (row, building, entrance, number, parsed["floor"], parsed["area"], unit_type)

    def default_type(self) -> _Type:
        found = self.types_by_code.get(DEFAULT_TYPE)
        if found is None:
            found = _Type(None, DEFAULT_TYPE, UnitTypeCode.RESIDENTIAL.label)
            self.types_by_code[DEFAULT_TYPE] = found
        return found

    # -- one batch --

    def write_batch(self, batch: list) -> None:
        """Parse and write `batch` in one transaction, counters included; on a conflict with a
        concurrent change the batch is redone row by row so only the conflicting rows fail."""
        errors_before = len(self.errors)
        seen: dict[tuple[str, str], int] = {}
        try:
            with transaction.atomic():
                _no_commit_wait()
                created, updated = self._write([self.parse(row, values, seen) for row, values in batch])
                failed = len({error["row"] for error in self.errors[errors_before:]})
                self._count(len(batch), created, updated, failed)
        except IntegrityError:
            del self.errors[errors_before:]
            self.load()
            if len(batch) == 1:
                row = batch[0][0]
                reason = "Conflicts with a change made at the same time; import the file again."
                self.errors.append({"row": row, "column": "", "value": "", "reason": reason})
                self._count(1, 0, 0, 1)
                return
            for row in batch:
                self.write_batch([row])
            return
        except BaseException:
            del self.errors[errors_before:]
            raise
        self.seen.update(seen)

    def _count(self, done: int, created: int, updated: int, failed: int) -> None:
        self.done += done
        self.created += created
        self.updated += updated
        self.failed += failed
        UnitImport.objects.filter(pk=self.unit_import.pk).update(
            done=self.done, created=self.created, updated=self.updated, failed=self.failed
        )

    def _write(self, parsed: list) -> tuple[int, int]:
        accepted = [row for row in parsed if row is not None]
        new_types = list(dict.fromkeys(row[6] for row in accepted if row[6].pk is None))
        if new_types:
            made = UnitType.objects.bulk_create(
                UnitType(condo_id=self.condo_id, code=t.code, name=t.name) for t in new_types
            )
            for unit_type, row in zip(new_types, made, strict=True):
                unit_type.pk = row.pk
        new_buildings = sorted({row[1] for row in accepted if row[1] not in self.buildings})
        if new_buildings:
            made = Building.objects.bulk_create(
                Building(condo_id=self.condo_id, name=name) for name in new_buildings
            )
            self.buildings.update((building.name, building.pk) for building in made)
        buildings = self.buildings
        new_entrances = sorted(
            {(buildings[row[1]], row[2]) for row in accepted if row[2] is not None} - self.entrances.keys()
        )
        if new_entrances:
            made = Entrance.objects.bulk_create(Entrance(building_id=b, name=n) for b, n in new_entrances)
            for entrance in made:
                self.entrances[(entrance.building_id, entrance.name)] = entrance.pk
                self.entrance_names[entrance.pk] = entrance.name
        to_create, to_update = [], []
        entrances, units = self.entrances, self.units
        for _row, building, entrance, number, floor, area, unit_type in accepted:
            building_id = buildings[building]
            entrance_id = entrances[(building_id, entrance)] if entrance is not None else None
            existing = units.get((building_id, number))
            if existing is None:
                to_create.append((building_id, entrance_id, unit_type.pk, number, floor, area))
            elif (existing[2], existing[3], existing[4]) != (unit_type.pk, floor, area):
                to_update.append((existing[0], unit_type.pk, floor, area))
                existing[2:] = [unit_type.pk, floor, area]
        now = timezone.now()
        if to_create:  # never looked up again in this run: a unit is once in a file (`seen`)
            _units_insert(to_create, now)
        if to_update:
            _units_update(to_update, now)
        return len(to_create), len(accepted) - len(to_create)

    # -- the run --

    def read(self) -> list:
        name = self.unit_import.file.name
        if not name:
            raise ImportFailure("The uploaded file is no longer stored; upload it again.")
        try:
            with self.unit_import.file.open("rb") as stored:
                content = stored.read()
        except OSError as exc:
            raise ImportFailure("The uploaded file is no longer stored; upload it again.") from exc
        limit = settings.IMPORT_MAX_ROWS
        try:
            rows = []
            for row in sheet_open(content, self.unit_import.file_format).data_rows:
                rows.append(row)
                if len(rows) > limit:
                    raise ImportFailure(
                        f"The file has more than {limit} rows; split it into files of at most {limit} rows."
                    )
        except ImportFileError as exc:
            raise ImportFailure(exc.message) from exc
        return rows

    def run(self) -> None:
        rows = self.read()
        self.total = len(rows)
        UnitImport.objects.filter(pk=self.unit_import.pk).update(total=self.total)
        self.load()
        for start in range(0, len(rows), BATCH_SIZE):
            self.write_batch(rows[start : start + BATCH_SIZE])
            if self.progress is not None:
                self.progress(self.done, self.total)


# Units are written with one statement per batch over arrays (unnest): the rows are already
# validated, and Django's bulk_create/bulk_update spend most of an import's time building SQL.
_UNIT_TABLE = connection.ops.quote_name(Unit._meta.db_table)
_INSERT = f"""
    INSERT INTO {_UNIT_TABLE}
        (created_at, updated_at, building_id, entrance_id, unit_type_id, number, floor, area)
    SELECT %s, %s, v.* FROM unnest(
        %s::bigint[], %s::bigint[], %s::bigint[], %s::varchar[], %s::smallint[], %s::numeric[]
    ) AS v(building_id, entrance_id, unit_type_id, number, floor, area)
"""  # noqa: S608 - a model's table name, quoted
_UPDATE = f"""
    UPDATE {_UNIT_TABLE} AS u
    SET unit_type_id = v.unit_type_id, floor = v.floor, area = v.area, updated_at = %s
    FROM unnest(%s::bigint[], %s::bigint[], %s::smallint[], %s::numeric[]) AS v(id, unit_type_id, floor, area)
    WHERE u.id = v.id
"""  # noqa: S608 - a model's table name, quoted


def _no_commit_wait() -> None:
    """This transaction's commit does not wait for the disk: a batch lost in a server crash is
    written again by importing the file again (the job is idempotent), and ~50 commits per
    10,000 rows stop costing a flush each."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _units_insert(rows: list[tuple], now) -> None:
    """rows of (building_id, entrance_id, unit_type_id, number, floor, area)."""
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [now, now, *(list(column) for column in zip(*rows, strict=True))])


def _units_update(rows: list[tuple], now) -> None:
    """rows of (id, unit_type_id, floor, area)."""
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE, [now, *(list(column) for column in zip(*rows, strict=True))])


_TRANSIENT = (OperationalError, InterfaceError)


def unit_import_run(
    *, unit_import_id: int, progress: Callable[[int, int], None] | None = None, retries_left: int = 0
) -> UnitImport | None:
    """The job: a queued import → running → done or failed. Idempotent: an import that is not
    queued (already run, or running elsewhere) is left alone. A lost database connection with
    retries left puts it back in the queue (file kept) and re-raises for the retry."""
    claimed = UnitImport.objects.filter(pk=unit_import_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        total=0,
        done=0,
        created=0,
        updated=0,
        failed=0,
        errors=[],
        failure="",
    )
    unit_import = UnitImport.objects.filter(pk=unit_import_id).first()
    if not claimed or unit_import is None:
        logger.info("unit import not queued; skipped", extra={"unit_import": unit_import_id})
        return unit_import
    importer = _Importer(unit_import, progress)
    status, failure, keep_file = JobStatus.DONE, "", False
    try:
        importer.run()
    except ImportFailure as exc:
        status, failure = JobStatus.FAILED, str(exc)
    except _TRANSIENT:
        if retries_left > 0:
            keep_file = True
            UnitImport.objects.filter(pk=unit_import_id).update(status=JobStatus.QUEUED)
            raise
        logger.exception("unit import lost the database", extra={"unit_import": unit_import_id})
        status, failure = JobStatus.FAILED, "The database was unavailable; upload the file again."
    except Exception:
        logger.exception("unit import failed", extra={"unit_import": unit_import_id})
        status, failure = JobStatus.FAILED, "Unexpected error; quote the import id when reporting it."
    finally:
        if not keep_file:
            _file_discard(unit_import)
    return _finish(unit_import, importer, status=status, failure=failure)


def _file_discard(unit_import: UnitImport) -> None:
    name = unit_import.file.name
    if name:
        try:
            unit_import.file.storage.delete(name)
        except OSError:
            logger.exception("unit import file not deleted", extra={"unit_import": unit_import.pk})
    unit_import.file = ""
    UnitImport.objects.filter(pk=unit_import.pk).update(file="")


def _finish(unit_import: UnitImport, importer: _Importer, *, status: str, failure: str) -> UnitImport:
    unit_import.status = status
    unit_import.failure = failure[:500]
    unit_import.finished_at = timezone.now()
    unit_import.errors = importer.errors
    unit_import.total, unit_import.done = importer.total, importer.done
    unit_import.created, unit_import.updated, unit_import.failed = (
        importer.created,
        importer.updated,
        importer.failed,
    )
    with transaction.atomic():
        unit_import.save(
            update_fields=[
                "status",
                "failure",
                "finished_at",
                "errors",
                "total",
                "done",
                "created",
                "updated",
                "failed",
                "updated_at",
            ]
        )
        audit_record(
            actor=User.objects.filter(pk=unit_import.created_by_id).first(),
            action="unit_import.run",
            target=unit_import,
            changes={
                "status": status,
                "total": importer.total,
                "created": importer.created,
                "updated": importer.updated,
                "failed": importer.failed,
                **({"failure": failure} if failure else {}),
            },
        )
    return unit_import
