"""Company API of the property tree (/api/v1 on a company host): condos, buildings, entrances,
unit types and units — success, validation, roles, isolation, soft-delete cascades, paging."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.accounts.models import CompanyRole, Membership, PlatformRole
from shared_apps.audit.models import AuditEntry
from tenant_apps.condos.models import Building, Condo, Entrance, Unit, UnitType
from tenant_apps.condos.services import (
    building_create,
    building_delete,
    condo_create,
    entrance_create,
    unit_create,
    unit_delete,
)
from tenant_apps.residents.models import Resident
from tenant_apps.residents.services import resident_link
from tenants.schemas import in_schema
from tests.helpers import JSON, bearer


@pytest.fixture(autouse=True)
def _roomy_rate_limits(settings):
    """These tests log several people in and make many calls from one address; the limits
    themselves are tested in tests/accounts."""
    settings.RATE_LIMIT_AUTH_ATTEMPTS = 1000
    settings.RATE_LIMIT_API_PER_MINUTE = 10000


def grow(schema_name: str, *, name: str = "Green Hills", building: str = "A", numbers=("1", "2")):
    """A condo with one building, one entrance and residential units (services, in the schema)."""
    with in_schema(schema_name):
        condo = condo_create(name=name, country="BG", city="Sofia", street="Vitosha", house="12")
        block = building_create(condo=condo, name=building)
        entrance = entrance_create(building=block, name="1")
        residential = UnitType.objects.get(condo=condo, code="residential")
        units = [
            unit_create(
                building=block, entrance=entrance, unit_type=residential, number=n, area="50.00", floor=1
            )
            for n in numbers
        ]
    return SimpleNamespace(
        condo=condo, building=block, entrance=entrance, residential=residential, units=units
    )


@pytest.fixture
def tree(company):
    return grow(company.schema_name)


@pytest.fixture
def lake(company):
    """A second condo of the same company."""
    return grow(company.schema_name, name="Lake View", building="L", numbers=("101",))


@pytest.fixture
def as_role(make_user, company_client, login, company):
    """as_role(role, condo_id) → Authorization headers of a fresh user holding that role here."""

    def headers(role: str, condo_id: int | None = None, email: str | None = None) -> dict:
        email = email or f"{role}-{condo_id or 'all'}@company.test"
        make_user(email, memberships=[(company, role, condo_id)])
        return bearer(login(company_client, email)["access"])

    return headers


@pytest.fixture
def boss(director, company_client, login) -> dict:
    return bearer(login(company_client, director.email)["access"])


def fields_of(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["error"]["fields"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def live(model, **lookup) -> bool:
    return model.objects.filter(**lookup).exists()


# --- condos -------------------------------------------------------------------------------------


def test_director_creates_reads_and_updates_a_condo_with_seeded_unit_types(
    company, company_client, boss, director
):
    # when
    created = company_client.post(
        "/api/v1/condos",
        {"name": " Green Hills ", "country": "BG", "city": "Sofia", "street": "Vitosha", "house": "12"},
        content_type=JSON,
        **boss,
    )
    # then
    assert created.status_code == 201, created.content
    body = created.json()
    condo_id = body.pop("id")
    assert body.pop("created_at") and body.pop("updated_at")
    assert body == {
        "name": "Green Hills",
        "country": "BG",
        "city": "Sofia",
        "street": "Vitosha",
        "house": "12",
        "postal_code": "",
        "address": "Vitosha 12, Sofia, BG",
        "invite_lifetime_days": 7,
        "invite_active_limit": 1,
        "readings_allow_decimals": True,
        "readings_must_not_decrease": True,
        "reading_reminder_days": [20, 25],
        "emergency_phone": "",
        "timezone": "Europe/Sofia",
        "quiet_hours_start": "21:00:00",
        "quiet_hours_end": "09:00:00",
        "building_count": 0,
        "unit_count": 0,
    }
    types = company_client.get(f"/api/v1/unit-types?condo={condo_id}", **boss).json()["items"]
    assert sorted(t["code"] for t in types) == ["commercial", "non_residential", "parking", "residential"]
    # when
    updated = company_client.patch(
        f"/api/v1/condos/{condo_id}",
        {"invite_lifetime_days": 14, "emergency_phone": "+359 2 123"},
        content_type=JSON,
        **boss,
    )
    fetched = company_client.get(f"/api/v1/condos/{condo_id}", **boss)
    # then
    assert updated.status_code == 200, updated.content
    assert (updated.json()["invite_lifetime_days"], updated.json()["emergency_phone"]) == (14, "+359 2 123")
    assert fetched.json()["invite_lifetime_days"] == 14
    with in_schema(company.schema_name):
        entries = list(
            AuditEntry.objects.filter(target_id=str(condo_id), target_type="condos.Condo")
            .order_by("id")
            .values_list("action", "actor_id", "ip")
        )
    assert entries == [
        ("condo.create", director.pk, "127.0.0.1"),
        ("condo.update", director.pk, "127.0.0.1"),
    ]


def test_condo_list_counts_buildings_and_units(company_client, boss, tree, lake):
    # when
    body = company_client.get("/api/v1/condos", **boss).json()
    # then
    assert [(c["name"], c["building_count"], c["unit_count"]) for c in body["items"]] == [
        ("Green Hills", 1, 2),
        ("Lake View", 1, 1),
    ]
    assert body["next_cursor"] is None


def test_condo_validation_names_the_field(company_client, boss, tree):
    # when / then
    assert list(fields_of(company_client.post("/api/v1/condos", {}, content_type=JSON, **boss))) == ["name"]
    assert list(
        fields_of(company_client.post("/api/v1/condos", {"name": "  "}, content_type=JSON, **boss))
    ) == ["name"]
    assert list(
        fields_of(
            company_client.post(
                "/api/v1/condos", {"name": "X", "country": "Bulgaria"}, content_type=JSON, **boss
            )
        )
    ) == ["country"]
    assert list(
        fields_of(
            company_client.post(
                "/api/v1/condos", {"name": "X", "invite_lifetime_days": 0}, content_type=JSON, **boss
            )
        )
    ) == ["invite_lifetime_days"]
    assert list(
        fields_of(
            company_client.post(
                "/api/v1/condos", {"name": "X", "reading_reminder_days": [20, 40]}, content_type=JSON, **boss
            )
        )
    ) == ["reading_reminder_days.1"]
    assert list(
        fields_of(
            company_client.post("/api/v1/condos", {"name": "X", "colour": "red"}, content_type=JSON, **boss)
        )
    ) == ["colour"]
    patched = company_client.patch(
        f"/api/v1/condos/{tree.condo.pk}", {"name": None}, content_type=JSON, **boss
    )
    assert fields_of(patched) == {"name": ["Value error, This field cannot be null."]}


def test_condo_roles(company, company_client, as_role, tree, lake, make_user, login):
    # given
    accountant = as_role(CompanyRole.ACCOUNTANT)
    lake_admin = as_role(CompanyRole.CONDO_ADMIN, lake.condo.pk)
    staff = as_role(CompanyRole.STAFF, tree.condo.pk)
    resident = as_role(CompanyRole.RESIDENT, tree.condo.pk)
    make_user("root@servai.test", platform_role=PlatformRole.SUPER_ADMIN)
    operator = bearer(login(company_client, "root@servai.test")["access"])
    new = {"name": "Sea Breeze"}
    # then: the accountant reads everything and changes nothing
    assert ids(company_client.get("/api/v1/condos", **accountant)) == [tree.condo.pk, lake.condo.pk]
    assert company_client.get(f"/api/v1/condos/{tree.condo.pk}", **accountant).status_code == 200
    assert company_client.post("/api/v1/condos", new, content_type=JSON, **accountant).status_code == 403
    assert (
        company_client.patch(
            f"/api/v1/condos/{tree.condo.pk}", new, content_type=JSON, **accountant
        ).status_code
        == 403
    )
    assert company_client.delete(f"/api/v1/condos/{tree.condo.pk}", **accountant).status_code == 403
    # the condo admin sees and edits their condo only, and creates or deletes none
    assert ids(company_client.get("/api/v1/condos", **lake_admin)) == [lake.condo.pk]
    assert company_client.get(f"/api/v1/condos/{tree.condo.pk}", **lake_admin).status_code == 403
    assert (
        company_client.patch(
            f"/api/v1/condos/{tree.condo.pk}", new, content_type=JSON, **lake_admin
        ).status_code
        == 403
    )
    own = company_client.patch(
        f"/api/v1/condos/{lake.condo.pk}", {"emergency_phone": "112"}, content_type=JSON, **lake_admin
    )
    assert (own.status_code, own.json()["emergency_phone"]) == (200, "112")
    assert company_client.post("/api/v1/condos", new, content_type=JSON, **lake_admin).status_code == 403
    assert company_client.delete(f"/api/v1/condos/{lake.condo.pk}", **lake_admin).status_code == 403
    # staff, residents and strangers get nothing
    for headers in (staff, resident):
        assert company_client.get("/api/v1/condos", **headers).status_code == 403
        assert company_client.get(f"/api/v1/condos/{tree.condo.pk}", **headers).status_code == 403
        assert company_client.post("/api/v1/condos", new, content_type=JSON, **headers).status_code == 403
    assert company_client.get("/api/v1/condos").status_code == 401
    assert company_client.post("/api/v1/condos", new, content_type=JSON).status_code == 401
    # a platform super admin counts as director
    assert company_client.post("/api/v1/condos", new, content_type=JSON, **operator).status_code == 201
    with in_schema(company.schema_name):
        assert sorted(Condo.objects.values_list("name", "emergency_phone")) == [
            ("Green Hills", ""),
            ("Lake View", "112"),
            ("Sea Breeze", ""),
        ]


def test_condo_delete_cascades_and_restore_brings_back_exactly_what_it_took(company, company_client, boss):
    # given a condo with two buildings; building B and unit 2 were deleted before, on their own
    tree = grow(company.schema_name, numbers=("1", "2", "3"))
    with in_schema(company.schema_name):
        other = building_create(condo=tree.condo, name="B")
        building_delete(building=other)
        unit_delete(unit=tree.units[1])
    # when
    deleted = company_client.delete(f"/api/v1/condos/{tree.condo.pk}", **boss)
    # then everything below it is gone from the API
    assert deleted.status_code == 204
    assert company_client.get(f"/api/v1/condos/{tree.condo.pk}", **boss).status_code == 404
    assert company_client.get(f"/api/v1/buildings/{tree.building.pk}", **boss).status_code == 404
    assert company_client.get(f"/api/v1/entrances/{tree.entrance.pk}", **boss).status_code == 404
    assert company_client.get(f"/api/v1/units/{tree.units[0].pk}", **boss).status_code == 404
    for path in (
        "/api/v1/condos",
        "/api/v1/buildings",
        "/api/v1/entrances",
        "/api/v1/units",
        "/api/v1/unit-types",
    ):
        assert ids(company_client.get(path, **boss)) == [], path
    # when
    restored = company_client.post(f"/api/v1/condos/{tree.condo.pk}/restore", **boss)
    # then exactly what the delete took is back
    assert restored.status_code == 200, restored.content
    assert (restored.json()["building_count"], restored.json()["unit_count"]) == (1, 2)
    assert ids(company_client.get("/api/v1/buildings", **boss)) == [tree.building.pk]
    assert ids(company_client.get("/api/v1/entrances", **boss)) == [tree.entrance.pk]
    assert ids(company_client.get("/api/v1/units", **boss)) == [tree.units[0].pk, tree.units[2].pk]
    assert len(ids(company_client.get(f"/api/v1/unit-types?condo={tree.condo.pk}", **boss))) == 4
    with in_schema(company.schema_name):
        assert (live(Building, pk=other.pk), live(Unit, pk=tree.units[1].pk)) == (False, False)
        actions = list(AuditEntry.objects.filter(target_type="condos.Condo").values_list("action", flat=True))
    assert sorted(actions) == ["condo.create", "condo.delete", "condo.restore"]


def test_deleting_a_condo_with_residents_needs_force(company, company_client, boss, tree, make_user):
    # given
    anna = make_user("anna@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=tree.units[0], user=anna)
    # when
    refused = company_client.delete(f"/api/v1/condos/{tree.condo.pk}", **boss)
    forced = company_client.delete(f"/api/v1/condos/{tree.condo.pk}?force=true", **boss)
    # then
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "has_active_residents"
    assert refused.json()["error"]["message"] == (
        "Condo Green Hills has units with active residents (1); unlink them first or delete with force=true"
    )
    assert forced.status_code == 204
    with in_schema(company.schema_name):
        assert Resident.objects.get(user_id=anna.pk).until is not None
    assert not Membership.objects.filter(user=anna, company=company).exists()


def test_condo_restore_of_a_missing_or_live_condo(company_client, boss, tree):
    assert company_client.post("/api/v1/condos/999999/restore", **boss).status_code == 404
    live_one = company_client.post(f"/api/v1/condos/{tree.condo.pk}/restore", **boss)
    assert (live_one.status_code, live_one.json()["unit_count"]) == (200, 2)


# --- buildings ----------------------------------------------------------------------------------


def test_buildings_create_list_read_update_delete_restore(company, company_client, boss, tree, lake):
    # when
    created = company_client.post(
        "/api/v1/buildings", {"condo_id": tree.condo.pk, "name": "B"}, content_type=JSON, **boss
    )
    # then
    assert created.status_code == 201, created.content
    body = created.json()
    building_id = body["id"]
    assert (body["condo_id"], body["name"], body["entrance_count"], body["unit_count"]) == (
        tree.condo.pk,
        "B",
        0,
        0,
    )
    assert ids(company_client.get(f"/api/v1/buildings?condo={tree.condo.pk}", **boss)) == [
        tree.building.pk,
        building_id,
    ]
    assert ids(company_client.get("/api/v1/buildings", **boss)) == [
        tree.building.pk,
        lake.building.pk,
        building_id,
    ]
    fetched = company_client.get(f"/api/v1/buildings/{tree.building.pk}", **boss).json()
    assert (fetched["name"], fetched["entrance_count"], fetched["unit_count"]) == ("A", 1, 2)
    # when renamed
    renamed = company_client.patch(
        f"/api/v1/buildings/{building_id}", {"name": "C"}, content_type=JSON, **boss
    )
    # then
    assert (renamed.status_code, renamed.json()["name"]) == (200, "C")
    # when the first building is deleted and restored
    assert company_client.delete(f"/api/v1/buildings/{tree.building.pk}", **boss).status_code == 204
    assert company_client.get(f"/api/v1/buildings/{tree.building.pk}", **boss).status_code == 404
    assert ids(company_client.get(f"/api/v1/units?condo={tree.condo.pk}", **boss)) == []
    assert ids(company_client.get(f"/api/v1/entrances?building={tree.building.pk}", **boss)) == []
    restored = company_client.post(f"/api/v1/buildings/{tree.building.pk}/restore", **boss)
    # then its entrance and units are back
    assert restored.status_code == 200, restored.content
    assert (restored.json()["entrance_count"], restored.json()["unit_count"]) == (1, 2)
    with in_schema(company.schema_name):
        assert sorted(
            AuditEntry.objects.filter(
                target_type="condos.Building", target_id=str(tree.building.pk)
            ).values_list("action", flat=True)
        ) == ["building.create", "building.delete", "building.restore"]


def test_building_validation_names_the_field(company_client, boss, tree):
    def post(body):
        return company_client.post("/api/v1/buildings", body, content_type=JSON, **boss)

    assert list(fields_of(post({"name": "B"}))) == ["condo_id"]
    assert list(fields_of(post({"condo_id": tree.condo.pk}))) == ["name"]
    assert list(fields_of(post({"condo_id": tree.condo.pk, "name": "x" * 61}))) == ["name"]
    assert fields_of(post({"condo_id": tree.condo.pk, "name": "A"})) == {"name": ["'A' already exists here."]}
    assert post({"condo_id": 999999, "name": "B"}).status_code == 404
    assert list(
        fields_of(
            company_client.patch(f"/api/v1/buildings/{tree.building.pk}", {}, content_type=JSON, **boss)
        )
    ) == ["name"]


def test_a_deleted_buildings_name_can_be_reused_and_then_blocks_its_restore(company_client, boss, tree):
    # given
    assert company_client.delete(f"/api/v1/buildings/{tree.building.pk}", **boss).status_code == 204
    again = company_client.post(
        "/api/v1/buildings", {"condo_id": tree.condo.pk, "name": "A"}, content_type=JSON, **boss
    )
    assert again.status_code == 201
    # when
    restored = company_client.post(f"/api/v1/buildings/{tree.building.pk}/restore", **boss)
    # then
    assert fields_of(restored) == {"name": ["Another building is named 'A' now."]}


def test_a_building_of_a_deleted_condo_is_restored_with_the_condo(company_client, boss, tree):
    company_client.delete(f"/api/v1/condos/{tree.condo.pk}", **boss)
    refused = company_client.post(f"/api/v1/buildings/{tree.building.pk}/restore", **boss)
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "parent_deleted")


def test_building_roles(company_client, as_role, tree, lake):
    # given
    accountant = as_role(CompanyRole.ACCOUNTANT)
    lake_admin = as_role(CompanyRole.CONDO_ADMIN, lake.condo.pk)
    staff = as_role(CompanyRole.STAFF, lake.condo.pk)
    # then
    assert ids(company_client.get("/api/v1/buildings", **accountant)) == [tree.building.pk, lake.building.pk]
    assert ids(company_client.get("/api/v1/buildings", **lake_admin)) == [lake.building.pk]
    assert company_client.get(f"/api/v1/buildings?condo={tree.condo.pk}", **lake_admin).status_code == 403
    assert company_client.get(f"/api/v1/buildings/{tree.building.pk}", **lake_admin).status_code == 403
    assert company_client.get(f"/api/v1/buildings/{lake.building.pk}", **lake_admin).status_code == 200
    for who, condo, expected in (
        (accountant, lake.condo.pk, 403),
        (lake_admin, tree.condo.pk, 403),
        (staff, lake.condo.pk, 403),
        (lake_admin, lake.condo.pk, 201),
    ):
        response = company_client.post(
            "/api/v1/buildings", {"condo_id": condo, "name": "New"}, content_type=JSON, **who
        )
        assert response.status_code == expected, (condo, response.content)
    path = f"/api/v1/buildings/{tree.building.pk}"
    for who in (accountant, lake_admin):
        assert company_client.patch(path, {"name": "Z"}, content_type=JSON, **who).status_code == 403
        assert company_client.delete(path, **who).status_code == 403
        assert company_client.post(f"{path}/restore", **who).status_code == 403
    assert company_client.get("/api/v1/buildings", **staff).status_code == 403
    assert company_client.get("/api/v1/buildings").status_code == 401


# --- entrances ----------------------------------------------------------------------------------


def test_entrances_create_list_read_update_delete_restore(company, company_client, boss, tree, lake):
    # when
    created = company_client.post(
        "/api/v1/entrances", {"building_id": tree.building.pk, "name": "2"}, content_type=JSON, **boss
    )
    # then
    assert created.status_code == 201, created.content
    body = created.json()
    entrance_id = body.pop("id")
    assert body.pop("created_at") and body.pop("updated_at")
    assert body == {"condo_id": tree.condo.pk, "building_id": tree.building.pk, "name": "2", "unit_count": 0}
    assert ids(company_client.get(f"/api/v1/entrances?building={tree.building.pk}", **boss)) == [
        tree.entrance.pk,
        entrance_id,
    ]
    assert ids(company_client.get("/api/v1/entrances", **boss)) == [
        tree.entrance.pk,
        lake.entrance.pk,
        entrance_id,
    ]
    assert company_client.get(f"/api/v1/entrances/{tree.entrance.pk}", **boss).json()["unit_count"] == 2
    renamed = company_client.patch(
        f"/api/v1/entrances/{entrance_id}", {"name": "B"}, content_type=JSON, **boss
    )
    assert (renamed.status_code, renamed.json()["name"]) == (200, "B")
    # when the first entrance goes
    assert company_client.delete(f"/api/v1/entrances/{tree.entrance.pk}", **boss).status_code == 204
    # then its units go with it and come back with it
    assert company_client.get(f"/api/v1/entrances/{tree.entrance.pk}", **boss).status_code == 404
    assert ids(company_client.get(f"/api/v1/units?building={tree.building.pk}", **boss)) == []
    restored = company_client.post(f"/api/v1/entrances/{tree.entrance.pk}/restore", **boss)
    assert (restored.status_code, restored.json()["unit_count"]) == (200, 2)
    assert ids(company_client.get(f"/api/v1/units?building={tree.building.pk}", **boss)) == [
        u.pk for u in tree.units
    ]


def test_entrance_validation_names_the_field(company_client, boss, tree):
    def post(body):
        return company_client.post("/api/v1/entrances", body, content_type=JSON, **boss)

    assert list(fields_of(post({"name": "2"}))) == ["building_id"]
    assert list(fields_of(post({"building_id": tree.building.pk, "name": ""}))) == ["name"]
    assert list(fields_of(post({"building_id": tree.building.pk, "name": "x" * 31}))) == ["name"]
    assert fields_of(post({"building_id": tree.building.pk, "name": "1"})) == {
        "name": ["'1' already exists here."]
    }
    assert post({"building_id": 999999, "name": "2"}).status_code == 404


def test_entrance_restore_refuses_a_taken_name_or_unit_number(company, company_client, boss, tree):
    # given entrance 1 (units 1, 2) deleted; a new entrance 1 and a new unit 2 took their places
    company_client.delete(f"/api/v1/entrances/{tree.entrance.pk}", **boss)
    fresh = company_client.post(
        "/api/v1/entrances", {"building_id": tree.building.pk, "name": "1"}, content_type=JSON, **boss
    ).json()
    # when
    by_name = company_client.post(f"/api/v1/entrances/{tree.entrance.pk}/restore", **boss)
    company_client.patch(f"/api/v1/entrances/{fresh['id']}", {"name": "1b"}, content_type=JSON, **boss)
    company_client.post(
        "/api/v1/units",
        {
            "building_id": tree.building.pk,
            "entrance_id": fresh["id"],
            "unit_type_id": tree.residential.pk,
            "number": "2",
            "area": "40",
        },
        content_type=JSON,
        **boss,
    )
    by_number = company_client.post(f"/api/v1/entrances/{tree.entrance.pk}/restore", **boss)
    # then
    assert fields_of(by_name) == {"name": ["Another entrance is named '1' now."]}
    assert fields_of(by_number) == {"number": ["Units 2 exist in this building now; renumber them first."]}
    with in_schema(company.schema_name):
        assert not live(Entrance, pk=tree.entrance.pk)


def test_entrance_roles(company_client, as_role, tree, lake):
    # given
    accountant = as_role(CompanyRole.ACCOUNTANT)
    lake_admin = as_role(CompanyRole.CONDO_ADMIN, lake.condo.pk)
    resident = as_role(CompanyRole.RESIDENT, tree.condo.pk)
    # then
    assert ids(company_client.get("/api/v1/entrances", **accountant)) == [tree.entrance.pk, lake.entrance.pk]
    assert ids(company_client.get("/api/v1/entrances", **lake_admin)) == [lake.entrance.pk]
    assert (
        company_client.get(f"/api/v1/entrances?building={tree.building.pk}", **lake_admin).status_code == 403
    )
    assert company_client.get(f"/api/v1/entrances/{tree.entrance.pk}", **lake_admin).status_code == 403
    body = {"building_id": tree.building.pk, "name": "9"}
    assert company_client.post("/api/v1/entrances", body, content_type=JSON, **accountant).status_code == 403
    assert company_client.post("/api/v1/entrances", body, content_type=JSON, **lake_admin).status_code == 403
    own = {"building_id": lake.building.pk, "name": "9"}
    assert company_client.post("/api/v1/entrances", own, content_type=JSON, **lake_admin).status_code == 201
    path = f"/api/v1/entrances/{tree.entrance.pk}"
    assert company_client.patch(path, {"name": "x"}, content_type=JSON, **lake_admin).status_code == 403
    assert company_client.delete(path, **accountant).status_code == 403
    assert company_client.post(f"{path}/restore", **lake_admin).status_code == 403
    assert company_client.get("/api/v1/entrances", **resident).status_code == 403
    assert company_client.get(path).status_code == 401


# --- unit types ---------------------------------------------------------------------------------


def test_unit_types_create_list_rename_delete(company, company_client, boss, tree, lake):
    # when
    created = company_client.post(
        "/api/v1/unit-types",
        {"condo_id": tree.condo.pk, "code": "storage", "name": "Storage room"},
        content_type=JSON,
        **boss,
    )
    # then
    assert created.status_code == 201, created.content
    type_id = created.json()["id"]
    assert created.json() == {
        "id": type_id,
        "condo_id": tree.condo.pk,
        "code": "storage",
        "name": "Storage room",
    }
    listed = company_client.get(f"/api/v1/unit-types?condo={tree.condo.pk}", **boss).json()["items"]
    assert [t["code"] for t in listed] == [
        "residential",
        "non_residential",
        "commercial",
        "parking",
        "storage",
    ]
    assert len(ids(company_client.get("/api/v1/unit-types?limit=200", **boss))) == 9
    renamed = company_client.patch(
        f"/api/v1/unit-types/{type_id}", {"name": "Cellar"}, content_type=JSON, **boss
    )
    assert renamed.json()["name"] == "Cellar"
    # when deleting a type in use and an unused one
    in_use = company_client.delete(f"/api/v1/unit-types/{tree.residential.pk}", **boss)
    unused = company_client.delete(f"/api/v1/unit-types/{type_id}", **boss)
    # then
    assert (in_use.status_code, in_use.json()["error"]["code"]) == (409, "type_in_use")
    assert unused.status_code == 204
    assert (
        company_client.patch(
            f"/api/v1/unit-types/{type_id}", {"name": "x"}, content_type=JSON, **boss
        ).status_code
        == 404
    )
    with in_schema(company.schema_name):
        assert list(
            AuditEntry.objects.filter(target_type="condos.UnitType", target_id=str(type_id))
            .order_by("id")
            .values_list("action", flat=True)
        ) == ["unit_type.create", "unit_type.update", "unit_type.delete"]


def test_unit_type_validation_names_the_field(company_client, boss, tree):
    def post(body):
        return company_client.post("/api/v1/unit-types", body, content_type=JSON, **boss)

    assert list(fields_of(post({"condo_id": tree.condo.pk, "code": "Big Flat", "name": "x"}))) == ["code"]
    assert list(fields_of(post({"condo_id": tree.condo.pk, "code": "loft"}))) == ["name"]
    assert list(fields_of(post({"code": "loft", "name": "Loft"}))) == ["condo_id"]
    assert fields_of(post({"condo_id": tree.condo.pk, "code": "parking", "name": "P"})) == {
        "code": ["Unit type 'parking' already exists in this condo."]
    }
    assert post({"condo_id": 999999, "code": "loft", "name": "Loft"}).status_code == 404
    assert list(
        fields_of(
            company_client.patch(
                f"/api/v1/unit-types/{tree.residential.pk}", {"name": ""}, content_type=JSON, **boss
            )
        )
    ) == ["name"]


def test_unit_type_roles(company_client, as_role, tree, lake):
    # given
    accountant = as_role(CompanyRole.ACCOUNTANT)
    lake_admin = as_role(CompanyRole.CONDO_ADMIN, lake.condo.pk)
    staff = as_role(CompanyRole.STAFF, tree.condo.pk)
    # then
    assert len(ids(company_client.get("/api/v1/unit-types", **accountant))) == 8
    assert {
        t["condo_id"] for t in company_client.get("/api/v1/unit-types", **lake_admin).json()["items"]
    } == {lake.condo.pk}
    assert company_client.get(f"/api/v1/unit-types?condo={tree.condo.pk}", **lake_admin).status_code == 403
    body = {"condo_id": tree.condo.pk, "code": "loft", "name": "Loft"}
    assert company_client.post("/api/v1/unit-types", body, content_type=JSON, **accountant).status_code == 403
    assert company_client.post("/api/v1/unit-types", body, content_type=JSON, **lake_admin).status_code == 403
    assert (
        company_client.post(
            "/api/v1/unit-types", {**body, "condo_id": lake.condo.pk}, content_type=JSON, **lake_admin
        ).status_code
        == 201
    )
    path = f"/api/v1/unit-types/{tree.residential.pk}"
    assert company_client.patch(path, {"name": "x"}, content_type=JSON, **lake_admin).status_code == 403
    assert company_client.patch(path, {"name": "x"}, content_type=JSON, **accountant).status_code == 403
    assert company_client.delete(path, **lake_admin).status_code == 403
    assert company_client.get("/api/v1/unit-types", **staff).status_code == 403
    assert company_client.get("/api/v1/unit-types").status_code == 401


# --- units --------------------------------------------------------------------------------------


def unit_body(tree, **overrides) -> dict:
    return {
        "building_id": tree.building.pk,
        "entrance_id": tree.entrance.pk,
        "unit_type_id": tree.residential.pk,
        "number": "12",
        "floor": 3,
        "area": "54.3",
        **overrides,
    }


def test_director_creates_a_unit_and_reads_it_back(company, company_client, boss, director, tree):
    # when
    created = company_client.post("/api/v1/units", unit_body(tree), content_type=JSON, **boss)
    # then
    assert created.status_code == 201, created.content
    body = created.json()
    unit_id = body.pop("id")
    assert body.pop("created_at") and body.pop("updated_at")
    assert body == {
        "condo_id": tree.condo.pk,
        "building": {"id": tree.building.pk, "name": "A"},
        "entrance": {"id": tree.entrance.pk, "name": "1"},
        "unit_type": {"id": tree.residential.pk, "code": "residential", "name": "Residential"},
        "number": "12",
        "floor": 3,
        "area": "54.30",
        "full_address": "Vitosha 12, Sofia, BG, building A, entrance 1, floor 3, unit 12",
        "active_residents": 0,
    }
    assert company_client.get(f"/api/v1/units/{unit_id}", **boss).json()["area"] == "54.30"
    with in_schema(company.schema_name):
        entry = AuditEntry.objects.get(action="unit.create", target_id=str(unit_id))
    assert (entry.actor_id, entry.ip, entry.changes) == (
        director.pk,
        "127.0.0.1",
        {"number": "12", "area": "54.3"},
    )


def test_unit_area_is_a_positive_decimal(company_client, boss, tree):
    def post(number, area):
        return company_client.post(
            "/api/v1/units", unit_body(tree, number=number, area=area), content_type=JSON, **boss
        )

    # then strings, numbers and decimal commas are accepted
    assert [post(n, a).json()["area"] for n, a in (("a", "54.3"), ("b", 54.3), ("c", "54,3"), ("d", 7))] == [
        "54.30",
        "54.30",
        "54.30",
        "7.00",
    ]
    # and anything not above zero, not a number or too precise names the area
    for area in (0, "0", -5, "-0.01", "abc", "1.234", None):
        assert list(fields_of(post("z", area))) == ["area"], area


def test_unit_validation_names_the_field(company, company_client, boss, tree, lake):
    # given
    with in_schema(company.schema_name):
        other_entrance = entrance_create(building=lake.building, name="L2")
        commercial = UnitType.objects.get(condo=tree.condo, code="commercial")

    def post(**overrides):
        return company_client.post("/api/v1/units", unit_body(tree, **overrides), content_type=JSON, **boss)

    # then
    assert fields_of(post(entrance_id=other_entrance.pk)) == {
        "entrance_id": ["This entrance belongs to another building."]
    }
    assert fields_of(post(unit_type_id=lake.residential.pk)) == {
        "unit_type_id": ["This unit type belongs to another condo."]
    }
    assert fields_of(post(entrance_id=None)) == {"entrance_id": ["A residential unit needs an entrance."]}
    assert list(fields_of(post(number=""))) == ["number"]
    assert list(fields_of(post(number="x" * 21))) == ["number"]
    assert list(fields_of(post(floor="third"))) == ["floor"]
    assert fields_of(post(number="1")) == {"number": ["Unit 1 already exists in building A."]}
    assert list(fields_of(post(building_id=None))) == ["building_id"]
    assert list(fields_of(post(extra="x"))) == ["extra"]
    assert post(building_id=999999).status_code == 404
    assert post(entrance_id=999999).status_code == 404
    assert post(unit_type_id=999999).status_code == 404
    shop = post(entrance_id=None, unit_type_id=commercial.pk, number="S1", floor=0)
    assert shop.status_code == 201, shop.content
    assert (shop.json()["entrance"], shop.json()["full_address"]) == (
        None,
        "Vitosha 12, Sofia, BG, building A, floor 0, unit S1",
    )


def test_unit_number_is_unique_in_its_building_among_live_units_only(
    company, company_client, boss, tree, lake
):
    # given unit 7 in building A
    first = company_client.post(
        "/api/v1/units", unit_body(tree, number="7"), content_type=JSON, **boss
    ).json()
    # when another 7 is added to A, then to Lake View's building
    twin = company_client.post("/api/v1/units", unit_body(tree, number=" 7 "), content_type=JSON, **boss)
    elsewhere = company_client.post(
        "/api/v1/units",
        {
            "building_id": lake.building.pk,
            "entrance_id": lake.entrance.pk,
            "unit_type_id": lake.residential.pk,
            "number": "7",
            "area": 30,
        },
        content_type=JSON,
        **boss,
    )
    # then
    assert fields_of(twin) == {"number": ["Unit 7 already exists in building A."]}
    assert elsewhere.status_code == 201
    # when the first 7 is deleted, its number is free again
    assert company_client.delete(f"/api/v1/units/{first['id']}", **boss).status_code == 204
    reused = company_client.post("/api/v1/units", unit_body(tree, number="7"), content_type=JSON, **boss)
    assert reused.status_code == 201, reused.content
    # and the old one cannot come back over it
    assert fields_of(company_client.post(f"/api/v1/units/{first['id']}/restore", **boss)) == {
        "number": ["Another unit 7 exists in this building now."]
    }
    # nor can a rename collide
    renamed = company_client.patch(
        f"/api/v1/units/{tree.units[0].pk}", {"number": "7"}, content_type=JSON, **boss
    )
    assert fields_of(renamed) == {"number": ["Unit 7 already exists in building A."]}
    with in_schema(company.schema_name):
        assert Unit.all_objects.filter(building=tree.building, number="7").count() == 2


def test_unit_update(company, company_client, boss, tree, lake):
    # given
    with in_schema(company.schema_name):
        second = building_create(condo=tree.condo, name="B")
        commercial = UnitType.objects.get(condo=tree.condo, code="commercial")
    unit = tree.units[0]
    path = f"/api/v1/units/{unit.pk}"
    # when
    patched = company_client.patch(
        path, {"number": "1A", "floor": None, "area": "61,5"}, content_type=JSON, **boss
    )
    # then
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["number"], body["floor"], body["area"], body["entrance"]) == (
        "1A",
        None,
        "61.50",
        {"id": tree.entrance.pk, "name": "1"},
    )
    # when it becomes a shop without an entrance in building B
    moved = company_client.patch(
        path,
        {"building_id": second.pk, "entrance_id": None, "unit_type_id": commercial.pk},
        content_type=JSON,
        **boss,
    )
    assert moved.status_code == 200, moved.content
    assert (
        moved.json()["building"]["name"],
        moved.json()["entrance"],
        moved.json()["unit_type"]["code"],
    ) == (
        "B",
        None,
        "commercial",
    )
    # then rules still name their fields
    assert fields_of(company_client.patch(path, {"number": None}, content_type=JSON, **boss)) == {
        "number": ["Value error, This field cannot be null."]
    }
    assert list(fields_of(company_client.patch(path, {"area": 0}, content_type=JSON, **boss))) == ["area"]
    assert fields_of(
        company_client.patch(path, {"unit_type_id": tree.residential.pk}, content_type=JSON, **boss)
    ) == {"entrance_id": ["A residential unit needs an entrance."]}
    assert fields_of(
        company_client.patch(path, {"entrance_id": tree.entrance.pk}, content_type=JSON, **boss)
    ) == {"entrance_id": ["This entrance belongs to another building."]}
    assert fields_of(
        company_client.patch(path, {"building_id": lake.building.pk}, content_type=JSON, **boss)
    ) == {"unit_type_id": ["This unit type belongs to another condo."]}
    assert company_client.patch(path, {"building_id": 999999}, content_type=JSON, **boss).status_code == 404
    with in_schema(company.schema_name):
        unit.refresh_from_db()
        assert (unit.number, unit.building_id, unit.entrance_id, str(unit.area)) == (
            "1A",
            second.pk,
            None,
            "61.50",
        )


def test_deleting_an_occupied_unit_needs_force_and_restore_brings_it_back(
    company, company_client, boss, tree, make_user
):
    # given
    with in_schema(company.schema_name):
        resident_link(unit=tree.units[0], user=make_user("anna@home.test"))
    path = f"/api/v1/units/{tree.units[0].pk}"
    assert company_client.get(path, **boss).json()["active_residents"] == 1
    # when
    refused = company_client.delete(path, **boss)
    forced = company_client.delete(f"{path}?force=true", **boss)
    # then
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "has_active_residents")
    assert refused.json()["error"]["message"] == (
        "Unit 1 has units with active residents (1); unlink them first or delete with force=true"
    )
    assert forced.status_code == 204
    assert company_client.get(path, **boss).status_code == 404
    assert company_client.patch(path, {"floor": 2}, content_type=JSON, **boss).status_code == 404
    assert company_client.delete(path, **boss).status_code == 404
    # when
    restored = company_client.post(f"{path}/restore", **boss)
    # then the unit is back, its residents' links stay ended
    assert restored.status_code == 200, restored.content
    assert (restored.json()["number"], restored.json()["active_residents"]) == ("1", 0)
    assert company_client.post("/api/v1/units/999999/restore", **boss).status_code == 404


def test_a_unit_of_a_deleted_entrance_is_restored_with_the_entrance(company_client, boss, tree):
    company_client.delete(f"/api/v1/entrances/{tree.entrance.pk}", **boss)
    refused = company_client.post(f"/api/v1/units/{tree.units[0].pk}/restore", **boss)
    assert (refused.status_code, refused.json()["error"]["message"]) == (409, "Restore the entrance first")


def test_a_unit_whose_type_was_deleted_meanwhile_is_not_restored(company, company_client, boss, tree):
    # given unit 2 was the only parking place, deleted, and then the parking type too
    with in_schema(company.schema_name):
        parking = UnitType.objects.get(condo=tree.condo, code="parking")
        Unit.objects.filter(pk=tree.units[1].pk).update(unit_type=parking)
    assert company_client.delete(f"/api/v1/units/{tree.units[1].pk}", **boss).status_code == 204
    assert company_client.delete(f"/api/v1/unit-types/{parking.pk}", **boss).status_code == 204
    # when
    refused = company_client.post(f"/api/v1/units/{tree.units[1].pk}/restore", **boss)
    # then
    assert fields_of(refused) == {"unit_type_id": ["This unit's type has been deleted; recreate it first."]}


def test_units_filters_and_search(company, company_client, boss, tree, lake, make_user):
    # given units on two floors, two entrances, a shop, and residents
    with in_schema(company.schema_name):
        second_entrance = entrance_create(building=tree.building, name="2")
        commercial = UnitType.objects.get(condo=tree.condo, code="commercial")
        high = unit_create(
            building=tree.building,
            entrance=second_entrance,
            unit_type=tree.residential,
            number="21",
            area=60,
            floor=5,
        )
        shop = unit_create(building=tree.building, unit_type=commercial, number="S1", area=80, floor=0)
        resident_link(
            unit=high, user=make_user("maria.ivanova@home.test", first_name="Maria", last_name="Ivanova")
        )
        resident_link(
            unit=lake.units[0], user=make_user("petar@lake.test", first_name="Petar", last_name="Ivanov")
        )
        gone = resident_link(unit=shop, user=make_user("old@home.test", first_name="Olga"))
        Resident.objects.filter(pk=gone.pk).update(until="2020-01-01")
    one, two = (u.pk for u in tree.units)

    def found(query: str) -> list[int]:
        return ids(company_client.get(f"/api/v1/units?{query}", **boss))

    # then
    assert found("") == [one, two, lake.units[0].pk, high.pk, shop.pk]
    assert found(f"condo={tree.condo.pk}") == [one, two, high.pk, shop.pk]
    assert found(f"building={lake.building.pk}") == [lake.units[0].pk]
    assert found(f"entrance={second_entrance.pk}") == [high.pk]
    assert found("type=commercial") == [shop.pk]
    assert found("floor=5") == [high.pk]
    assert found("floor=0&type=commercial") == [shop.pk]
    assert found("search=21") == [high.pk]
    assert found("search=s1") == [shop.pk]
    assert found("search=maria") == [high.pk]
    assert found("search=maria%20ivanova") == [high.pk]
    assert found("search=IVANOV") == [lake.units[0].pk, high.pk]
    assert found("search=lake.test") == [lake.units[0].pk]
    assert found(f"search=ivanov&condo={tree.condo.pk}") == [high.pk]
    assert found("search=olga") == []  # a past resident
    assert found("search=nobody") == []
    assert found("type=parking") == []
    assert list(fields_of(company_client.get("/api/v1/units?floor=top", **boss))) == ["floor"]


def test_units_list_pages_with_a_cursor(company, company_client, boss):
    # given
    tree = grow(company.schema_name, numbers=("1", "2", "3", "4", "5"))
    # when
    first = company_client.get("/api/v1/units?limit=2", **boss).json()
    second = company_client.get(f"/api/v1/units?limit=2&cursor={first['next_cursor']}", **boss).json()
    third = company_client.get(f"/api/v1/units?limit=2&cursor={second['next_cursor']}", **boss).json()
    # then
    assert [u["number"] for u in first["items"] + second["items"] + third["items"]] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert third["next_cursor"] is None
    assert len(ids(company_client.get("/api/v1/units?limit=200", **boss))) == len(tree.units)
    assert list(fields_of(company_client.get("/api/v1/units?limit=201", **boss))) == ["limit"]
    assert list(fields_of(company_client.get("/api/v1/units?limit=0", **boss))) == ["limit"]
    assert fields_of(company_client.get("/api/v1/units?cursor=%%%", **boss)) == {
        "cursor": ["Invalid cursor."]
    }


def queries_of(client, path: str, headers: dict) -> tuple[int, int]:
    """(every query of the request, those reading the property tables)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, response.content
    sql = [query["sql"] for query in captured.captured_queries]
    return len(sql), sum('"condos_' in statement for statement in sql)


