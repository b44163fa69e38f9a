"""manage.py import_units <company_slug> <condo_id> <file> [--mapping JSON]

The panel's import, synchronously: the same upload checks, detected (or given) mapping and job
code, in the company's schema, with a progress bar; prints the counters and the first errors."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from config.api import ApiError
from tenant_apps.condos.imports.services import (
    import_file_size_check,
    unit_import_confirm,
    unit_import_create,
    unit_import_run,
)
from tenant_apps.condos.models import Condo, JobStatus
from tenants.models import Company
from tenants.schemas import in_schema

ERRORS_SHOWN = 20


def _problem(exc: ApiError) -> str:
    details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in (exc.fields or {}).items())
    return f"{exc.message} ({details})" if details and details != f"file: {exc.message}" else exc.message


class Command(BaseCommand):
    help = "Import units of a condo from an XLSX, XLS or CSV file (updates existing units)."

    def add_arguments(self, parser):
        parser.add_argument("company_slug", help="the company's slug (its schema name)")
        parser.add_argument("condo_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping",
            help='JSON {field: column index}, e.g. \'{"building": 0, "number": 2, "area": 4}\'; '
            "default: the columns detected from the header",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, company_slug: str, condo_id: int, file: Path, **options):
        mapping = None
        if options["mapping"]:
            try:
                mapping = json.loads(options["mapping"])
            except json.JSONDecodeError as exc:
                raise CommandError(f"--mapping is not JSON: {exc}") from exc
            if not isinstance(mapping, dict):
                raise CommandError('--mapping must be a JSON object such as {"building": 0}')
        company = Company.objects.operating().filter(schema_name=company_slug).first()
        if company is None:
            raise CommandError(f"No company {company_slug!r}")
        if not file.is_file():
            raise CommandError(f"No file {file}")
        with in_schema(company.schema_name):
            condo = Condo.objects.filter(pk=condo_id).first()
            if condo is None:
                raise CommandError(f"No condo {condo_id} in company {company_slug}")
            unit_import = self._import(condo, file, mapping, progress=not options["no_progress"])
        self.stdout.write(
            f"import {unit_import.pk}: {unit_import.status}; rows {unit_import.total}, "
            f"created {unit_import.created}, updated {unit_import.updated}, failed {unit_import.failed}"
        )
        for error in unit_import.errors[:ERRORS_SHOWN]:
            self.stdout.write(
                f"  row {error['row']}, {error['column'] or '-'} = {error['value']!r}: {error['reason']}"
            )
        if len(unit_import.errors) > ERRORS_SHOWN:
            self.stdout.write(f"  … {len(unit_import.errors) - ERRORS_SHOWN} more errors")
        if unit_import.status == JobStatus.FAILED:
            raise CommandError(unit_import.failure)

    def _import(self, condo: Condo, file: Path, mapping: dict | None, *, progress: bool):
        try:
            import_file_size_check(file.stat().st_size)
            unit_import = unit_import_create(condo=condo, file_name=file.name, content=file.read_bytes())
            columns = ", ".join(
                f"{column['letter']} {column['header']!r} → {column['field'] or '-'}"
                for column in unit_import.detected_columns
            )
            self.stdout.write(f"columns: {columns}")
            unit_import = unit_import_confirm(
                unit_import=unit_import, mapping=mapping or unit_import.mapping, enqueue=False
            )
        except ApiError as exc:
            raise CommandError(_problem(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        with tqdm(total=0, unit="row", desc="import", file=self.stderr._out, disable=not progress) as bar:

            def advance(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            return unit_import_run(unit_import_id=unit_import.pk, progress=advance)
