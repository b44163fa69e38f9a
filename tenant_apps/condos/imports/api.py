"""Unit import API: upload → detected mapping and preview → confirm → job status → error report.

Director or the condo's admin upload and confirm; the accountant reads; staff and residents get
403; ids of other companies do not exist here (404)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Status, UploadedFile

from config.middleware import client_ip
from config.pagination import PageParams, paginate
from shared_apps.accounts.auth import jwt_auth
from tenant_apps.condos.imports import report, schemas, selectors
from tenant_apps.condos.imports.services import (
    import_file_size_check,
    unit_import_confirm,
    unit_import_create,
    unit_import_preview,
)
from tenant_apps.condos.models import Condo, JobStatus, UnitImport
from tenant_apps.condos.permissions import readable_condo_ids, require_condo_read, require_condo_write

router = Router(auth=jwt_auth, tags=["unit imports"])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import(request, import_id: int, *, write: bool = False) -> UnitImport:
    readable_condo_ids(request)  # staff and residents: 403 before anything is looked up
    unit_import = get_object_or_404(selectors.unit_import_list(), pk=import_id)
    (require_condo_write if write else require_condo_read)(request, unit_import.condo_id)
    return unit_import


@router.post("/imports", response={201: schemas.UnitImportDetailOut}, summary="Upload a unit list")
def imports_upload(request, condo_id: Form[int], file: File[UploadedFile]):
    """XLSX, XLS or CSV (comma or semicolon; UTF-8 or Windows-1251). Answers the detected
    columns, the proposed mapping and the first rows; nothing is imported before `confirm`."""
    readable_condo_ids(request)
    condo = get_object_or_404(Condo.objects.all(), pk=condo_id)
    require_condo_write(request, condo.pk)
    import_file_size_check(file.size)
    unit_import = unit_import_create(
        condo=condo,
        file_name=file.name or "upload",
        content=file.read(),
        actor=request.auth.user,
        ip=client_ip(request),
    )
    return Status(201, unit_import)


@router.get("/imports", response=schemas.UnitImportPageOut, summary="Imports, oldest first")
def imports_list(request, page: Query[PageParams], condo: int | None = None, status: JobStatus | None = None):
    readable = readable_condo_ids(request)
    if condo is not None:
        require_condo_read(request, condo)
    return paginate(selectors.unit_import_list(condo_ids=readable, condo_id=condo, status=status), page)


@router.get("/imports/{import_id}", response=schemas.UnitImportDetailOut, summary="Status and progress")
def imports_get(request, import_id: int):
    unit_import = _import(request, import_id)
    if unit_import.status == JobStatus.PENDING:
        unit_import.preview = unit_import_preview(unit_import)
    return unit_import


@router.post(
    "/imports/{import_id}/confirm",
    response={202: schemas.UnitImportDetailOut},
    summary="Confirm the column mapping and start the import",
)
def imports_confirm(request, import_id: int, payload: schemas.ImportConfirmIn):
    unit_import = _import(request, import_id, write=True)
    unit_import = unit_import_confirm(
        unit_import=unit_import, mapping=payload.mapping, actor=request.auth.user, ip=client_ip(request)
    )
    return Status(202, unit_import)


def _report(request, import_id: int) -> UnitImport:
    _import(request, import_id)
    return UnitImport.objects.only("pk", "errors").get(pk=import_id)


@router.get("/imports/{import_id}/errors.csv", summary="Error report (CSV)")
def imports_errors_csv(request, import_id: int):
    unit_import = _report(request, import_id)
    response = HttpResponse(report.errors_csv(unit_import.errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{unit_import.pk}-errors.csv"'
    return response


@router.get("/imports/{import_id}/errors.xlsx", summary="Error report (XLSX)")
def imports_errors_xlsx(request, import_id: int):
    unit_import = _report(request, import_id)
    response = HttpResponse(report.errors_xlsx(unit_import.errors), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-{unit_import.pk}-errors.xlsx"'
    return response