@pytest.fixture
def without_redis(settings):
    """Authentication reads the database on every request (3 queries: token, user,
    memberships): the counts below do not depend on a shared Redis being warm or reachable."""
    settings.REDIS_URL = ""


LIST_PATHS = [
    "/api/v1/condos",
    "/api/v1/buildings",
    "/api/v1/entrances",
    "/api/v1/unit-types",
    "/api/v1/units",
]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_every_list_issues_the_same_queries_whatever_the_page_size(
    company, company_client, boss, make_user, without_redis, path
):
    # given 12 condos, each with a building, an entrance and 5 units, 3 of them occupied
    for n in range(12):
        tree = grow(company.schema_name, name=f"Condo {n:02}", numbers=[str(i) for i in range(5)])
        with in_schema(company.schema_name):
            for unit in tree.units[:3]:
                resident_link(unit=unit, user=make_user(f"r{unit.pk}@home.test", first_name=f"R{unit.pk}"))
    # when
    small = queries_of(company_client, f"{path}?limit=1", boss)
    large = queries_of(company_client, f"{path}?limit=50", boss)
    searched = queries_of(company_client, f"{path}?limit=50&search=r", boss)
    # then: search_path + 3 for authentication + one SELECT of the page
    assert len(company_client.get(f"{path}?limit=50", **boss).json()["items"]) >= 12
    assert small == large == searched == (5, 1)


