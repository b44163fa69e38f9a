import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.audit.models import AuditEntry
from shared_apps.audit.services import audit_record
from shared_apps.core.models import SoftDeleteModel
from tenants.schemas import in_schema

PRODUCT_APP_PREFIXES = ("tenants", "shared_apps.", "tenant_apps.", "bot")


def product_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith(PRODUCT_APP_PREFIXES) and not model._meta.proxy
    ]


def active_view_ids(table: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id FROM "{table}_active"')
        return {row[0] for row in cursor.fetchall()}


def test_every_product_model_is_soft_deletable():
    # then
    assert product_models()
    assert [m._meta.label for m in product_models() if not issubclass(m, SoftDeleteModel)] == []


def test_every_soft_delete_table_has_an_active_view_in_its_schemas(company):
    # given
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, viewname FROM pg_views WHERE viewname LIKE '%%\\_active'")
        views = set(cursor.fetchall())
    # then
    for model in product_models():
        expected = f"{model._meta.db_table}_active"
        app = model._meta.app_config.name
        from django.conf import settings

        if app in settings.SHARED_APPS:
            assert ("public", expected) in views
        if app in settings.TENANT_APPS:
            assert ("company", expected) in views


@pytest.mark.parametrize("schema", ["public", "company"])
def test_soft_deleted_row_leaves_default_manager_and_view_and_comes_back(schema, company):
    with in_schema(schema):
        # given
        entry = audit_record(actor=None, action="row.kept")
        gone = audit_record(actor=None, action="row.gone")
        # when
        gone.soft_delete()
        # then
        assert list(
            AuditEntry.objects.filter(action__startswith="row.").values_list("action", flat=True)
        ) == ["row.kept"]
        assert AuditEntry.all_objects.filter(pk=gone.pk).get().deleted_at is not None
        assert active_view_ids("audit_auditentry") >= {entry.pk}
        assert gone.pk not in active_view_ids("audit_auditentry")
        # when
        AuditEntry.all_objects.get(pk=gone.pk).restore()
        # then
        assert AuditEntry.objects.filter(pk=gone.pk).exists()
        assert gone.pk in active_view_ids("audit_auditentry")


def test_delete_calls_never_issue_sql_delete(company):
    with in_schema(company.schema_name):
        # given
        one = audit_record(actor=None, action="del.one")
        audit_record(actor=None, action="del.many")
        audit_record(actor=None, action="del.many")
        # when
        with CaptureQueriesContext(connection) as queries:
            one.delete()
            marked = AuditEntry.objects.filter(action="del.many").delete()
        # then
        assert marked == 2
        assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
        assert AuditEntry.objects.filter(action__startswith="del.").count() == 0
        assert AuditEntry.all_objects.filter(action__startswith="del.").count() == 3
        # when
        AuditEntry.all_objects.filter(action__startswith="del.").restore()
        # then
        assert AuditEntry.objects.filter(action__startswith="del.").count() == 3
