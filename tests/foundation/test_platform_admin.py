from shared_apps.accounts.models import User
from shared_apps.audit.models import AuditEntry
from tenants.models import Company


def test_operator_blocks_a_company_from_the_platform_admin_and_it_is_audited(public_client, company):
    # given
    operator = User.objects.create_superuser(email="ops@servai.test", password="Secret-pass1")
    public_client.force_login(operator)
    # when
    response = public_client.post(
        "/admin/tenants/company/",
        {"action": "block_companies", "_selected_action": [company.pk]},
    )
    # then
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == "blocked"
    entry = AuditEntry.objects.get(action="company.block", target_id=str(company.pk))
    assert entry.actor == operator
    assert entry.ip == "127.0.0.1"


def test_operator_edit_of_a_company_is_audited_with_old_and_new_values(public_client, company):
    # given
    operator = User.objects.create_superuser(email="ops2@servai.test", password="Secret-pass1")
    public_client.force_login(operator)
    page = public_client.get(f"/admin/tenants/company/{company.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields
    }
    data.update({"name": "Company Renamed", "domains-TOTAL_FORMS": "0", "domains-INITIAL_FORMS": "0"})
    # when
    response = public_client.post(f"/admin/tenants/company/{company.pk}/change/", data)
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Company.objects.get(pk=company.pk).name == "Company Renamed"
    entry = AuditEntry.objects.get(action="company.update", target_id=str(company.pk))
    assert entry.changes == {"name": {"from": "Company", "to": "Company Renamed"}}
