"""Company API for people: residents, invites, staff and specializations (/api/v1 on the
company host), roles per SPEC §2, isolation between companies, memberships kept in step."""

import itertools
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import CompanyRole, Membership, PlatformRole, User
from shared_apps.audit.models import AuditEntry
from shared_apps.botrouting.models import InviteRoute
from tenant_apps.condos.models import Condo, Unit, UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.models import Invite, Resident, Specialization, StaffProfile
from tenant_apps.residents.services import (
    invite_accept,
    invite_create_resident,
    invite_create_staff,
    resident_link,
    resident_unlink,
    staff_join,
)
from tenants.schemas import in_schema
from tests.helpers import JSON, PASSWORD, bearer

TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_addresses = itertools.count(1)


class Api:
    """Bearer-authenticated calls to /api/v1 on one host."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = bearer(token) if token else {}

    def get(self, path: str, **query):
        return self.client.get(f"/api/v1{path}", query, **self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(f"/api/v1{path}", body or {}, content_type=JSON, **self.headers)

    def patch(self, path: str, body: dict):
        return self.client.patch(f"/api/v1{path}", body, content_type=JSON, **self.headers)


def _unit(building, number, *, entrance=None, floor=None):
    """A flat (in the building's first entrance unless one is given)."""
    unit_type = UnitType.objects.get(condo=building.condo, code="residential")
    if entrance is None:
        entrance = building.entrances.first() or entrance_create(building=building, name="1")
    return unit_create(
        building=building, entrance=entrance, number=number, area="54.30", floor=floor, unit_type=unit_type
    )


@pytest.fixture
def place(company):
    """Green Hills (building A: units 12, 14) and Lake View (building B: unit 1)."""
    with in_schema(company.schema_name):
        hills = condo_create(name="Green Hills", city="Sofia", street="Vitosha", house="12")
        building_a = building_create(condo=hills, name="A")
        entrance = entrance_create(building=building_a, name="1")
        lake = condo_create(name="Lake View")
        building_b = building_create(condo=lake, name="B")
        return SimpleNamespace(
            hills=hills,
            lake=lake,
            u12=_unit(building_a, "12", entrance=entrance, floor=3),
            u14=_unit(building_a, "14", entrance=entrance, floor=4),
            u1=_unit(building_b, "1"),
        )


@pytest.fixture
def sign_in(client_for, company_client, login):
    """sign_in(user, company=company) → Api on the company host with the user's access token
    (each login from its own address: the auth rate limit counts per address)."""

    def make(user, on=None) -> Api:
        host = client_for(on, REMOTE_ADDR=f"10.20.0.{next(_addresses)}") if on else company_client
        token = login(host, user.email)["access"]
        return Api(company_client, token)

    return make


@pytest.fixture
def as_role(make_user, company, sign_in):
    """as_role(role, condo) → Api of a fresh user holding that role in the company."""
    counter = itertools.count(1)

    def make(role: str, condo=None) -> Api:
        user = make_user(
            f"{role}-{next(counter)}@company.test",
            memberships=[(company, role, condo.pk if condo is not None else None)],
        )
        return sign_in(user, on=company)

    return make


@pytest.fixture
def boss(director, sign_in, company) -> Api:
    return sign_in(director, on=company)


@pytest.fixture
def hills_admin(as_role, place) -> Api:
    return as_role(CompanyRole.CONDO_ADMIN, place.hills)


@pytest.fixture
def accountant(as_role) -> Api:
    return as_role(CompanyRole.ACCOUNTANT)


def memberships(user, company) -> list[tuple[str, int | None]]:
    return sorted(Membership.objects.filter(user=user, company=company).values_list("role", "condo_id"))


def audit_actions(company, *, actor=None) -> list[str]:
    with in_schema(company.schema_name):
        entries = AuditEntry.objects.exclude(action__startswith="auth.").order_by("id")
        if actor is not None:
            entries = entries.filter(actor_id=actor.pk)
        return list(entries.values_list("action", flat=True))


def link(company, unit, email, **fields):
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, **fields)
    with in_schema(company.schema_name):
        return resident_link(unit=unit, user=user)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def error_fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    return sorted(response.json()["error"]["fields"])


# --- residents --------------------------------------------------------------------------------


