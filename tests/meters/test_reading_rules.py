"""Reading rules (SPEC §7) through the services: every rule, forced acceptance, replacement in
the same month, several meters in one go, correction with its audit row."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.api import ApiError
from shared_apps.audit.models import AuditEntry
from tenant_apps.condos.models import Condo
from tenant_apps.meters.models import MeterType, Reading, ReadingAttempt
from tenant_apps.meters.services import (
    meter_type_create,
    meter_type_delete,
    reading_correct,
    reading_submit,
    reading_value_clean,
    readings_submit_many,
)
from tenants.schemas import in_schema


def month(offset: int) -> date:
    """The first day of this month moved by `offset` months (negative: earlier)."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def submit(meter, value, *, zone="", period=None, user_id=None):
    return reading_submit(
        meter=meter, zone=zone, value=value, period=period, source="bot_text", entered_by_id=user_id
    )


def refusal(meter, value, **kwargs) -> ApiError:
    with pytest.raises(ApiError) as caught:
        submit(meter, value, **kwargs)
    return caught.value


@pytest.fixture
def schema(company):
    with in_schema(company.schema_name):
        yield


def test_seeded_types_are_in_every_company(company, other_company):
    for tenant in (company, other_company):
        with in_schema(tenant.schema_name):
            assert sorted(MeterType.objects.values_list("code", "kind", "zones", "unit_of_measure")) == [
                ("cold_water", "cold_water", [], "m³"),
                ("electricity", "electricity", [], "kWh"),
                ("electricity_day_night", "electricity", ["day", "night"], "kWh"),
            ]


def test_value_must_be_positive_well_formed_and_whole_when_condo_says_so():
    assert reading_value_clean("12,50") == Decimal("12.5")
    assert reading_value_clean(" 1 234 ") == Decimal("1234")
    cases = {
        "0": "reading_not_positive",
        "-3": "reading_not_positive",
        "abc": "reading_format",
        "1.2345": "reading_format",
        "1234567890": "reading_format",
        "NaN": "reading_format",
    }
    for text, code in cases.items():
        with pytest.raises(ApiError) as caught:
            reading_value_clean(text)
        assert (caught.value.status, caught.value.code, list(caught.value.fields)) == (400, code, ["value"])
    with pytest.raises(ApiError) as caught:
        reading_value_clean("12.5", allow_decimals=False)
    assert caught.value.code == "reading_decimals"
    assert reading_value_clean("12.000", allow_decimals=False) == Decimal("12")


def test_first_reading_is_taken_for_this_month(place, schema):
    reading = submit(place.cold, "12.5", user_id=7)
    assert (reading.value, reading.period, reading.zone, reading.forced, reading.entered_by_id) == (
        Decimal("12.5"),
        month(0),
        "",
        False,
        7,
    )


def test_decimals_refused_where_the_condo_takes_whole_numbers(place, schema):
    Condo.objects.filter(pk=place.condo.pk).update(readings_allow_decimals=False)
    error = refusal(place.cold, "12.5")
    assert (error.code, error.fields) == (
        "reading_decimals",
        {"value": ["This condo takes whole numbers only."]},
    )
    assert Reading.objects.count() == 0
    assert ReadingAttempt.objects.count() == 0  # a format rule is never forced


def test_decrease_is_refused_then_the_same_value_again_is_forced(place, schema):
    # given last month's reading 20
    submit(place.cold, "20", period=month(-1))
    # when 15 is sent
    error = refusal(place.cold, "15")
    # then it is refused with the reason, and remembered
    assert error.code == "reading_decreased"
    assert error.fields == {"value": [f"Less than the previous reading 20 ({month(-1):%Y-%m})."]}
    assert Reading.objects.filter(period=month(0)).count() == 0
    assert list(ReadingAttempt.objects.values_list("value", "code")) == [(Decimal("15"), "reading_decreased")]
    # when the same 15 comes again
    reading = submit(place.cold, "15")
    # then it is accepted as forced and the attempt is settled
    assert (reading.forced, reading.forced_reason) == (True, "reading_decreased")
    assert ReadingAttempt.objects.get().resolved_at is not None
    assert AuditEntry.objects.filter(action="reading.forced", target_id=str(reading.pk)).count() == 1


