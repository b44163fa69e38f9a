import pytest
from django.db import connection

from shared_apps.audit.models import AuditEntry
from shared_apps.audit.services import audit_record
from tenants.jobs import fan_out, tenant_task
from tenants.services import company_block

seen_schemas: list[str] = []


@tenant_task(retries=0)
def record_current_schema(action: str):
    seen_schemas.append(connection.schema_name)
    audit_record(actor=None, action=action)


@tenant_task(retries=0)
def fail_inside_schema():
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _reset_seen():
    seen_schemas.clear()


def test_tenant_task_runs_in_the_given_schema_and_returns_to_public(company):
    # when
    record_current_schema(company.schema_name, "job.ran")
    # then
    assert seen_schemas == ["company"]
    assert connection.schema_name == "public"
    assert AuditEntry.objects.filter(action="job.ran").count() == 0
    connection.set_schema(company.schema_name)
    assert AuditEntry.objects.filter(action="job.ran").count() == 1


def test_tenant_task_returns_to_public_after_a_failure(company):
    # when
    with pytest.raises(RuntimeError):
        fail_inside_schema.call_local(company.schema_name)
    # then
    assert connection.schema_name == "public"


def test_fan_out_enqueues_one_task_per_active_company(company, other_company):
    # given
    company_block(company=other_company, reason="Unpaid invoice")
    # when
    schemas = fan_out(record_current_schema, "fan.out")
    # then
    assert schemas == ["company"]
    assert seen_schemas == ["company"]


def test_fan_out_can_include_blocked_companies(company, other_company):
    # given
    company_block(company=other_company, reason="Unpaid invoice")
    # when
    schemas = fan_out(record_current_schema, "fan.all", include_blocked=True)
    # then
    assert schemas == ["company", "other_company"]
    assert seen_schemas == ["company", "other_company"]
