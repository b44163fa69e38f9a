from django.db.models import F, Func, IntegerField, QuerySet

from tenant_apps.condos.models import UnitImport


def unit_import_list(
    *, condo_ids: set[int] | None = None, condo_id: int | None = None, status: str | None = None
) -> QuerySet[UnitImport]:
    """Imports without their error lists (counted in the database instead)."""
    queryset = UnitImport.objects.defer("errors").annotate(
        errors_count=Func(F("errors"), function="jsonb_array_length", output_field=IntegerField())
    )
    if condo_ids is not None:
        queryset = queryset.filter(condo_id__in=condo_ids)
    if condo_id is not None:
        queryset = queryset.filter(condo_id=condo_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset
