from django.db.models import Q, QuerySet

from tenants.models import Company


def company_list(*, status: str | None = None, search: str | None = None) -> QuerySet[Company]:
    companies = Company.objects.operating().prefetch_related("domains")
    if status:
        companies = companies.filter(status=status)
    if search:
        companies = companies.filter(Q(name__icontains=search) | Q(schema_name__icontains=search))
    return companies


def company_get(company_id: int) -> Company:
    return Company.objects.operating().prefetch_related("domains").get(pk=company_id)