def test_director_links_a_new_person_by_email_and_gets_the_same_link_again(company, place, boss, director):
    # when
    response = boss.post(
        "/residents",
        {"unit_id": place.u12.pk, "email": " Anna@Home.TEST ", "kind": "tenant", "first_name": "Anna"},
    )
    again = boss.post("/residents", {"unit_id": place.u12.pk, "email": "anna@home.test"})
    # then
    assert response.status_code == 201, response.content
    anna = User.objects.get(email="anna@home.test")
    body = response.json()
    assert body == {
        "id": body["id"],
        "unit_id": place.u12.pk,
        "unit_number": "12",
        "building_id": place.u12.building_id,
        "building_name": "A",
        "condo_id": place.hills.pk,
        "user_id": anna.pk,
        "email": "anna@home.test",
        "first_name": "Anna",
        "last_name": "",
        "kind": "tenant",
        "since": timezone.localdate().isoformat(),
        "until": None,
        "active": True,
    }
    assert again.status_code == 200
    assert again.json() == body
    assert not anna.has_usable_password()
    assert memberships(anna, company) == [(CompanyRole.RESIDENT, place.hills.pk)]
    with in_schema(company.schema_name):
        assert Resident.objects.filter(user_id=anna.pk).count() == 1
        entry = AuditEntry.objects.get(action="resident.link")
    assert (entry.actor_id, entry.ip, entry.changes) == (
        director.pk,
        "127.0.0.1",
        {"user": anna.pk, "unit": place.u12.pk, "kind": "tenant"},
    )


def test_linking_a_known_person_fills_only_their_blank_names(company, place, boss, make_user, director):
    # given
    boris = make_user("boris@home.test", first_name="Boris")
    # when
    response = boss.post(
        "/residents",
        {"unit_id": place.u1.pk, "email": "boris@home.test", "first_name": "Bob", "last_name": "Ivanov"},
    )
    # then
    assert response.status_code == 201
    assert (response.json()["first_name"], response.json()["last_name"]) == ("Boris", "Ivanov")
    boris.refresh_from_db()
    assert (boris.first_name, boris.last_name) == ("Boris", "Ivanov")
    assert audit_actions(company, actor=director) == ["user.update", "membership.grant", "resident.link"]


def test_link_validation_names_the_field(place, boss):
    assert error_fields(boss.post("/residents", {"unit_id": place.u12.pk, "email": "not-an-email"})) == [
        "email"
    ]
    assert error_fields(
        boss.post("/residents", {"unit_id": place.u12.pk, "email": "a@home.test", "kind": "landlord"})
    ) == ["kind"]
    assert error_fields(boss.post("/residents", {"email": "a@home.test"})) == ["unit_id"]
    missing = boss.post("/residents", {"unit_id": place.u1.pk + 1000, "email": "a@home.test"})
    assert missing.status_code == 404
    assert User.objects.filter(email="a@home.test").count() == 0


def test_unlinking_the_last_unit_in_a_condo_drops_the_resident_membership(company, place, boss, director):
    # given one person in two units of Green Hills
    first = link(company, place.u12, "vera@home.test")
    second = link(company, place.u14, "vera@home.test")
    vera = User.objects.get(email="vera@home.test")
    # when the first link ends, she still lives in the condo
    response = boss.post(f"/residents/{first.pk}/unlink")
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["until"], response.json()["active"]) == (timezone.localdate().isoformat(), False)
    assert memberships(vera, company) == [(CompanyRole.RESIDENT, place.hills.pk)]
    # when the last one ends (with a last day given)
    yesterday = timezone.localdate() - timedelta(days=1)
    with in_schema(company.schema_name):
        Resident.objects.filter(pk=second.pk).update(since=yesterday - timedelta(days=30))
    last = boss.post(f"/residents/{second.pk}/unlink", {"until": yesterday.isoformat()})
    repeated = boss.post(f"/residents/{second.pk}/unlink")
    # then
    assert last.status_code == 200
    assert last.json()["until"] == yesterday.isoformat()
    assert repeated.status_code == 200
    assert repeated.json()["until"] == yesterday.isoformat()
    assert memberships(vera, company) == []
    assert audit_actions(company, actor=director) == ["resident.unlink", "resident.unlink"]


def test_unlink_refuses_a_last_day_outside_the_link(company, place, boss):
    resident = link(company, place.u12, "gleb@home.test")
    today = timezone.localdate()
    for until in (today + timedelta(days=1), today - timedelta(days=1)):
        response = boss.post(f"/residents/{resident.pk}/unlink", {"until": until.isoformat()})
        assert error_fields(response) == ["until"]
    assert error_fields(boss.post(f"/residents/{resident.pk}/unlink", {"until": "31.12.2024"})) == ["until"]
    with in_schema(company.schema_name):
        assert Resident.objects.get(pk=resident.pk).until is None


