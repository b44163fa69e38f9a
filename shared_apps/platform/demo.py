"""What the demo company's condo is doing when a developer first opens it: meters with last
month's readings (one unit never sent any, one forced value), a plumber on call, an electrician,
a condo admin, and tickets in several states, so the assistant, the API and the panel have
something to show at once. Everything goes through the services, as real activity would."""

import contextlib
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import User
from shared_apps.accounts.services.users import user_get_or_create_invited
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.meters.models import MeterType, ReadingSource
from tenant_apps.meters.services import meter_create, month_start, reading_submit
from tenant_apps.residents.models import StaffRole
from tenant_apps.residents.services import staff_join, staff_on_call_set
from tenant_apps.tickets.models import TicketStatus
from tenant_apps.tickets.services import ticket_create, ticket_status_change

DEMO_STAFF = (
    # email, first name, role, specializations, on call
    ("manager@demo.localhost", "Ivana", StaffRole.CONDO_ADMIN, [], False),
    ("plumber@demo.localhost", "Petar", StaffRole.STAFF, ["plumber"], True),
    ("electrician@demo.localhost", "Elena", StaffRole.STAFF, ["electrician"], False),
)


def demo_activity_seed(*, condo: Condo, resident: User) -> None:
    staff = {email: _staff_member(condo, email, *rest) for email, *rest in DEMO_STAFF}
    _meters_with_history(condo)
    _tickets(condo, resident, electrician=staff["electrician@demo.localhost"])


def _staff_member(condo: Condo, email: str, first_name: str, role: str, codes: list, on_call: bool) -> User:
    user, _ = user_get_or_create_invited(email=email)
    user.first_name, user.email_verified = first_name, True
    user.save(update_fields=["first_name", "email_verified"])
    profile = staff_join(user=user, condo=condo, role=role, specialization_codes=codes)
    if on_call:
        staff_on_call_set(profile=profile, on_call=True)
    return user


def _meters_with_history(condo: Condo) -> None:
    types = {meter_type.code: meter_type for meter_type in MeterType.objects.filter(condo__isnull=True)}
    this_month = month_start(timezone.localdate())
    last_month = month_start(this_month - timedelta(days=1))
    units = list(
        Unit.objects.filter(building__condo=condo, unit_type__code="residential").order_by(
            "building__name", "number"
        )
    )
    for index, unit in enumerate(units):
        cold = meter_create(unit=unit, meter_type=types["cold_water"], serial=f"CW-{unit.pk:04d}")
        power = meter_create(unit=unit, meter_type=types["electricity_day_night"], serial=f"EL-{unit.pk:04d}")
        if unit == units[-1]:
            continue  # never sent a reading: the anomalies list shows it missing
        readings = (
            (cold, "", Decimal("110.5") + index * 4),
            (power, "day", Decimal("5200") + index * 35),
            (power, "night", Decimal("2100") + index * 12),
        )
        for meter, zone, value in readings:
            reading_submit(
                meter=meter,
                zone=zone,
                value=value,
                period=last_month,
                source=ReadingSource.IMPORT,
                entered_by_id=None,
            )
    # A cold water jump far above the type's monthly maximum, entered twice: accepted as forced.
    jumpy = units[1].meters.get(meter_type=types["cold_water"])
    for _attempt in range(2):  # the first is refused; the same value again is taken, flagged forced
        with contextlib.suppress(ApiError):
            reading_submit(
                meter=jumpy,
                zone="",
                value=Decimal("190"),
                period=this_month,
                source=ReadingSource.PANEL,
                entered_by_id=None,
            )


def _tickets(condo: Condo, resident: User, *, electrician: User) -> None:
    unit_id = Unit.objects.filter(residents__user_id=resident.pk).values_list("pk", flat=True).first()

    def open_ticket(category: str, description: str):
        return ticket_create(
            condo_id=condo.pk,
            unit_id=unit_id,
            author_id=resident.pk,
            author_kind="resident",
            category_code=category,
            description=description,
            source="bot",
        )

    open_ticket("plumbing", "The kitchen tap is dripping.")  # auto-assigned to the plumber
    lights = open_ticket("electrical", "The light on the 3rd floor landing is out.")
    ticket_status_change(ticket=lights, status=TicketStatus.IN_PROGRESS, actor_id=electrician.pk)
    ticket_status_change(ticket=lights, status=TicketStatus.RESOLVED, actor_id=electrician.pk)
    open_ticket("cleaning", "The bins behind building B were not emptied this week.")  # waits in the queue
