"""Shared ground of the ticket tests: two condos, a crew with specializations, a resident, and
API clients signed in with each role."""

import itertools
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from shared_apps.accounts.models import CompanyRole, User
from shared_apps.botrouting.models import OutboxMessage, TelegramAccount
from tenant_apps.condos.models import UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.services import resident_link, staff_join
from tenant_apps.tickets import notifications
from tenant_apps.tickets.models import Ticket
from tenant_apps.tickets.services import ticket_create
from tenants.schemas import in_schema
from tests.helpers import JSON, bearer

_addresses = itertools.count(1)
SOFIA = ZoneInfo("Europe/Sofia")
DAYTIME = datetime(2026, 11, 30, 12, 0, tzinfo=SOFIA)


class Api:
    """Bearer-authenticated calls to /api/v1 on one host."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = bearer(token)

    def get(self, path: str, **query):
        return self.client.get(f"/api/v1{path}", query, **self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(f"/api/v1{path}", body or {}, content_type=JSON, **self.headers)

    def upload(self, path: str, data: dict):
        return self.client.post(f"/api/v1{path}", data, **self.headers)  # multipart

    def patch(self, path: str, body: dict):
        return self.client.patch(f"/api/v1{path}", body, content_type=JSON, **self.headers)


def _unit(building, entrance, number):
    unit_type = UnitType.objects.get(condo=building.condo, code="residential")
    return unit_create(
        building=building, entrance=entrance, number=number, area="54.30", floor=1, unit_type=unit_type
    )


@pytest.fixture
def place(company):
    """Green Hills (building A: units 12, 14) and Lake View (building B: unit 1)."""
    with in_schema(company.schema_name):
        hills = condo_create(name="Green Hills", city="Sofia", street="Vitosha", house="12")
        building_a = building_create(condo=hills, name="A")
        entrance_a = entrance_create(building=building_a, name="1")
        lake = condo_create(name="Lake View")
        building_b = building_create(condo=lake, name="B")
        entrance_b = entrance_create(building=building_b, name="1")
        return SimpleNamespace(
            hills=hills,
            lake=lake,
            u12=_unit(building_a, entrance_a, "12"),
            u14=_unit(building_a, entrance_a, "14"),
            u1=_unit(building_b, entrance_b, "1"),
        )


def _person(email: str, first_name: str) -> User:
    return User.objects.create_user(
        email=email, first_name=first_name, password="Correct-horse-9", email_verified=True
    )


@pytest.fixture
def crew(company, place):
    """Green Hills: plumbers Pavel and Petar, electrician Elena, condo admin Ivan, resident Anna
    (unit 12). Lake View: plumber Lina, resident Boris (unit 1)."""
    users = {
        name: _person(f"{name}@company.test", name.capitalize())
        for name in ("pavel", "petar", "elena", "ivan", "lina", "anna", "boris")
    }
    with in_schema(company.schema_name):
        profiles = SimpleNamespace(
            pavel=staff_join(user=users["pavel"], condo=place.hills, specialization_codes=["plumber"]),
            petar=staff_join(user=users["petar"], condo=place.hills, specialization_codes=["plumber"]),
            elena=staff_join(user=users["elena"], condo=place.hills, specialization_codes=["electrician"]),
            ivan=staff_join(user=users["ivan"], condo=place.hills, role=CompanyRole.CONDO_ADMIN),
            lina=staff_join(user=users["lina"], condo=place.lake, specialization_codes=["plumber"]),
        )
        resident_link(unit=place.u12, user=users["anna"])
        resident_link(unit=place.u1, user=users["boris"])
    return SimpleNamespace(users=SimpleNamespace(**users), **vars(profiles))


def new_ticket(company, author, unit, *, category="plumbing", **fields) -> Ticket:
    """A resident's ticket through the real service (auto-assignment included)."""
    with in_schema(company.schema_name):
        return ticket_create(
            condo_id=unit.building.condo_id,
            unit_id=unit.pk,
            author_id=author.pk,
            author_kind="resident",
            category_code=category,
            description=fields.pop("description", "The kitchen tap drips"),
            source="bot",
            **fields,
        )


@pytest.fixture
def sign_in(client_for, company_client, login):
    """sign_in(user) → Api on the company host (each login from its own address: the auth rate
    limit counts per address)."""

    def make(user, company_host=None) -> Api:
        host = client_for(company_host, REMOTE_ADDR=f"10.30.0.{next(_addresses)}")
        token = login(host, user.email)["access"]
        return Api(client_for(company_host), token)

    return make


@pytest.fixture
def as_role(make_user, company, sign_in):
    """as_role(role, condo) → Api of a fresh user holding that membership."""
    counter = itertools.count(1)

    def make(role: str, condo=None) -> Api:
        user = make_user(
            f"{role}-{next(counter)}@company.test",
            memberships=[(company, role, condo.pk if condo is not None else None)],
        )
        return sign_in(user, company)

    return make


@pytest.fixture
def boss(director, sign_in, company) -> Api:
    return sign_in(director, company)


# --- Telegram: accounts, the notifications' clock, what was queued for a chat ---------------


@pytest.fixture
def clock(monkeypatch):
    """clock(moment): the notifications' "now"."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(notifications, "_now", lambda: moment)

    set_to(DAYTIME)
    return set_to


@pytest.fixture
def chats(crew):
    """Telegram accounts: Anna (en), Pavel (en), Ivan (bg), Boris (ru), Petar and Elena (en);
    Lina has none."""
    languages = {"anna": "en", "pavel": "en", "ivan": "bg", "boris": "ru", "petar": "en", "elena": "en"}
    return {
        name: TelegramAccount.objects.create(
            telegram_user_id=9000 + index,
            chat_id=9000 + index,
            user=getattr(crew.users, name),
            language_code=language,
        )
        for index, (name, language) in enumerate(languages.items())
    }


def rows_of(account) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(chat_id=account.chat_id).order_by("id"))


def keyboard(row: OutboxMessage) -> list[list[tuple[str, str]]]:
    rows = row.payload.get("reply_markup", {}).get("inline_keyboard", [])
    return [[(button["text"], button["callback_data"]) for button in line] for line in rows]
