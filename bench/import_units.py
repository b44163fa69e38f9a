"""Unit import speed: a generated N-row XLSX imported through the real service and job code,
against openpyxl's bare read-only parse of the same file, measured in the same run.

Runs against a throwaway database on the configured server (DATABASE_URL, or the embedded
one) and drops it afterwards. Usage: python bench/import_units.py [--rows N] [--repeat R]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import server_url, throwaway_database  # noqa: E402

TARGET_RATIO = 3.0
HEADER = ["Корпус", "Подъезд", "№ квартиры", "Этаж", "Площадь, м²", "Тип"]


def unit_list(rows: int, *, revision: int = 0) -> bytes:
    """Five buildings, four entrances each, mostly flats; shops and parking without an entrance,
    storage rooms of a type the condo does not have yet; areas with decimal commas (text) or
    numbers. `revision` > 0 changes every area and some types, for a re-import."""
    from openpyxl import Workbook

    workbook = Workbook()  # not write-only: like Excel, it records the sheet's dimension
    sheet = workbook.active
    sheet.append(HEADER)
    kinds = ["жилое"] * 7 + ["коммерческое", "парковка", "Склад"]
    for index in range(rows):
        kind = kinds[index % len(kinds)]
        entrance = None if kind in ("коммерческое", "парковка") else str(index % 4 + 1)
        if revision and index % 50 == 0:
            kind = "нежилое"
        area = 30 + index % 90 + (index % 10) / 10 + revision
        sheet.append(
            [
                f"Корпус {index % 5 + 1}",
                entrance,
                str(index + 1),
                index % 16 + 1,
                f"{area:.1f}".replace(".", ",") if index % 2 else area,
                kind,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bare_parse(content: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement (median)")
    args = parser.parse_args()
    with (
        throwaway_database(server_url(), prefix="servai_bench") as url,
        tempfile.TemporaryDirectory(prefix="servai_bench_media_") as media,
    ):
        os.environ["DATABASE_URL"] = url
        os.environ["MEDIA_ROOT"] = media
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        try:
            run(args.rows, args.repeat)
        finally:
            from django.db import connections

            connections.close_all()


def import_once(schema: str, condo, content: bytes) -> tuple[float, float, object]:
    """Upload, confirm the detected mapping and run the job as the worker does (its Huey task,
    in the company's schema). → (seconds to upload, seconds for all of it, the finished import)."""
    from tenant_apps.condos.imports.services import unit_import_confirm, unit_import_create
    from tenant_apps.condos.imports.tasks import unit_import_job
    from tenant_apps.condos.models import UnitImport
    from tenants.schemas import in_schema

    started = time.perf_counter()
    with in_schema(schema):
        unit_import = unit_import_create(condo=condo, file_name="units.xlsx", content=content)
        uploaded = time.perf_counter() - started
        unit_import_confirm(unit_import=unit_import, mapping=unit_import.mapping, enqueue=False)
    unit_import_job.call_local(schema, unit_import.pk)
    seconds = time.perf_counter() - started
    with in_schema(schema):
        return uploaded, seconds, UnitImport.objects.get(pk=unit_import.pk)


def run(rows: int, repeat: int) -> None:
    import django

    django.setup()
    from tenant_apps.condos.services import condo_create
    from tenants.migrate import migrate_all
    from tenants.schemas import in_schema
    from tenants.services import company_create

    migrate_all(verbosity=0)
    company = company_create(name="Bench", slug="bench").company
    first, second = unit_list(rows), unit_list(rows, revision=1)
    print(f"rows                     : {rows} ({len(first) / 1024:.0f} KB XLSX)")

    parse_times, uploads, imports, reimports = [], [], [], []
    for attempt in range(repeat):  # interleaved: parse and import under the same conditions
        seconds, parsed = timed(bare_parse, first)
        assert parsed == rows + 1, parsed
        parse_times.append(seconds)
        with in_schema(company.schema_name):
            condo = condo_create(name=f"Bench {attempt}")
        uploaded, seconds, created = import_once(company.schema_name, condo, first)
        assert (created.status, created.created, created.failed) == ("done", rows, 0), created.errors[:3]
        uploads.append(uploaded)
        imports.append(seconds)
        _, seconds, updated = import_once(company.schema_name, condo, second)
        assert (updated.status, updated.updated, updated.failed) == ("done", rows, 0), updated.errors[:3]
        reimports.append(seconds)
    parse = statistics.median(parse_times)
    first_import, reimport = statistics.median(imports), statistics.median(reimports)
    ratio = first_import / parse
    print(f"bare openpyxl parse      : {parse:.3f} s  {rows / parse:>8.0f} rows/s (median of {repeat})")
    print(
        f"import (creates)         : {first_import:.3f} s  {rows / first_import:>8.0f} rows/s"
        f"  ratio {ratio:.2f}x  (upload step {statistics.median(uploads):.3f} s)"
    )
    print(
        f"re-import (updates)      : {reimport:.3f} s  {rows / reimport:>8.0f} rows/s"
        f"  ratio {reimport / parse:.2f}x"
    )
    met = ratio <= TARGET_RATIO and reimport / parse <= TARGET_RATIO
    print(f"{f'target (<= {TARGET_RATIO:g}x)':<25}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
