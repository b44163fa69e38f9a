"""Residents, staff and invites: services keep public memberships in step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.api import ApiError
from shared_apps.accounts.models import CompanyRole, Membership
from shared_apps.botrouting.models import InviteRoute
from tenant_apps.condos.models import Unit, UnitType
from tenant_apps.condos.services import (
    building_create,
    condo_create,
    entrance_create,
    unit_create,
    unit_delete,
)
from tenant_apps.residents.models import Invite, Resident, StaffProfile
from tenant_apps.residents.services import (
    invite_accept,
    invite_create_resident,
    invite_create_staff,
    invite_revoke,
    resident_link,
    resident_unlink,
    staff_deactivate,
    telegram_deep_link,
)
from tenants.schemas import in_schema


@pytest.fixture
def unit(company):
    with in_schema(company.schema_name):
        condo = condo_create(name="Green Hills", city="Sofia", street="Vitosha", house="12")
        building = building_create(condo=condo, name="A")
        entrance = entrance_create(building=building, name="1")
        return unit_create(
            building=building,
            entrance=entrance,
            number="12",
            area="54.30",
            floor=3,
            unit_type=UnitType.objects.get(condo=condo, code="residential"),
        )


def memberships(user, company):
    return sorted(Membership.objects.filter(user=user, company=company).values_list("role", "condo_id"))


def test_resident_invite_is_routed_publicly_and_accepting_joins_once(company, unit, make_user):
    # given
    with in_schema(company.schema_name):
        invite = invite_create_resident(unit=unit)
    assert len(invite.token) == 32
    assert telegram_deep_link(invite.token) == f"https://t.me/servai_bot?start={invite.token}"
    assert InviteRoute.objects.get(token=invite.token).schema_name == "company"
    anna, boris = make_user("anna@home.test"), make_user("boris@home.test")
    # when a family joins through the one link, Anna twice
    first = invite_accept(token=invite.token, user=anna)
    again = invite_accept(token=invite.token, user=anna)
    invite_accept(token=invite.token, user=boris)
    # then
    assert (first.new, again.new) == (True, False)
    assert first.address == "Vitosha 12, Sofia, building A, entrance 1, floor 3, unit 12"
    assert memberships(anna, company) == [(CompanyRole.RESIDENT, unit.building.condo_id)]
    with in_schema(company.schema_name):
        assert Resident.objects.filter(unit=unit, until__isnull=True).count() == 2
        assert Invite.objects.get(pk=invite.pk).uses == 2


def test_unit_keeps_one_active_invite_by_default(company, unit):
    with in_schema(company.schema_name):
        invite_create_resident(unit=unit)
        with pytest.raises(ApiError) as error:
            invite_create_resident(unit=unit)
    assert error.value.code == "invite_limit_reached"


def test_revoked_and_expired_invites_say_why(company, unit, make_user):
    with in_schema(company.schema_name):
        revoked = invite_revoke(invite=invite_create_resident(unit=unit))
        expired = invite_create_resident(unit=unit)
        Invite.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    user = make_user("late@home.test")
    for invite, code in ((revoked, "invite_revoked"), (expired, "invite_expired")):
        with pytest.raises(ApiError) as error:
            invite_accept(token=invite.token, user=user)
        assert error.value.code == code
    with pytest.raises(ApiError) as error:
        invite_accept(token="no-such-token", user=user)
    assert error.value.code == "invite_invalid"
    assert memberships(user, company) == []


def test_unlinking_the_last_unit_in_a_condo_drops_the_membership(company, unit, make_user):
    user = make_user("leaving@home.test")
    with in_schema(company.schema_name):
        link = resident_link(unit=unit, user=user)
        assert memberships(user, company) == [(CompanyRole.RESIDENT, unit.building.condo_id)]
        resident_unlink(resident=link)
        assert Resident.all_objects.get(pk=link.pk).until == timezone.localdate()
    assert memberships(user, company) == []


def test_staff_invite_carries_role_condo_and_specializations(company, unit, make_user):
    with in_schema(company.schema_name):
        condo = unit.building.condo
        invite = invite_create_staff(condo=condo, specialization_codes=["plumber", "electrician"])
    worker = make_user("fixer@company.test")
    invite_accept(token=invite.token, user=worker)
    assert memberships(worker, company) == [(CompanyRole.STAFF, unit.building.condo_id)]
    with in_schema(company.schema_name):
        profile = StaffProfile.objects.get(user_id=worker.pk)
        assert profile.specialization_codes == ["electrician", "plumber"]
        staff_deactivate(profile=profile)
    assert memberships(worker, company) == []


def test_force_deleting_an_occupied_unit_ends_its_residents(company, unit, make_user):
    user = make_user("tenant@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=unit, user=user)
        with pytest.raises(ApiError) as error:
            unit_delete(unit=unit)
        assert error.value.code == "has_active_residents"
        unit_delete(unit=unit, force=True)
        assert not Unit.objects.filter(pk=unit.pk).exists()
    assert memberships(user, company) == []


def test_daily_cleanup_soft_deletes_expired_invites_and_their_routes(company, unit):
    # given one live and one expired invite
    from tenant_apps.residents.tasks import invites_cleanup_daily

    with in_schema(company.schema_name):
        expired = invite_create_resident(unit=unit)
        Invite.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
        live = invite_create_resident(unit=unit)
    InviteRoute.objects.filter(token=expired.token).update(expires_at=timezone.now() - timedelta(days=1))
    # when
    invites_cleanup_daily.call_local()
    # then
    assert list(
        InviteRoute.objects.filter(token__in=[live.token, expired.token]).values_list("token", flat=True)
    ) == [live.token]
    with in_schema(company.schema_name):
        assert list(Invite.objects.values_list("pk", flat=True)) == [live.pk]
        assert Invite.all_objects.filter(pk=expired.pk).exists()
