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


def test_the_demo_condo_has_meters_readings_staff_and_tickets(db):
    from tenant_apps.meters.models import Meter, Reading
    from tenant_apps.tickets.models import Ticket

    # when
    call_command("seed_demo")
    # then
    with in_schema("demo"):
        assert Meter.objects.count() == 80  # 40 flats × cold water + electricity day/night
        assert Reading.objects.filter(forced=False).count() == 39 * 3
        assert Reading.objects.filter(forced=True).count() == 1
        assert sorted(Ticket.objects.values_list("category__code", "status")) == [
            ("cleaning", "new"),
            ("electrical", "resolved"),
            ("plumbing", "assigned"),
        ]
    staff = User.objects.filter(memberships__company__schema_name="demo").exclude(
        email="resident@demo.localhost"
    )
    assert sorted(staff.values_list("email", "memberships__role")) == [
        ("electrician@demo.localhost", "staff"),
        ("manager@demo.localhost", "condo_admin"),
        ("plumber@demo.localhost", "staff"),
    ]
