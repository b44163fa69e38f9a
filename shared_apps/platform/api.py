"""Platform operator API (public host): companies and their directors."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from config.api import ApiError
from config.middleware import client_ip
from config.pagination import PageParams, paginate
from shared_apps.accounts.auth import jwt_auth, require_platform_role
from shared_apps.accounts.models import CompanyRole, PlatformRole
from shared_apps.accounts.services.email_links import director_invite_send
from shared_apps.accounts.services.users import membership_grant, user_get_or_create_invited
from shared_apps.platform import schemas, selectors
from tenants.models import Company, CompanyStatus
from tenants.services import company_block, company_create, company_unblock, company_update

router = Router(tags=["platform: companies"], auth=jwt_auth)

ADMIN = (PlatformRole.SUPER_ADMIN,)
BILLING = (PlatformRole.SUPER_ADMIN, PlatformRole.SUPER_ACCOUNTANT)


def _company(company_id: int) -> Company:
    return get_object_or_404(selectors.company_list(), pk=company_id)


def _company_url(request, company: Company) -> str:
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    return f"{request.scheme}://{company.get_primary_domain().domain}{suffix}"


def _invite_director(request, company: Company, email: str) -> None:
    director, _ = user_get_or_create_invited(email=email)
    actor = request.auth.user
    membership_grant(
        user=director, company=company, role=CompanyRole.DIRECTOR, actor=actor, ip=client_ip(request)
    )
    director_invite_send(
        user=director,
        company=company,
        base_url=_company_url(request, company),
        actor=actor,
        ip=client_ip(request),
    )


@router.get("/companies", response=schemas.CompanyPageOut)
def companies_list(
    request, page: Query[PageParams], status: CompanyStatus | None = None, search: str | None = None
):
    require_platform_role(request, *BILLING)
    return paginate(selectors.company_list(status=status, search=search), page)


@router.post("/companies", response={201: schemas.CompanyOut})
def companies_create(request, payload: schemas.CompanyCreateIn):
    require_platform_role(request, *ADMIN)
    if Company.all_objects.filter(schema_name=payload.slug).exists():
        raise ApiError(
            409, "A company with this slug exists", code="slug_taken", fields={"slug": ["Already taken."]}
        )
    fields = payload.dict(exclude_none=True, exclude={"director_email"})
    result = company_create(**fields, actor=request.auth.user, ip=client_ip(request))
    if payload.director_email:
        _invite_director(request, result.company, payload.director_email)
    return Status(201, selectors.company_get(result.company.pk))


@router.get("/companies/{company_id}", response=schemas.CompanyOut)
def companies_get(request, company_id: int):
    require_platform_role(request, *BILLING)
    return _company(company_id)


@router.patch("/companies/{company_id}", response=schemas.CompanyOut)
def companies_update(request, company_id: int, payload: schemas.CompanyUpdateIn):
    require_platform_role(request, *ADMIN)
    company = company_update(
        company=_company(company_id),
        actor=request.auth.user,
        ip=client_ip(request),
        **payload.dict(exclude_none=True),
    )
    return selectors.company_get(company.pk)


@router.post("/companies/{company_id}/block", response=schemas.CompanyOut)
def companies_block(request, company_id: int, payload: schemas.BlockIn):
    require_platform_role(request, *BILLING)
    company_block(
        company=_company(company_id), reason=payload.reason, actor=request.auth.user, ip=client_ip(request)
    )
    return selectors.company_get(company_id)


@router.post("/companies/{company_id}/unblock", response=schemas.CompanyOut)
def companies_unblock(request, company_id: int):
    require_platform_role(request, *BILLING)
    company_unblock(company=_company(company_id), actor=request.auth.user, ip=client_ip(request))
    return selectors.company_get(company_id)


@router.post("/companies/{company_id}/invite-director", response={202: schemas.CompanyOut})
def companies_invite_director(request, company_id: int, payload: schemas.InviteDirectorIn):
    require_platform_role(request, *ADMIN)
    company = _company(company_id)
    _invite_director(request, company, payload.email)
    return Status(202, selectors.company_get(company.pk))