def test_residents_list_filters_by_condo_unit_state_and_search(company, place, boss):
    # given
    anna = link(company, place.u12, "anna@home.test", first_name="Anna", last_name="Petrova")
    boris = link(company, place.u14, "boris@home.test", first_name="Boris")
    lake = link(company, place.u1, "lake@home.test")
    gone = link(company, place.u1, "gone@home.test")
    with in_schema(company.schema_name):
        resident_unlink(resident=gone)
    # then
    assert ids(boss.get("/residents")) == [anna.pk, boris.pk, lake.pk, gone.pk]
    assert ids(boss.get("/residents", condo=place.hills.pk)) == [anna.pk, boris.pk]
    assert ids(boss.get("/residents", unit=place.u1.pk)) == [lake.pk, gone.pk]
    assert ids(boss.get("/residents", active="true")) == [anna.pk, boris.pk, lake.pk]
    assert ids(boss.get("/residents", active="false")) == [gone.pk]
    assert ids(boss.get("/residents", search="petrova")) == [anna.pk]
    assert ids(boss.get("/residents", search="HOME.test boris")) == [boris.pk]
    assert ids(boss.get("/residents", search="14")) == [boris.pk]
    assert boss.get("/residents", condo=place.lake.pk + 1000).status_code == 404
    assert boss.get("/residents", unit=place.u1.pk + 1000).status_code == 404
    assert error_fields(boss.get("/residents", active="maybe")) == ["active"]


def test_residents_list_pages_with_a_cursor(company, place, boss):
    # given
    links = [link(company, place.u12, f"p{n}@home.test") for n in range(5)]
    # when
    first = boss.get("/residents", limit=2)
    second = boss.get("/residents", limit=2, cursor=first.json()["next_cursor"])
    third = boss.get("/residents", limit=2, cursor=second.json()["next_cursor"])
    # then
    assert ids(first) + ids(second) + ids(third) == [r.pk for r in links]
    assert third.json()["next_cursor"] is None
    assert error_fields(boss.get("/residents", limit=201)) == ["limit"]
    assert error_fields(boss.get("/residents", limit=0)) == ["limit"]
    assert error_fields(boss.get("/residents", cursor="%%%")) == ["cursor"]
    assert ids(boss.get("/residents", limit=200)) == [r.pk for r in links]