def test_units_list_query_count_for_a_condo_admin(company, company_client, as_role, make_user, without_redis):
    # given
    tree = grow(company.schema_name, numbers=[str(i) for i in range(60)])
    with in_schema(company.schema_name):
        for unit in tree.units[::2]:
            resident_link(unit=unit, user=make_user(f"r{unit.pk}@home.test"))
    admin = as_role(CompanyRole.CONDO_ADMIN, tree.condo.pk)
    # when
    with CaptureQueriesContext(connection) as small:
        one = company_client.get("/api/v1/units?limit=1", **admin).json()
    with CaptureQueriesContext(connection) as large:
        fifty = company_client.get("/api/v1/units?limit=50", **admin).json()
    with CaptureQueriesContext(connection) as searched:
        company_client.get("/api/v1/units?limit=50&search=home.test", **admin).json()
    # then
    assert (len(one["items"]), len(fifty["items"])) == (1, 50)
    assert [u["active_residents"] for u in fifty["items"][:4]] == [1, 0, 1, 0]
    counts = [len(c.captured_queries) for c in (small, large, searched)]
    assert counts == [5, 5, 5]


def test_unit_roles(company, company_client, as_role, tree, lake, make_user, login):
    # given
    accountant = as_role(CompanyRole.ACCOUNTANT)
    lake_admin = as_role(CompanyRole.CONDO_ADMIN, lake.condo.pk)
    make_user(
        "both@company.test",
        memberships=[
            (company, CompanyRole.CONDO_ADMIN, lake.condo.pk),
            (company, CompanyRole.CONDO_ADMIN, tree.condo.pk),
        ],
    )
    both = bearer(login(company_client, "both@company.test")["access"])
    staff = as_role(CompanyRole.STAFF, tree.condo.pk)
    resident = as_role(CompanyRole.RESIDENT, tree.condo.pk)
    unit_path = f"/api/v1/units/{tree.units[0].pk}"
    # then the accountant reads and never writes
    assert len(ids(company_client.get("/api/v1/units", **accountant))) == 3
    assert company_client.get(unit_path, **accountant).status_code == 200
    assert (
        company_client.post("/api/v1/units", unit_body(tree), content_type=JSON, **accountant).status_code
        == 403
    )
    assert company_client.patch(unit_path, {"floor": 9}, content_type=JSON, **accountant).status_code == 403
    assert company_client.delete(unit_path, **accountant).status_code == 403
    assert company_client.post(f"{unit_path}/restore", **accountant).status_code == 403
    # a condo admin of Lake View sees nothing of Green Hills
    assert ids(company_client.get("/api/v1/units", **lake_admin)) == [lake.units[0].pk]
    assert ids(company_client.get("/api/v1/units?search=1", **lake_admin)) == [lake.units[0].pk]
    assert company_client.get(f"/api/v1/units?condo={tree.condo.pk}", **lake_admin).status_code == 403
    assert company_client.get(unit_path, **lake_admin).status_code == 403
    assert (
        company_client.post("/api/v1/units", unit_body(tree), content_type=JSON, **lake_admin).status_code
        == 403
    )
    assert company_client.patch(unit_path, {"floor": 9}, content_type=JSON, **lake_admin).status_code == 403
    assert company_client.delete(unit_path, **lake_admin).status_code == 403
    own = company_client.post(
        "/api/v1/units",
        {
            "building_id": lake.building.pk,
            "entrance_id": lake.entrance.pk,
            "unit_type_id": lake.residential.pk,
            "number": "102",
            "area": "33.3",
        },
        content_type=JSON,
        **lake_admin,
    )
    assert own.status_code == 201, own.content
    # moving a unit needs both condos
    move = {
        "building_id": lake.building.pk,
        "entrance_id": lake.entrance.pk,
        "unit_type_id": lake.residential.pk,
    }
    lake_unit = f"/api/v1/units/{own.json()['id']}"
    assert (
        company_client.patch(
            lake_unit,
            {
                "building_id": tree.building.pk,
                "entrance_id": tree.entrance.pk,
                "unit_type_id": tree.residential.pk,
            },
            content_type=JSON,
            **lake_admin,
        ).status_code
        == 403
    )
    moved = company_client.patch(unit_path, move, content_type=JSON, **both)
    assert (moved.status_code, moved.json()["condo_id"]) == (200, lake.condo.pk)
    # staff, residents and strangers get nothing
    for headers in (staff, resident):
        assert company_client.get("/api/v1/units", **headers).status_code == 403
        assert company_client.get(unit_path, **headers).status_code == 403
        assert (
            company_client.post("/api/v1/units", unit_body(tree), content_type=JSON, **headers).status_code
            == 403
        )
    assert company_client.get("/api/v1/units").status_code == 401
    assert company_client.get(unit_path, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


# --- isolation ----------------------------------------------------------------------------------


def test_ids_of_another_company_are_not_found_on_this_host(
    company, other_company, company_client, boss, make_user, login, other_company_client
):
    # given another company's tree, and nothing yet in this company
    theirs = grow(other_company.schema_name, name="Their Condo", numbers=("1", "2"))
    with in_schema(company.schema_name):
        assert not Condo.all_objects.exists() and not Unit.all_objects.exists()
    unit = theirs.units[0].pk
    # then every route answers 404 for their ids, never their data
    reads_and_writes = [
        ("get", f"/api/v1/condos/{theirs.condo.pk}", None),
        ("patch", f"/api/v1/condos/{theirs.condo.pk}", {"name": "Mine"}),
        ("delete", f"/api/v1/condos/{theirs.condo.pk}", None),
        ("post", f"/api/v1/condos/{theirs.condo.pk}/restore", None),
        ("get", f"/api/v1/buildings/{theirs.building.pk}", None),
        ("patch", f"/api/v1/buildings/{theirs.building.pk}", {"name": "Mine"}),
        ("delete", f"/api/v1/buildings/{theirs.building.pk}", None),
        ("post", f"/api/v1/buildings/{theirs.building.pk}/restore", None),
        ("post", "/api/v1/buildings", {"condo_id": theirs.condo.pk, "name": "Mine"}),
        ("get", f"/api/v1/entrances/{theirs.entrance.pk}", None),
        ("patch", f"/api/v1/entrances/{theirs.entrance.pk}", {"name": "Mine"}),
        ("delete", f"/api/v1/entrances/{theirs.entrance.pk}", None),
        ("post", f"/api/v1/entrances/{theirs.entrance.pk}/restore", None),
        ("post", "/api/v1/entrances", {"building_id": theirs.building.pk, "name": "Mine"}),
        ("patch", f"/api/v1/unit-types/{theirs.residential.pk}", {"name": "Mine"}),
        ("delete", f"/api/v1/unit-types/{theirs.residential.pk}", None),
        ("post", "/api/v1/unit-types", {"condo_id": theirs.condo.pk, "code": "mine", "name": "Mine"}),
        ("get", f"/api/v1/units/{unit}", None),
        ("patch", f"/api/v1/units/{unit}", {"floor": 9}),
        ("delete", f"/api/v1/units/{unit}?force=true", None),
        ("post", f"/api/v1/units/{unit}/restore", None),
        ("post", "/api/v1/units", unit_body(theirs)),
    ]
    for method, path, body in reads_and_writes:
        extra = {"content_type": JSON} if body is not None else {}
        args = (path, body) if body is not None else (path,)
        response = getattr(company_client, method)(*args, **extra, **boss)
        assert response.status_code == 404, (method, path, response.content)
        assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
    # and lists on this host show only this company's rows
    mine = grow(company.schema_name, name="My Condo", numbers=("9",))
    assert [c["name"] for c in company_client.get("/api/v1/condos", **boss).json()["items"]] == ["My Condo"]
    assert [u["number"] for u in company_client.get("/api/v1/units", **boss).json()["items"]] == ["9"]
    assert ids(company_client.get("/api/v1/buildings", **boss)) == [mine.building.pk]
    assert ids(company_client.get("/api/v1/entrances", **boss)) == [mine.entrance.pk]
    assert {t["condo_id"] for t in company_client.get("/api/v1/unit-types", **boss).json()["items"]} == {
        mine.condo.pk
    }
    # and nothing of theirs changed
    with in_schema(other_company.schema_name):
        assert sorted(Unit.objects.values_list("number", "floor")) == [("1", 1), ("2", 1)]
        assert Condo.objects.get().name == "Their Condo"
    # and their director's token is refused here
    make_user("boss@other.test", memberships=[(other_company, CompanyRole.DIRECTOR, None)])
    theirs_token = bearer(login(other_company_client, "boss@other.test")["access"])
    refused = company_client.get("/api/v1/units", **theirs_token)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "no_company_access")
    assert other_company_client.get("/api/v1/units", **theirs_token).json()["items"][0]["number"] == "1"


def test_the_property_routes_are_documented(company_client):
    paths = company_client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/v1/condos": {"get", "post"},
        "/api/v1/condos/{condo_id}": {"get", "patch", "delete"},
        "/api/v1/condos/{condo_id}/restore": {"post"},
        "/api/v1/buildings": {"get", "post"},
        "/api/v1/buildings/{building_id}": {"get", "patch", "delete"},
        "/api/v1/buildings/{building_id}/restore": {"post"},
        "/api/v1/entrances": {"get", "post"},
        "/api/v1/entrances/{entrance_id}": {"get", "patch", "delete"},
        "/api/v1/entrances/{entrance_id}/restore": {"post"},
        "/api/v1/unit-types": {"get", "post"},
        "/api/v1/unit-types/{unit_type_id}": {"patch", "delete"},
        "/api/v1/units": {"get", "post"},
        "/api/v1/units/{unit_id}": {"get", "patch", "delete"},
        "/api/v1/units/{unit_id}/restore": {"post"},
    } == {
        path: set(paths[path])
        for path in paths
        if path.split("/")[3] in {"condos", "buildings", "entrances", "unit-types", "units"}
    }
