from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.audit import tasks as audit_tasks
from shared_apps.audit.models import AuditEntry
from shared_apps.audit.selectors import audit_entries_past_retention
from shared_apps.core import cleanup
from shared_apps.core.cleanup import soft_delete_in_batches
from tenants.schemas import in_schema


def make_entries(count: int, *, age_days: int, action: str) -> None:
    created = timezone.now() - timedelta(days=age_days)
    AuditEntry.objects.bulk_create([AuditEntry(action=action) for _ in range(count)])
    AuditEntry.objects.filter(action=action).update(created_at=created)


@pytest.fixture
def recorded_pauses(monkeypatch):
    pauses = []
    monkeypatch.setattr(cleanup.time, "sleep", pauses.append)
    return pauses


def test_cleaner_soft_deletes_in_batches_with_pauses_and_deletes_nothing(db, recorded_pauses, settings):
    # given 25 entries past retention and 3 recent ones
    settings.AUDIT_RETENTION_DAYS = 90
    make_entries(25, age_days=91, action="old")
    make_entries(3, age_days=10, action="recent")
    # when
    with CaptureQueriesContext(connection) as queries:
        result = soft_delete_in_batches(audit_entries_past_retention(), batch_size=10, pause_seconds=0.1)
    # then
    assert (result.rows, result.batches) == (25, 3)
    assert recorded_pauses == [0.1, 0.1]
    assert AuditEntry.objects.filter(action="old").count() == 0
    assert AuditEntry.objects.filter(action="recent").count() == 3
    assert AuditEntry.all_objects.filter(action__in=["old", "recent"]).count() == 28
    sql = [q["sql"].upper() for q in queries]
    assert sum("FOR UPDATE SKIP LOCKED" in s for s in sql) == 3
    assert not [s for s in sql if s.lstrip().startswith("DELETE")]


def test_cleaner_on_nothing_to_do_makes_no_batch(db, recorded_pauses):
    # when
    result = soft_delete_in_batches(AuditEntry.objects.filter(action="absent"), batch_size=10)
    # then
    assert (result.rows, result.batches) == (0, 0)
    assert recorded_pauses == []


def test_daily_audit_cleanup_covers_platform_and_every_company(company, other_company, recorded_pauses):
    # given old entries in public and in both companies
    make_entries(2, age_days=120, action="aged")
    for schema in (company.schema_name, other_company.schema_name):
        with in_schema(schema):
            make_entries(3, age_days=120, action="aged")
            make_entries(1, age_days=1, action="fresh")
    # when the periodic job runs (jobs execute immediately in tests)
    audit_tasks.audit_cleanup_daily.call_local()
    # then
    assert AuditEntry.objects.filter(action="aged").count() == 0
    assert AuditEntry.all_objects.filter(action="aged").count() == 2
    for schema in (company.schema_name, other_company.schema_name):
        with in_schema(schema):
            assert AuditEntry.objects.filter(action="aged").count() == 0
            assert AuditEntry.all_objects.filter(action="aged").count() == 3
            assert AuditEntry.objects.filter(action="fresh").count() == 1
    assert connection.schema_name == "public"