def test_condo_admin_reads_and_links_only_in_their_condo(company, place, hills_admin):
    # given
    ours = link(company, place.u12, "ours@home.test")
    theirs = link(company, place.u1, "theirs@home.test")
    # then
    assert ids(hills_admin.get("/residents")) == [ours.pk]
    assert hills_admin.get("/residents", condo=place.lake.pk).status_code == 403
    assert hills_admin.get("/residents", unit=place.u1.pk).status_code == 403
    refused = hills_admin.post("/residents", {"unit_id": place.u1.pk, "email": "new@home.test"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert hills_admin.post(f"/residents/{theirs.pk}/unlink").status_code == 403
    assert not User.objects.filter(email="new@home.test").exists()
    assert (
        hills_admin.post("/residents", {"unit_id": place.u14.pk, "email": "new@home.test"}).status_code == 201
    )
    assert hills_admin.post(f"/residents/{ours.pk}/unlink").status_code == 200
    with in_schema(company.schema_name):
        assert Resident.objects.get(pk=theirs.pk).until is None


def test_super_admin_acts_as_a_director(company, place, make_user, sign_in):
    operator = make_user("root@servai.test", platform_role=PlatformRole.SUPER_ADMIN)
    api = sign_in(operator, on=company)
    assert api.post("/residents", {"unit_id": place.u1.pk, "email": "x@home.test"}).status_code == 201
    assert api.post("/invites/staff", {"condo_id": place.lake.pk, "role": "condo_admin"}).status_code == 201


# --- roles on every route ---------------------------------------------------------------------


@pytest.fixture
def people(company, place):
    """One of everything in Green Hills: a resident, a resident invite, a staff member."""
    resident = link(company, place.u12, "someone@home.test")
    worker = User.objects.create_user(email="worker@company.test")
    with in_schema(company.schema_name):
        invite = invite_create_resident(unit=place.u12)
        staff = staff_join(user=worker, condo=place.hills, specialization_codes=["plumber"])
    return SimpleNamespace(resident=resident, invite=invite, staff=staff)


def routes(place, people) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", "/residents", None),
        ("post", "/residents", {"unit_id": place.u14.pk, "email": "new@home.test"}),
        ("post", f"/residents/{people.resident.pk}/unlink", {}),
        ("get", "/invites", None),
        ("post", "/invites/resident", {"unit_id": place.u14.pk}),
        ("post", "/invites/staff", {"condo_id": place.hills.pk, "role": "staff"}),
        ("post", f"/invites/{people.invite.pk}/revoke", {}),
        ("get", "/staff", None),
        ("patch", f"/staff/{people.staff.pk}", {"specializations": ["cleaner"]}),
        ("post", f"/staff/{people.staff.pk}/deactivate", {}),
        ("get", "/specializations", None),
    ]


def call(api: Api, method: str, path: str, body):
    return api.get(path) if method == "get" else getattr(api, method)(path, body)


def test_accountant_reads_everything_and_changes_nothing(company, place, people, accountant):
    # given
    before = audit_actions(company)
    # when / then
    for method, path, body in routes(place, people):
        response = call(accountant, method, path, body)
        assert response.status_code == (200 if method == "get" else 403), (method, path, response.content)
    assert ids(accountant.get("/residents")) == [people.resident.pk]
    assert ids(accountant.get("/invites")) == [people.invite.pk]
    assert ids(accountant.get("/staff")) == [people.staff.pk]
    assert audit_actions(company) == before
    with in_schema(company.schema_name):
        assert Invite.objects.get(pk=people.invite.pk).revoked_at is None
        assert StaffProfile.objects.get(pk=people.staff.pk).is_active


@pytest.mark.parametrize("role", [CompanyRole.STAFF, CompanyRole.RESIDENT])
def test_staff_and_residents_have_no_company_api(place, people, as_role, role):
    api = as_role(role, place.hills)
    for method, path, body in routes(place, people):
        response = call(api, method, path, body)
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["error"]["code"] == "permission_denied"


def test_every_route_needs_a_token(company_client, place, people):
    anonymous = Api(company_client, None)
    for method, path, body in routes(place, people):
        response = call(anonymous, method, path, body)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "not_authenticated"


def test_a_director_of_another_company_gets_nothing_here(place, people, make_user, other_company, sign_in):
    outsider = make_user("boss@other.test", memberships=[(other_company, CompanyRole.DIRECTOR, None)])
    api = sign_in(outsider, on=other_company)
    for method, path, body in routes(place, people):
        response = call(api, method, path, body)
        assert response.status_code == 403, (method, path)
        assert response.json()["error"]["code"] == "no_company_access"


@pytest.fixture
def elsewhere(other_company):
    """The other company's own condo, unit, resident, invite and staff member."""
    with in_schema(other_company.schema_name):
        condo = condo_create(name="Far Away")
        building = building_create(condo=condo, name="Z")
        unit = _unit(building, "99")
        resident = resident_link(unit=unit, user=User.objects.create_user(email="far@home.test"))
        invite = invite_create_resident(unit=unit)
        staff = staff_join(user=User.objects.create_user(email="far@staff.test"), condo=condo)
        Specialization.objects.create(code="chimney", name="Chimney sweep")
    return SimpleNamespace(condo=condo, unit=unit, resident=resident, invite=invite, staff=staff)


def test_ids_of_another_company_are_not_found_on_every_route(company, boss, elsewhere, other_company):
    # given nothing of the kind exists in this company's schema
    with in_schema(company.schema_name):
        assert not Resident.objects.filter(pk=elsewhere.resident.pk).exists()
        assert not Invite.objects.filter(pk=elsewhere.invite.pk).exists()
        assert not StaffProfile.objects.filter(pk=elsewhere.staff.pk).exists()
    with in_schema(company.schema_name):
        assert not Condo.objects.filter(pk=elsewhere.condo.pk).exists()
        assert not Unit.objects.filter(pk=elsewhere.unit.pk).exists()
    # when / then
    for response in (
        boss.get("/residents", condo=elsewhere.condo.pk),
        boss.get("/residents", unit=elsewhere.unit.pk),
        boss.post("/residents", {"unit_id": elsewhere.unit.pk, "email": "sneaky@home.test"}),
        boss.post(f"/residents/{elsewhere.resident.pk}/unlink"),
        boss.get("/invites", condo=elsewhere.condo.pk),
        boss.get("/invites", unit=elsewhere.unit.pk),
        boss.post("/invites/resident", {"unit_id": elsewhere.unit.pk}),
        boss.post("/invites/staff", {"condo_id": elsewhere.condo.pk, "role": "staff"}),
        boss.post(f"/invites/{elsewhere.invite.pk}/revoke"),
        boss.get("/staff", condo=elsewhere.condo.pk),
        boss.patch(f"/staff/{elsewhere.staff.pk}", {"specializations": []}),
        boss.post(f"/staff/{elsewhere.staff.pk}/deactivate"),
    ):
        assert response.status_code == 404, response.request["PATH_INFO"]
        assert response.json()["error"]["code"] == "not_found"
    assert ids(boss.get("/residents")) == []
    assert ids(boss.get("/invites")) == []
    assert ids(boss.get("/staff")) == []
    # and the other company's rows are untouched
    with in_schema(other_company.schema_name):
        assert Resident.objects.get(pk=elsewhere.resident.pk).until is None
        assert Invite.objects.get(pk=elsewhere.invite.pk).revoked_at is None
        assert StaffProfile.objects.get(pk=elsewhere.staff.pk).is_active
    assert not User.objects.filter(email="sneaky@home.test").exists()


def test_specializations_of_another_company_are_unknown_here(place, boss, elsewhere, crew):
    assert "chimney" not in [s["code"] for s in boss.get("/specializations").json()]
    invite = boss.post("/invites/staff", {"condo_id": place.hills.pk, "specializations": ["chimney"]})
    assert error_fields(invite) == ["specializations"]
    assert error_fields(boss.patch(f"/staff/{crew.ema.pk}", {"specializations": ["chimney"]})) == [
        "specializations"
    ]


# --- invites ----------------------------------------------------------------------------------


def test_resident_invite_answers_a_telegram_deep_link_once(company, place, boss, director):
    # when
    response = boss.post("/invites/resident", {"unit_id": place.u12.pk, "resident_kind": "tenant"})
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    token = body["token"]
    assert TOKEN.match(token)
    assert body["deep_link"] == f"https://t.me/servai_bot?start={token}"
    with in_schema(company.schema_name):
        invite = Invite.objects.get(token=token)
    assert body == {
        "id": invite.pk,
        "kind": "resident",
        "condo_id": place.hills.pk,
        "condo_name": "Green Hills",
        "unit_id": place.u12.pk,
        "unit_number": "12",
        "building_name": "A",
        "resident_kind": "tenant",
        "role": "",
        "specializations": [],
        "expires_at": body["expires_at"],
        "revoked_at": None,
        "uses": 0,
        "active": True,
        "created_by_id": director.pk,
        "created_at": body["created_at"],
        "token": token,
        "deep_link": f"https://t.me/servai_bot?start={token}",
    }
    assert invite.expires_at - invite.created_at == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))
    assert InviteRoute.objects.get(token=token).schema_name == "company"
    listed = boss.get("/invites").json()["items"]
    assert [item["id"] for item in listed] == [invite.pk]
    assert "token" not in listed[0]
    assert "deep_link" not in listed[0]
    assert audit_actions(company, actor=director) == ["invite.create"]


