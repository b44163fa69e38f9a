import pytest
from django.db import connection

from shared_apps.accounts.models import User
from shared_apps.audit.models import AuditEntry
from shared_apps.audit.services import audit_record
from tenants.schemas import in_schema


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(email="operator@servai.test", password="Secret-pass1")


def test_company_host_serves_its_own_company(company_client, other_company_client):
    # when
    mine = company_client.get("/api/v1/company")
    theirs = other_company_client.get("/api/v1/company")
    # then
    assert mine.status_code == 200
    assert mine.json()["slug"] == "company"
    assert theirs.json()["slug"] == "other_company"


def test_request_on_one_company_host_never_sees_other_company_rows(
    company, other_company, client_for, operator
):
    # given an audit entry in each company's schema
    with in_schema(company.schema_name):
        audit_record(actor=None, action="test.mine", changes={})
    with in_schema(other_company.schema_name):
        audit_record(actor=None, action="test.theirs", changes={})
    client = client_for(company)
    client.force_login(operator)
    # when
    response = client.get("/admin/audit/auditentry/")
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert "test.mine" in body
    assert "test.theirs" not in body


def test_company_rows_live_in_their_own_schema(company, other_company):
    # given
    with in_schema(company.schema_name):
        audit_record(actor=None, action="only.here")
    # then
    with in_schema(company.schema_name):
        assert AuditEntry.objects.filter(action="only.here").count() == 1
    with in_schema(other_company.schema_name):
        assert AuditEntry.objects.filter(action="only.here").count() == 0
    assert AuditEntry.objects.filter(action="only.here").count() == 0  # public
    assert connection.schema_name == "public"


def test_unknown_host_is_not_served(client_for, db):
    from django.test import Client

    response = Client(HTTP_HOST="nobody.localhost").get("/api/v1/company")
    assert response.status_code == 404
