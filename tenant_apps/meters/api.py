"""Company API of meters (company host, /api/v1): meter types, meters, readings, anomalies and
the readings' photos. Reads go through selectors.py, writes through services.py.

Roles (SPEC §2, tenant_apps.condos.permissions): the director does everything, the accountant
reads everything, a condo admin reads and changes their condos (and adds types for them; types
of the whole company are the director's), staff and residents get 403. Ids of another company
do not exist in this schema → 404. Photos are served only here, after the same check."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from config.middleware import client_ip
from config.pagination import PageParams, paginate
from shared_apps.accounts.auth import jwt_auth
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.condos.permissions import readable_condo_ids, require_condo_read, require_condo_write
from tenant_apps.meters import schemas, selectors, services
from tenant_apps.meters.models import ReadingPhoto, ReadingSource
from tenant_apps.meters.schemas import PERIOD, period_date

router = Router(auth=jwt_auth, tags=["meters"])


def _who(request) -> dict:
    return {"actor": request.auth.user, "ip": client_ip(request)}


def _scope(request, condo: int | None = None) -> set[int] | None:
    """The condos the caller may read (403 for staff and residents; 403 for a condo outside)."""
    readable = readable_condo_ids(request)
    if condo is not None:
        require_condo_read(request, condo)
    return readable


# --- meter types --------------------------------------------------------------------------------


@router.get("/meter-types", response=list[schemas.MeterTypeOut], summary="Company-wide and condo types")
def meter_types_list(request, condo: int | None = None):
    return list(selectors.meter_type_list(condo_ids=_scope(request, condo), condo_id=condo))


@router.post("/meter-types", response={201: schemas.MeterTypeOut}, summary="Add a meter type")
def meter_types_create(request, payload: schemas.MeterTypeCreateIn):
    _scope(request)
    condo = get_object_or_404(Condo.objects, pk=payload.condo_id) if payload.condo_id is not None else None
    require_condo_write(request, condo.pk if condo else None)
    meter_type = services.meter_type_create(
        condo=condo, **payload.dict(exclude={"condo_id"}), **_who(request)
    )
    return Status(201, meter_type)


@router.patch("/meter-types/{type_id}", response=schemas.MeterTypeOut, summary="Rename or change the maximum")
def meter_types_update(request, type_id: int, payload: schemas.MeterTypeUpdateIn):
    _scope(request)
    meter_type = selectors.meter_type_get(type_id)
    require_condo_write(request, meter_type.condo_id)
    return services.meter_type_update(
        meter_type=meter_type, **payload.dict(exclude_unset=True), **_who(request)
    )


@router.delete("/meter-types/{type_id}", response={204: None}, summary="Remove an unused type")
def meter_types_delete(request, type_id: int):
    _scope(request)
    meter_type = selectors.meter_type_get(type_id)
    require_condo_write(request, meter_type.condo_id)
    services.meter_type_delete(meter_type=meter_type, **_who(request))
    return Status(204, None)


# --- meters -------------------------------------------------------------------------------------


@router.get("/meters", response=schemas.MeterPageOut, summary="Meters of units")
def meters_list(
    request,
    page: Query[PageParams],
    condo: int | None = None,
    unit: int | None = None,
    active: bool | None = None,
):
    readable = _scope(request, condo)
    if unit is not None:
        require_condo_read(request, selectors.unit_condo_id(unit))
    return paginate(
        selectors.meter_list(condo_ids=readable, condo_id=condo, unit_id=unit, active=active), page
    )


@router.post("/meters", response={201: schemas.MeterOut}, summary="Add a meter to a unit")
def meters_create(request, payload: schemas.MeterCreateIn):
    _scope(request)
    unit = get_object_or_404(Unit.objects.select_related("building"), pk=payload.unit_id)
    require_condo_write(request, unit.building.condo_id)
    meter_type = selectors.meter_type_get(payload.type_id)
    meter = services.meter_create(unit=unit, meter_type=meter_type, serial=payload.serial, **_who(request))
    return Status(201, selectors.meter_get(meter.pk))


@router.patch("/meters/{meter_id}", response=schemas.MeterOut, summary="Change the serial number")
def meters_update(request, meter_id: int, payload: schemas.MeterUpdateIn):
    _scope(request)
    meter = selectors.meter_get(meter_id)
    require_condo_write(request, meter.unit.building.condo_id)
    return services.meter_update(meter=meter, serial=payload.serial, **_who(request))


@router.post("/meters/{meter_id}/deactivate", response=schemas.MeterOut, summary="Stop taking readings")
def meters_deactivate(request, meter_id: int):
    _scope(request)
    meter = selectors.meter_get(meter_id)
    require_condo_write(request, meter.unit.building.condo_id)
    return services.meter_deactivate(meter=meter, **_who(request))


# --- readings -----------------------------------------------------------------------------------


@router.get("/readings", response=schemas.ReadingPageOut, summary="Readings (counting ones by default)")
def readings_list(
    request,
    page: Query[PageParams],
    condo: int | None = None,
    unit: int | None = None,
    meter: int | None = None,
    period: str | None = Query(None, pattern=PERIOD, description="YYYY-MM"),
    source: ReadingSource | None = None,
    forced: bool | None = None,
    history: bool = Query(False, description="true: replaced submissions too"),
):
    readable = _scope(request, condo)
    if unit is not None:
        require_condo_read(request, selectors.unit_condo_id(unit))
    readings = selectors.reading_list(
        condo_ids=readable,
        condo_id=condo,
        unit_id=unit,
        meter_id=meter,
        period=period_date(period),
        source=source,
        forced=forced,
        replaced=None if history else False,
    )
    return paginate(readings, page)


@router.post("/readings", response={201: schemas.ReadingOut}, summary="Enter a reading by hand")
def readings_enter(request, payload: schemas.ReadingEnterIn):
    """The same rules as the assistant's: a refused value entered again is taken as forced."""
    _scope(request)
    meter = selectors.meter_get(payload.meter_id)
    require_condo_write(request, meter.unit.building.condo_id)
    reading = services.reading_submit(
        meter=meter,
        zone=payload.zone,
        value=payload.value,
        period=period_date(payload.period),
        source=ReadingSource.PANEL,
        entered_by_id=request.auth.user.pk,
        ip=client_ip(request),
    )
    return Status(201, selectors.reading_get(reading.pk))