def test_a_unit_keeps_one_active_invite(place, boss):
    assert boss.post("/invites/resident", {"unit_id": place.u12.pk}).status_code == 201
    response = boss.post("/invites/resident", {"unit_id": place.u12.pk})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invite_limit_reached"


def test_resident_invite_validation(place, boss):
    assert error_fields(boss.post("/invites/resident", {"unit_id": place.u12.pk, "resident_kind": "x"})) == [
        "resident_kind"
    ]
    assert error_fields(boss.post("/invites/resident", {"unit_id": "twelve"})) == ["unit_id"]
    assert boss.post("/invites/resident", {"unit_id": place.u1.pk + 1000}).status_code == 404


def test_a_revoked_invite_refuses_acceptance(company, place, boss, make_user, director):
    # given
    created = boss.post("/invites/resident", {"unit_id": place.u12.pk}).json()
    # when
    response = boss.post(f"/invites/{created['id']}/revoke")
    again = boss.post(f"/invites/{created['id']}/revoke")
    # then
    assert response.status_code == 200
    assert (response.json()["active"], response.json()["revoked_at"] is not None) == (False, True)
    assert again.json()["revoked_at"] == response.json()["revoked_at"]
    with pytest.raises(ApiError) as refused:
        invite_accept(token=created["token"], user=make_user("late@home.test"))
    assert refused.value.code == "invite_revoked"
    assert InviteRoute.objects.get(token=created["token"]).revoked_at is not None
    assert audit_actions(company, actor=director) == ["invite.create", "invite.revoke"]
    # and a new invite can be made for the unit
    assert boss.post("/invites/resident", {"unit_id": place.u12.pk}).status_code == 201


