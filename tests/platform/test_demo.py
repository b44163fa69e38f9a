from django.core.management import call_command

from shared_apps.accounts.models import Membership, User
from tenant_apps.condos.models import Unit
from tenants.schemas import in_schema


def test_seed_demo_builds_a_company_to_click_through_and_is_idempotent(db, capsys):
    # when
    call_command("seed_demo")
    call_command("seed_demo")
    # then
    out = capsys.readouterr().out
    assert out.count("super admin: admin@servai.localhost / ") == 1
    with in_schema("demo"):
        assert Unit.objects.count() == 42
    resident = User.objects.get(email="resident@demo.localhost")
    assert list(Membership.objects.filter(user=resident).values_list("company__schema_name", "role")) == [
        ("demo", "resident")
    ]