@router.post("/readings/{reading_id}/correct", response=schemas.ReadingOut, summary="Correct a reading")
def readings_correct(request, reading_id: int, payload: schemas.ReadingCorrectIn):
    _scope(request)
    reading = selectors.reading_get(reading_id)
    require_condo_write(request, reading.meter.unit.building.condo_id)
    services.reading_correct(reading=reading, value=payload.value, reason=payload.reason, **_who(request))
    return selectors.reading_get(reading.pk)


@router.get("/readings/{reading_id}/photo", summary="The meter photo of a reading (JPEG)")
def readings_photo(request, reading_id: int):
    _scope(request)
    reading = selectors.reading_get(reading_id)
    require_condo_read(request, reading.meter.unit.building.condo_id)
    if reading.photo_id is None:
        raise Http404
    photo = ReadingPhoto.objects.get(pk=reading.photo_id)
    response = HttpResponse(bytes(photo.content), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/reading-anomalies",
    response=schemas.AnomalyPageOut,
    summary="Forced, jumps, missing (limit counts meters, each with all its anomalies)",
)
def anomalies_list(
    request,
    page: Query[PageParams],
    condo: int | None = None,
    period: str | None = Query(None, pattern=PERIOD, description="YYYY-MM; this month when omitted"),
):
    return selectors.anomaly_page(
        page=page, condo_ids=_scope(request, condo), condo_id=condo, period=period_date(period)
    )