def test_staff_invite_carries_role_condo_and_specializations(company, place, boss, make_user):
    # when
    response = boss.post(
        "/invites/staff",
        {"condo_id": place.lake.pk, "role": "staff", "specializations": ["plumber", "electrician"]},
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["condo_id"], body["unit_id"], body["role"], body["specializations"]) == (
        "staff",
        place.lake.pk,
        None,
        "staff",
        ["electrician", "plumber"],
    )
    assert body["deep_link"] == f"https://t.me/servai_bot?start={body['token']}"
    worker = make_user("new-worker@company.test")
    invite_accept(token=body["token"], user=worker)
    assert memberships(worker, company) == [(CompanyRole.STAFF, place.lake.pk)]


def test_staff_invite_validation_names_the_field(place, boss):
    unknown = boss.post(
        "/invites/staff", {"condo_id": place.hills.pk, "role": "staff", "specializations": ["astronaut"]}
    )
    assert error_fields(unknown) == ["specializations"]
    assert "astronaut" in unknown.json()["error"]["fields"]["specializations"][0]
    assert error_fields(boss.post("/invites/staff", {"condo_id": place.hills.pk, "role": "director"})) == [
        "role"
    ]
    assert error_fields(
        boss.post("/invites/staff", {"condo_id": place.hills.pk, "specializations": "x"})
    ) == ["specializations"]
    assert error_fields(boss.post("/invites/staff", {"role": "staff"})) == ["condo_id"]
    assert boss.post("/invites/staff", {"condo_id": place.lake.pk + 1000}).status_code == 404


def test_only_the_director_invites_condo_admins(company, place, boss, hills_admin):
    # when
    by_admin = hills_admin.post("/invites/staff", {"condo_id": place.hills.pk, "role": "condo_admin"})
    staff_by_admin = hills_admin.post("/invites/staff", {"condo_id": place.hills.pk, "role": "staff"})
    elsewhere_by_admin = hills_admin.post("/invites/staff", {"condo_id": place.lake.pk, "role": "staff"})
    by_director = boss.post("/invites/staff", {"condo_id": place.hills.pk, "role": "condo_admin"})
    # then
    assert (by_admin.status_code, staff_by_admin.status_code, elsewhere_by_admin.status_code) == (
        403,
        201,
        403,
    )
    assert by_director.status_code == 201
    assert hills_admin.post(f"/invites/{by_director.json()['id']}/revoke").status_code == 403
    assert hills_admin.post(f"/invites/{staff_by_admin.json()['id']}/revoke").status_code == 200
    with in_schema(company.schema_name):
        assert Invite.objects.get(pk=by_director.json()["id"]).revoked_at is None


def test_invites_list_filters_and_condo_admin_scope(company, place, boss, hills_admin):
    # given
    with in_schema(company.schema_name):
        hills_unit = invite_create_resident(unit=place.u12)
        lake_unit = invite_create_resident(unit=place.u1)
        hills_staff = invite_create_staff(condo=place.hills)
        expired = invite_create_resident(unit=place.u14)
        Invite.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    everything = [hills_unit.pk, lake_unit.pk, hills_staff.pk, expired.pk]
    # then
    assert ids(boss.get("/invites")) == everything
    assert ids(boss.get("/invites", condo=place.hills.pk)) == [hills_unit.pk, hills_staff.pk, expired.pk]
    assert ids(boss.get("/invites", unit=place.u1.pk)) == [lake_unit.pk]
    assert ids(boss.get("/invites", kind="staff")) == [hills_staff.pk]
    assert ids(boss.get("/invites", active="true")) == [hills_unit.pk, lake_unit.pk, hills_staff.pk]
    assert ids(boss.get("/invites", active="false")) == [expired.pk]
    assert error_fields(boss.get("/invites", kind="vip")) == ["kind"]
    assert ids(hills_admin.get("/invites")) == [hills_unit.pk, hills_staff.pk, expired.pk]
    assert hills_admin.get("/invites", condo=place.lake.pk).status_code == 403
    assert hills_admin.post("/invites/resident", {"unit_id": place.u1.pk}).status_code == 403
    assert hills_admin.post(f"/invites/{lake_unit.pk}/revoke").status_code == 403
    assert hills_admin.post("/invites/resident", {"unit_id": place.u14.pk}).status_code == 201


# --- staff ------------------------------------------------------------------------------------


@pytest.fixture
def crew(company, place):
    """Pavel (plumber, both condos), Ema (cleaner, Lake View), Ivan (condo admin of Green Hills)."""
    pavel = User.objects.create_user(email="pavel@company.test", first_name="Pavel", last_name="Kirov")
    ema = User.objects.create_user(email="ema@company.test", first_name="Ema")
    ivan = User.objects.create_user(email="ivan@company.test")
    with in_schema(company.schema_name):
        pavel_profile = staff_join(user=pavel, condo=place.hills, specialization_codes=["plumber"])
        staff_join(user=pavel, condo=place.lake, specialization_codes=["handyman"])
        ema_profile = staff_join(user=ema, condo=place.lake, specialization_codes=["cleaner"])
        ivan_profile = staff_join(user=ivan, condo=place.hills, role="condo_admin")
    return SimpleNamespace(
        pavel=pavel_profile, ema=ema_profile, ivan=ivan_profile, users={"pavel": pavel, "ema": ema}
    )