def test_a_panel_reading_is_audited_under_its_author_without_looking_the_author_up(place, schema, director):
    # when a reading is entered in the panel by the director
    with CaptureQueriesContext(connection) as queries:
        reading = reading_submit(
            meter=place.cold, zone="", value="12", source="panel", entered_by_id=director.pk
        )
    # then the audit row names the director, and no query read the user
    entry = AuditEntry.objects.get(action="reading.enter", target_id=str(reading.pk))
    assert entry.actor_id == director.pk
    assert [query["sql"] for query in queries.captured_queries if "accounts_user" in query["sql"]] == []


def test_a_different_value_after_a_refusal_is_checked_afresh(place, schema):
    submit(place.cold, "20", period=month(-1))
    refusal(place.cold, "15")
    assert refusal(place.cold, "16").code == "reading_decreased"  # not the same value: refused again
    assert refusal(place.cold, "15").code == "reading_decreased"  # 15 is no longer the last attempt
    assert submit(place.cold, "15").forced is True


def test_decrease_allowed_when_the_condo_allows_it(place, schema):
    Condo.objects.filter(pk=place.condo.pk).update(readings_must_not_decrease=False)
    submit(place.cold, "20", period=month(-1))
    assert submit(place.cold, "15").forced is False


def test_jump_above_the_monthly_maximum_scales_with_months(place, schema):
    # given cold water allows 30 m³ a month and a reading three months ago
    submit(place.cold, "100", period=month(-3))
    # then up to 90 more is fine, 90.001 is a jump
    error = refusal(place.cold, "190.001")
    assert error.code == "reading_jump"
    assert error.fields == {
        "value": ["An increase of 90.001 in 3 month(s) is more than the expected maximum of 90 m³."]
    }
    assert submit(place.cold, "190").forced is False


def test_jump_is_forced_by_the_same_value_twice(place, schema):
    submit(place.cold, "100", period=month(-1))
    assert refusal(place.cold, "500").code == "reading_jump"
    reading = submit(place.cold, "500")
    assert (reading.forced, reading.forced_reason) == (True, "reading_jump")


def test_zone_must_match_the_meter_type(place, schema):
    assert refusal(place.power, "10").fields == {"zone": ["This meter's zones: day or night."]}
    assert refusal(place.cold, "10", zone="day").fields == {"zone": ["This meter's zones: none."]}
    day = submit(place.power, "1000", zone="day")
    night = submit(place.power, "400", zone="night")
    assert (day.zone, night.zone) == ("day", "night")


def test_future_month_and_inactive_meter_are_refused(place, schema):
    assert refusal(place.cold, "10", period=month(1)).code == "reading_period"
    place.cold.is_active = False
    place.cold.save()
    error = refusal(place.cold, "10")
    assert (error.code, error.fields) == (
        "meter_inactive",
        {"meter_id": ["This meter no longer takes readings."]},
    )


def test_second_submission_in_a_month_replaces_the_first_and_keeps_it(place, schema):
    first = submit(place.cold, "10")
    second = submit(place.cold, "11")
    first.refresh_from_db()
    assert first.replaced_at is not None and second.replaced_at is None
    assert list(Reading.objects.filter(replaced_at__isnull=True).values_list("value", flat=True)) == [
        Decimal("11")
    ]
    assert Reading.objects.count() == 2


def test_past_month_may_not_exceed_a_later_reading(place, schema):
    submit(place.cold, "50")
    assert refusal(place.cold, "60", period=month(-1)).fields == {
        "value": [f"More than the later reading 50 ({month(0):%Y-%m})."]
    }


def test_several_meters_each_stand_alone(place, schema):
    submit(place.cold, "20", period=month(-1))
    outcomes = readings_submit_many(
        items=[
            {"meter": place.cold, "zone": None, "value": "5"},
            {"meter": place.power, "zone": "day", "value": "1000"},
        ],
        source="bot_text",
        entered_by_id=None,
    )
    assert [(o.reading is not None, o.error.code if o.error else None) for o in outcomes] == [
        (False, "reading_decreased"),
        (True, None),
    ]


