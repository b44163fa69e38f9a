"""Company profile on the company's own host (branding for the login page and panel)."""

from ninja import Router, Schema

router = Router(tags=["company"])


class CompanyProfileOut(Schema):
    name: str
    slug: str
    default_language: str
    time_zone: str
    currency: str
    status: str
    blocked_reason: str


@router.get("", response=CompanyProfileOut, summary="The company whose host was called")
def company_profile(request):
    company = request.tenant
    return CompanyProfileOut(
        name=company.name,
        slug=company.schema_name,
        default_language=company.default_language,
        time_zone=company.time_zone,
        currency=company.currency,
        status=company.status,
        blocked_reason=company.blocked_reason,
    )
