"""What the demo company's condo is doing when a developer first opens it: every unit with a cold
water and a day/night electricity meter, last month's readings (one forced jump, one flat that
never sent any), a plumber on call, an electrician, a condo admin, and tickets in several states,
so the assistant, the API and the panel have something to show at once. Everything goes through
the services, as real activity would (people without Telegram get no notifications).

Each part is seeded once, when the condo has none of it yet: running again changes nothing, and
an install seeded before meters and tickets existed gets them on its next run."""

import contextlib
from decimal import Decimal

from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import User
from shared_apps.accounts.services.users import user_get_or_create_invited
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.meters.models import Meter, MeterType, ReadingSource
from tenant_apps.meters.periods import add_months, month_start
from tenant_apps.meters.services import meter_create, reading_submit
from tenant_apps.residents.models import StaffCondo, StaffProfile, StaffRole
from tenant_apps.residents.services import staff_join, staff_on_call_set
from tenant_apps.tickets.models import Ticket, TicketStatus
from tenant_apps.tickets.services import ticket_create, ticket_status_change

DEMO_MANAGER_EMAIL = "manager@demo.localhost"
DEMO_PLUMBER_EMAIL = "plumber@demo.localhost"
DEMO_ELECTRICIAN_EMAIL = "electrician@demo.localhost"

DEMO_STAFF = (
    # email, first name, specializations, on call
    (DEMO_PLUMBER_EMAIL, "Petar", ["plumber"], True),
    (DEMO_ELECTRICIAN_EMAIL, "Elena", ["electrician"], False),
)

# Unit numbers (building, number) with something to see in last month's anomalies.
FORCED_UNIT = ("A", "112")  # a cold water jump entered twice, so taken as forced
SILENT_UNIT = ("B", "252")  # sent no readings at all


def demo_activity_seed(*, condo: Condo, resident: User) -> None:
    manager = _condo_admin(condo)
    staff = {email: _staff_member(condo, email, *rest) for email, *rest in DEMO_STAFF}
    if not Meter.objects.filter(unit__building__condo=condo).exists():
        _meters_with_history(condo)
    if not Ticket.objects.filter(condo=condo).exists():
        _tickets(
            condo,
            resident,
            manager=manager,
            plumber=staff[DEMO_PLUMBER_EMAIL],
            electrician=staff[DEMO_ELECTRICIAN_EMAIL],
        )


def _person(email: str, first_name: str) -> User:
    user, created = user_get_or_create_invited(email=email)  # no password: nothing secret to print
    if created:
        user.first_name, user.email_verified = first_name, True
        user.save(update_fields=["first_name", "email_verified"])
    return user


def _condo_admin(condo: Condo) -> User:
    """The condo's first condo admin, or the demo one when it has none."""
    link = (
        StaffCondo.objects.filter(condo=condo, staff__role=StaffRole.CONDO_ADMIN, staff__is_active=True)
        .select_related("staff")
        .order_by("staff_id")
        .first()
    )
    if link is not None:
        return User.objects.get(pk=link.staff.user_id)
    manager = _person(DEMO_MANAGER_EMAIL, "Ivana")
    staff_join(user=manager, condo=condo, role=StaffRole.CONDO_ADMIN)
    return manager


def _staff_member(condo: Condo, email: str, first_name: str, codes: list[str], on_call: bool) -> User:
    user = _person(email, first_name)
    if not StaffProfile.objects.filter(user_id=user.pk, role=StaffRole.STAFF).exists():
        profile = staff_join(user=user, condo=condo, role=StaffRole.STAFF, specialization_codes=codes)
        staff_on_call_set(profile=profile, on_call=on_call)
    return user


def _meters_with_history(condo: Condo) -> None:
    types = {meter_type.code: meter_type for meter_type in MeterType.objects.filter(condo__isnull=True)}
    last_month = add_months(month_start(timezone.localdate()), -1)
    units = (
        Unit.objects.filter(building__condo=condo)
        .select_related("building")
        .order_by("building__name", "number")
    )
    for index, unit in enumerate(units):
        cold = meter_create(unit=unit, meter_type=types["cold_water"], serial=f"CW-{unit.pk:04d}")
        power = meter_create(unit=unit, meter_type=types["electricity_day_night"], serial=f"EL-{unit.pk:04d}")
        where = (unit.building.name, unit.number)
        if where == SILENT_UNIT:
            continue
        # The first flat (the demo resident's) starts low, so "cold 12.5" is a believable next reading.
        cold_value = Decimal("8.4") + index * Decimal("3.7")
        if where == FORCED_UNIT:
            _reading(cold, "", cold_value, add_months(last_month, -1))
            cold_value += 75  # far above the type's 30 m³ a month: refused, then taken as forced
        _reading(cold, "", cold_value, last_month, retry=where == FORCED_UNIT)
        _reading(power, "day", Decimal("5200") + index * 35, last_month)
        _reading(power, "night", Decimal("2100") + index * 12, last_month)


def _reading(meter: Meter, zone: str, value: Decimal, period, *, retry: bool = False) -> None:
    """An imported reading; `retry`: a jump typed into the panel twice, the first try refused (and
    remembered), the same value again taken and flagged forced."""
    source = ReadingSource.PANEL if retry else ReadingSource.IMPORT
    if retry:
        with contextlib.suppress(ApiError):
            reading_submit(
                meter=meter, zone=zone, value=value, period=period, source=source, entered_by_id=None
            )
    reading_submit(meter=meter, zone=zone, value=value, period=period, source=source, entered_by_id=None)


def _tickets(condo: Condo, resident: User, *, manager: User, plumber: User, electrician: User) -> None:
    """One ticket in each open state and one resolved (the resident may rate it); the categories
    with a matching specialization are auto-assigned, cleaning has nobody and waits in the queue."""
    unit_id = Unit.objects.filter(residents__user_id=resident.pk).values_list("pk", flat=True).first()

    def open_ticket(category: str, description: str, *, author: User = resident):
        by_resident = author == resident
        return ticket_create(
            condo_id=condo.pk,
            unit_id=unit_id if by_resident else None,
            author_id=author.pk,
            author_kind="resident" if by_resident else "staff",
            category_code=category,
            description=description,
            source="bot" if by_resident else "panel",
        )

    def move(ticket, by: User, *statuses: str) -> None:
        for status in statuses:
            ticket_status_change(ticket=ticket, status=status, actor_id=by.pk)

    open_ticket("plumbing", "The kitchen tap is dripping.")  # assigned to the plumber
    pump = open_ticket("heating", "The circulation pump in the boiler room is noisy.", author=manager)
    move(pump, plumber, TicketStatus.IN_PROGRESS)
    lift = open_ticket("elevator", "The lift in building B stops between floors 3 and 4.", author=manager)
    move(lift, electrician, TicketStatus.IN_PROGRESS, TicketStatus.REVIEW)  # the condo admin approves
    lights = open_ticket("electrical", "The light on the 3rd floor landing is out.")
    move(lights, electrician, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED)
    open_ticket("cleaning", "The bins behind building B were not emptied this week.")  # nobody: the queue