def test_staff_list_shows_condos_and_specializations(place, boss, crew):
    # when
    response = boss.get("/staff")
    # then
    assert ids(response) == [crew.pavel.pk, crew.ema.pk, crew.ivan.pk]
    assert response.json()["items"][0] == {
        "id": crew.pavel.pk,
        "user_id": crew.users["pavel"].pk,
        "email": "pavel@company.test",
        "first_name": "Pavel",
        "last_name": "Kirov",
        "role": "staff",
        "specializations": ["handyman", "plumber"],
        "condos": [
            {"id": place.hills.pk, "name": "Green Hills"},
            {"id": place.lake.pk, "name": "Lake View"},
        ],
        "active": True,
        "on_call": False,
        "created_at": response.json()["items"][0]["created_at"],
    }
    assert ids(boss.get("/staff", condo=place.hills.pk)) == [crew.pavel.pk, crew.ivan.pk]
    assert ids(boss.get("/staff", specialization="cleaner")) == [crew.ema.pk]
    assert ids(boss.get("/staff", role="condo_admin")) == [crew.ivan.pk]
    assert ids(boss.get("/staff", search="kirov")) == [crew.pavel.pk]
    assert ids(boss.get("/staff", active="false")) == []
    assert error_fields(boss.get("/staff", role="boss")) == ["role"]


def test_director_changes_specializations_and_unknown_codes_are_named(company, boss, crew, director):
    # when
    response = boss.patch(f"/staff/{crew.ema.pk}", {"specializations": ["security", "cleaner", "security"]})
    unknown = boss.patch(f"/staff/{crew.ema.pk}", {"specializations": ["cleaner", "wizard"]})
    # then
    assert response.status_code == 200, response.content
    assert response.json()["specializations"] == ["cleaner", "security"]
    assert error_fields(unknown) == ["specializations"]
    assert error_fields(boss.patch(f"/staff/{crew.ema.pk}", {"specializations": "cleaner"})) == [
        "specializations"
    ]
    assert error_fields(boss.patch(f"/staff/{crew.ema.pk}", {})) == ["specializations"]
    with in_schema(company.schema_name):
        assert StaffProfile.objects.get(pk=crew.ema.pk).specialization_codes == ["cleaner", "security"]
    assert audit_actions(company, actor=director) == ["staff.specializations"]


def test_deactivating_staff_drops_their_memberships(company, place, boss, crew, director):
    # given
    pavel = crew.users["pavel"]
    assert memberships(pavel, company) == [
        (CompanyRole.STAFF, place.hills.pk),
        (CompanyRole.STAFF, place.lake.pk),
    ]
    # when
    response = boss.post(f"/staff/{crew.pavel.pk}/deactivate")
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["active"], response.json()["condos"]) == (False, [])
    assert memberships(pavel, company) == []
    assert ids(boss.get("/staff", active="false")) == [crew.pavel.pk]
    assert audit_actions(company, actor=director) == ["staff.deactivate"]


def test_condo_admin_manages_only_staff_working_only_in_their_condos(company, place, hills_admin, crew):
    # given Olga works only in Green Hills
    olga = User.objects.create_user(email="olga@company.test")
    with in_schema(company.schema_name):
        olga_profile = staff_join(user=olga, condo=place.hills, specialization_codes=["gardener"])
    # then
    assert ids(hills_admin.get("/staff")) == [crew.pavel.pk, crew.ivan.pk, olga_profile.pk]
    assert hills_admin.get("/staff", condo=place.lake.pk).status_code == 403
    body = {"specializations": ["security"]}
    assert hills_admin.patch(f"/staff/{crew.pavel.pk}", body).status_code == 403  # also in Lake View
    assert hills_admin.patch(f"/staff/{crew.ema.pk}", body).status_code == 403  # Lake View only
    assert hills_admin.patch(f"/staff/{crew.ivan.pk}", body).status_code == 403  # a condo admin
    assert hills_admin.post(f"/staff/{crew.ivan.pk}/deactivate").status_code == 403
    assert hills_admin.post(f"/staff/{crew.pavel.pk}/deactivate").status_code == 403
    assert hills_admin.patch(f"/staff/{olga_profile.pk}", body).json()["specializations"] == ["security"]
    assert hills_admin.post(f"/staff/{olga_profile.pk}/deactivate").json()["active"] is False
    assert memberships(olga, company) == []
    assert memberships(crew.users["pavel"], company) == [
        (CompanyRole.STAFF, place.hills.pk),
        (CompanyRole.STAFF, place.lake.pk),
    ]


