from collections import Counter
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from shared_apps.accounts.models import Membership, User
from shared_apps.audit.models import AuditEntry
from shared_apps.botrouting.models import OutboxMessage
from shared_apps.platform import services as platform_services
from shared_apps.platform.services import demo_company_ensure
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.meters.models import Meter, Reading, ReadingAttempt
from tenant_apps.meters.periods import add_months, month_start
from tenant_apps.meters.selectors import anomalous_meters, meter_anomalies, reading_history
from tenant_apps.residents.models import StaffProfile
from tenant_apps.residents.services import staff_join
from tenant_apps.tickets.models import Ticket, TicketEvent
from tenants.schemas import in_schema


def _demo_counts() -> dict:
    """Rows of every kind the demo seed writes."""
    with in_schema("demo"):
        company_side = {
            model.__name__: model.objects.count()
            for model in (Unit, Meter, Reading, ReadingAttempt, StaffProfile, Ticket, TicketEvent, AuditEntry)
        }
    return company_side | {
        "User": User.objects.count(),
        "Membership": Membership.objects.count(),
        "OutboxMessage": OutboxMessage.objects.count(),
        "public AuditEntry": AuditEntry.objects.count(),
    }


def _last_month():
    return add_months(month_start(timezone.localdate()), -1)


def test_seed_demo_builds_a_company_to_click_through_and_is_idempotent(db, capsys):
    # given
    call_command("seed_demo")
    seeded = _demo_counts()
    # when
    call_command("seed_demo")
    # then
    assert _demo_counts() == seeded
    out = capsys.readouterr().out
    assert out.count("super admin: admin@servai.localhost / ") == 1
    assert out.count("demo company: demo (created)") == 1
    assert out.count("demo company: demo (exists)") == 1
    assert seeded["Unit"] == 42
    resident = User.objects.get(email="resident@demo.localhost")
    assert list(Membership.objects.filter(user=resident).values_list("company__schema_name", "role")) == [
        ("demo", "resident")
    ]


def test_the_demo_condo_has_meters_readings_staff_and_tickets(db):
    # when
    call_command("seed_demo")
    # then every unit has cold water and day/night electricity; all but one sent last month's readings
    last_month = _last_month()
    with in_schema("demo"):
        assert Counter(Meter.objects.values_list("meter_type__code", flat=True)) == {
            "cold_water": 42,
            "electricity_day_night": 42,
        }
        assert len(set(Meter.objects.values_list("unit_id", "meter_type_id"))) == 84  # one of each per unit
        assert Reading.objects.filter(period=last_month).count() == 41 * 3
        assert Reading.objects.filter(period=add_months(last_month, -1)).count() == 1
        assert list(Reading.objects.filter(forced=True).values_list("meter__unit__number", "period")) == [
            ("112", last_month)
        ]
        anomalies = meter_anomalies(list(anomalous_meters(period=last_month)), last_month)
        assert sorted(
            (a.kind, a.meter.unit.building.name, a.meter.unit.number, a.meter.meter_type.code, a.zone)
            for a in anomalies
        ) == [
            ("forced", "A", "112", "cold_water", ""),
            ("jump", "A", "112", "cold_water", ""),
            ("missing", "B", "252", "cold_water", ""),
            ("missing", "B", "252", "electricity_day_night", "day"),
            ("missing", "B", "252", "electricity_day_night", "night"),
        ]
        resident_unit = Unit.objects.get(residents__user__email="resident@demo.localhost")
        history = [
            (meter.meter_type.code, reading.zone, reading.period, reading.value)
            for meter, readings in reading_history(unit_id=resident_unit.pk)
            for reading in readings
        ]
        assert sorted(history) == [
            ("cold_water", "", last_month, Decimal("8.4")),
            ("electricity_day_night", "day", last_month, Decimal("5200")),
            ("electricity_day_night", "night", last_month, Decimal("2100")),
        ]
        staff = {
            profile.user_id: (profile.role, profile.specialization_codes, profile.on_call)
            for profile in StaffProfile.objects.all()
        }
        tickets = sorted(
            Ticket.objects.values_list("category__code", "status", "author_kind", "assignee__user_id")
        )
    emails = dict(User.objects.values_list("pk", "email"))
    assert sorted((emails[user_id], *rest) for user_id, rest in staff.items()) == [
        ("electrician@demo.localhost", "staff", ["electrician"], False),
        ("manager@demo.localhost", "condo_admin", [], False),
        ("plumber@demo.localhost", "staff", ["plumber"], True),
    ]
    assert [(code, status, kind, emails.get(user_id)) for code, status, kind, user_id in tickets] == [
        ("cleaning", "new", "resident", None),
        ("electrical", "resolved", "resident", "electrician@demo.localhost"),
        ("elevator", "review", "staff", "electrician@demo.localhost"),
        ("heating", "in_progress", "staff", "plumber@demo.localhost"),
        ("plumbing", "assigned", "resident", "plumber@demo.localhost"),
    ]
    assert OutboxMessage.objects.count() == 0  # nobody in the demo has Telegram yet


def test_an_install_seeded_before_meters_and_tickets_gets_them_and_keeps_its_condo_admin(
    db, make_user, monkeypatch
):
    # given a demo company from before meters and tickets, whose condo already has a condo admin
    with monkeypatch.context() as before:
        before.setattr(platform_services, "demo_activity_seed", lambda **kwargs: None)
        demo_company_ensure()
    admin = make_user(email="admin@sunrise.example")
    with in_schema("demo"):
        staff_join(user=admin, condo=Condo.objects.get(), role="condo_admin")
        assert Meter.objects.count() == 0
    # when
    demo_company_ensure()
    # then
    with in_schema("demo"):
        assert Meter.objects.count() == 84
        assert Ticket.objects.count() == 5
        assert sorted(Ticket.objects.filter(author_kind="staff").values_list("author_id", flat=True)) == [
            admin.pk,
            admin.pk,
        ]
        assert StaffProfile.objects.filter(role="condo_admin").count() == 1
    assert not User.objects.filter(email="manager@demo.localhost").exists()