def test_correction_changes_the_value_keeps_the_original_on_the_row_and_is_audited(place, schema, director):
    # given a reading of 20
    reading = submit(place.cold, "20")
    # when it is corrected twice
    reading_correct(reading=reading, value="21.5", reason="Typo in the photo", actor=director, ip="10.0.0.1")
    reading_correct(reading=reading, value="21.4", reason="Checked on site", actor=director)
    # then the row carries the value as submitted and the latest reason, whatever the audit log keeps
    reading.refresh_from_db()
    assert (reading.value, reading.corrected_from, reading.correction_reason, reading.corrected_by_id) == (
        Decimal("21.4"),
        Decimal("20"),
        "Checked on site",
        director.pk,
    )
    entries = AuditEntry.objects.filter(action="reading.correct").order_by("id")
    assert [entry.changes for entry in entries] == [
        {"value": {"from": "20", "to": "21.5"}, "reason": "Typo in the photo"},
        {"value": {"from": "21.5", "to": "21.4"}, "reason": "Checked on site"},
    ]
    assert (entries[0].target_id, entries[0].actor_id) == (str(reading.pk), director.pk)
    with pytest.raises(ApiError) as caught:
        reading_correct(reading=reading, value="22", reason="  ", actor=director)
    assert caught.value.fields == {"reason": ["Say why the reading is corrected."]}


def test_codes_are_unique_among_the_types_a_condo_sees(place, schema):
    meter_type_create(
        condo=place.condo, code="hot_water", name="Hot water", unit_of_measure="m³", max_monthly_increase="20"
    )
    with pytest.raises(ApiError) as caught:
        meter_type_create(
            condo=None, code="hot_water", name="Hot", unit_of_measure="m³", max_monthly_increase="1"
        )
    assert (caught.value.status, caught.value.code, caught.value.fields) == (
        409,
        "meter_type_exists",
        {"code": ["A meter type with code 'hot_water' already exists."]},
    )
    with pytest.raises(ApiError) as caught:
        meter_type_create(
            condo=place.condo, code="cold_water", name="C", unit_of_measure="m³", max_monthly_increase="1"
        )
    assert caught.value.code == "meter_type_exists"


def test_a_type_in_use_is_not_deleted_and_the_error_names_the_type(place, schema):
    with pytest.raises(ApiError) as caught:
        meter_type_delete(meter_type=place.cold.meter_type)
    assert (caught.value.status, caught.value.code, caught.value.fields) == (
        409,
        "meter_type_in_use",
        {"type_id": ["Meters of this type exist; deactivate them first."]},
    )
    assert MeterType.objects.filter(pk=place.cold.meter_type_id).exists()


def test_this_months_reading_may_be_resent_lower_than_itself(place, schema):
    # given last month 100 and this month 125 (a typo)
    submit(place.cold, "100", period=month(-1))
    submit(place.cold, "125")
    # when the resident sends 105 for this month
    reading = submit(place.cold, "105")
    # then it replaces 125 without a refusal: only other months count for the decrease rule
    assert (reading.value, reading.forced, ReadingAttempt.objects.count()) == (Decimal("105"), False, 0)
    assert [
        (row.value, row.replaced_at is None) for row in Reading.objects.filter(period=month(0)).order_by("id")
    ] == [(Decimal("125"), False), (Decimal("105"), True)]


def test_a_past_month_is_checked_against_the_months_around_it_not_its_own_reading(place, schema):
    # given readings for two and one months ago and this month
    submit(place.cold, "100", period=month(-2))
    submit(place.cold, "120", period=month(-1))
    submit(place.cold, "130")
    # then last month may be resent lower than its own 120, but not below 100 or above 130
    assert submit(place.cold, "110", period=month(-1)).forced is False
    assert refusal(place.cold, "99", period=month(-1)).code == "reading_decreased"
    assert refusal(place.cold, "131", period=month(-1)).code == "reading_decreased"
