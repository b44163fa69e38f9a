from shared_apps.audit.models import AuditEntry
from tenants.services import company_block, company_unblock


def test_blocked_company_api_answers_402(company, company_client):
    # given
    company_block(company=company, reason="Invoice 2026-10 unpaid")
    # when
    response = company_client.get("/api/v1/condos")
    # then
    assert response.status_code == 402
    assert response.json()["error"]["code"] == "company_blocked"


def test_blocked_company_keeps_profile_auth_and_health(company, company_client):
    # given
    company_block(company=company, reason="Invoice 2026-10 unpaid")
    # when
    profile = company_client.get("/api/v1/company")
    auth = company_client.post("/api/v1/auth/login", {}, content_type="application/json")
    health = company_client.get("/health")
    # then
    assert profile.status_code == 200
    assert profile.json()["status"] == "blocked"
    assert profile.json()["blocked_reason"] == "Invoice 2026-10 unpaid"
    assert auth.status_code != 402
    assert health.status_code == 200


def test_blocking_one_company_leaves_the_other_alone(company, other_company_client):
    # given
    company_block(company=company, reason="Unpaid")
    # when
    response = other_company_client.get("/api/v1/company")
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "active"


def test_unblock_restores_access_and_both_are_audited(company, company_client):
    # given
    company_block(company=company, reason="Unpaid")
    # when
    company_unblock(company=company)
    response = company_client.get("/api/v1/condos")
    # then the request reaches the API again (and asks for a token)
    assert response.status_code == 401
    assert list(
        AuditEntry.objects.filter(target_id=str(company.pk), action__in=["company.block", "company.unblock"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["company.block", "company.unblock"]