def test_specializations_are_the_company_list(accountant):
    response = accountant.get("/specializations")
    assert response.status_code == 200
    assert [(s["code"], s["name"]) for s in response.json()] == [
        ("cleaner", "Cleaner"),
        ("electrician", "Electrician"),
        ("gardener", "Gardener"),
        ("handyman", "Handyman"),
        ("plumber", "Plumber"),
        ("security", "Security"),
    ]


# --- query counts -----------------------------------------------------------------------------


def queries_for(api: Api, path: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, **query)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="the counts assume the Redis-cached user payload")
def test_lists_cost_the_same_queries_whatever_the_page_size(company, place, boss):
    # given six of each in the company
    users = [User.objects.create_user(email=f"n{n}@home.test", first_name=f"N{n}") for n in range(6)]
    with in_schema(company.schema_name):
        for n, user in enumerate(users):
            unit = _unit(place.u12.building, f"{100 + n}")
            resident_link(unit=unit, user=user)
            invite_create_resident(unit=unit)
            staff_join(
                user=user, condo=place.hills if n % 2 else place.lake, specialization_codes=["plumber"]
            )
    boss.get("/specializations")  # warm the cached user payload
    # when / then
    costs = {
        path: (queries_for(boss, path, limit=1), queries_for(boss, path, limit=6))
        for path in ("/residents", "/invites", "/staff", "/specializations")
    }
    # the schema switch, then one SELECT (staff: and one for their condos)
    assert costs == {"/residents": (2, 2), "/invites": (2, 2), "/staff": (3, 3), "/specializations": (2, 2)}
    assert len(boss.get("/residents", limit=6).json()["items"]) == 6
    assert len(boss.get("/staff", limit=6).json()["items"]) == 6


# --- company panel ----------------------------------------------------------------------------


@pytest.fixture
def panel_for(client_for, company):
    """panel_for(user) → a company-panel client signed in as that user."""

    def make(user):
        panel = client_for(company, REMOTE_ADDR=f"10.30.0.{next(_addresses)}")
        signed_in = panel.post("/admin/login/", {"username": user.email, "password": PASSWORD})
        assert signed_in.status_code == 302
        return panel

    return make


def test_company_panel_lists_people_read_only(company, place, people, panel_for, director):
    # given
    panel = panel_for(director)
    # when
    pages = {
        model: panel.get(f"/admin/residents/{model}/")
        for model in ("resident", "staffprofile", "invite", "specialization")
    }
    # then
    assert {model: page.status_code for model, page in pages.items()} == dict.fromkeys(pages, 200)
    assert "someone@home.test" in pages["resident"].content.decode()
    assert "worker@company.test" in pages["staffprofile"].content.decode()
    assert "Plumber" in pages["specialization"].content.decode()
    assert panel.get("/admin/residents/resident/add/").status_code == 403
    invite_page = panel.get(f"/admin/residents/invite/{people.invite.pk}/change/")
    assert invite_page.status_code == 200
    assert people.invite.token not in invite_page.content.decode()
    assert (
        panel.post(f"/admin/residents/resident/{people.resident.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    with in_schema(company.schema_name):
        assert Resident.objects.filter(pk=people.resident.pk).exists()


def test_company_panel_shows_a_condo_admin_only_their_condo(company, place, people, panel_for, make_user):
    # given a condo admin of Lake View, where nobody lives or works yet
    lake_resident = link(company, place.u1, "lakeside@home.test")
    admin_user = make_user(
        "lake-admin@company.test", memberships=[(company, CompanyRole.CONDO_ADMIN, place.lake.pk)]
    )
    panel = panel_for(admin_user)
    # when
    residents = panel.get("/admin/residents/resident/").content.decode()
    staff = panel.get("/admin/residents/staffprofile/").content.decode()
    invites = panel.get("/admin/residents/invite/").content.decode()
    # then
    assert "lakeside@home.test" in residents
    assert "someone@home.test" not in residents
    assert "worker@company.test" not in staff
    assert f"/admin/residents/invite/{people.invite.pk}/change/" not in invites
    assert panel.get(f"/admin/residents/resident/{people.resident.pk}/change/").status_code == 302
    assert panel.get(f"/admin/residents/resident/{lake_resident.pk}/change/").status_code == 200
