"""Readings through the assistant end to end: webhook → queue → handler → outbox → sender →
(fake) Telegram, with the fake AI reading meter photos."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from shared_apps.botrouting.models import TelegramAccount
from tenant_apps.meters.models import Reading, ReadingPhoto
from tenant_apps.meters.services import reading_submit
from tenant_apps.residents.services import resident_link
from tenants.schemas import in_schema
from tests.bot.updates import ANNA, delivered, jpeg, message, photo_message, press
from tests.meters.conftest import property_with_meters


def last_month() -> date:
    first = timezone.localdate().replace(day=1)
    return (first - timezone.timedelta(days=1)).replace(day=1)


@pytest.fixture
def home(company, make_user):
    """Anna lives in flat 12 (cold water CW-1, electricity day/night EL-1) and talks to the bot."""
    place = property_with_meters(company.schema_name)
    user = make_user("anna@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=place.units[0], user=user)
    TelegramAccount.objects.create(
        telegram_user_id=ANNA["id"],
        chat_id=ANNA["id"],
        user=user,
        language_code="en",
        privacy_shown_at="2026-01-01T00:00Z",
    )
    place.user = user
    return place


@pytest.fixture
def vision(settings, fake_perplexity):
    settings.PERPLEXITY_API_KEY = fake_perplexity.api_key
    settings.PERPLEXITY_BASE_URL = fake_perplexity.base_url
    return fake_perplexity


def buttons_of(telegram) -> list[list[str]]:
    markup = telegram.sent_messages[-1]["params"].get("reply_markup") or {}
    return [[button["callback_data"] for button in row] for row in markup.get("inline_keyboard", [])]


def readings_of(company):
    with in_schema(company.schema_name):
        return list(
            Reading.objects.filter(replaced_at__isnull=True)
            .order_by("meter_id", "zone")
            .values_list("meter__meter_type__code", "zone", "value", "source", "forced")
        )


def test_text_reading_is_confirmed_then_saved(post_update, telegram, company, home):
    # when Anna sends a cold water reading
    post_update(message("cold 12.5"))
    # then she is asked to confirm it with Yes/No
    assert delivered(telegram) == ["Please check:\n• cold water: 12.5 m³\nSubmit?"]
    assert buttons_of(telegram) == [["rd:yes", "rd:no"]]
    assert readings_of(company) == []
    # when she presses Yes
    post_update(press("rd:yes"))
    # then it is saved for this month, entered by her
    assert delivered(telegram)[-1] == "Saved:\n• cold water: 12.5 m³"
    assert readings_of(company) == [("cold_water", "", Decimal("12.5"), "bot_text", False)]
    with in_schema(company.schema_name):
        reading = Reading.objects.get()
    assert (reading.entered_by_id, reading.period) == (home.user.pk, timezone.localdate().replace(day=1))
    assert TelegramAccount.objects.get(telegram_user_id=ANNA["id"]).flow == ""


def test_several_meters_with_day_and_night_in_one_message(post_update, telegram, company, home):
    post_update(message("cold 12.5, electricity day 1234 night 567"))
    assert delivered(telegram) == [
        "Please check:\n• cold water: 12.5 m³\n• electricity day: 1234 kWh\n"
        "• electricity night: 567 kWh\nSubmit?"
    ]
    post_update(press("rd:yes"))
    assert readings_of(company) == [
        ("cold_water", "", Decimal("12.5"), "bot_text", False),
        ("electricity_day_night", "day", Decimal("1234"), "bot_text", False),
        ("electricity_day_night", "night", Decimal("567"), "bot_text", False),
    ]


def test_day_night_meter_without_a_zone_asks_which(post_update, telegram, company, home):
    post_update(message("electricity 1234"))
    assert delivered(telegram) == ["Is 1234 the day or the night value of electricity?"]
    assert buttons_of(telegram) == [["rdz:0:day", "rdz:0:night"]]
    post_update(press("rdz:0:night"))
    assert delivered(telegram)[-1] == "Please check:\n• electricity night: 1234 kWh\nSubmit?"
    post_update(press("rd:yes"))
    assert readings_of(company) == [("electricity_day_night", "night", Decimal("1234"), "bot_text", False)]


def test_refused_value_is_asked_again_and_the_same_value_is_forced(post_update, telegram, company, home):
    # given last month's cold water reading was 20
    with in_schema(company.schema_name):
        reading_submit(
            meter=home.cold, zone="", value="20", period=last_month(), source="panel", entered_by_id=None
        )
    # when Anna sends 15 and confirms
    post_update(message("cold 15"))
    post_update(press("rd:yes"))
    # then she is told why and asked again
    assert delivered(telegram)[-1] == (
        "cold water: 15 was not accepted — it is less than the previous reading. Send the correct value, "
        "or the same value again if it is right."
    )
    # when she types the same value again
    post_update(message("15"))
    # then it is saved, flagged as forced
    assert delivered(telegram)[-1] == "Saved:\n• cold water: 15 m³"
    with in_schema(company.schema_name):
        forced = Reading.objects.get(period=timezone.localdate().replace(day=1))
    assert (forced.value, forced.forced, forced.forced_reason) == (Decimal("15"), True, "reading_decreased")
    assert TelegramAccount.objects.get(telegram_user_id=ANNA["id"]).flow == ""


def test_unknown_meter_names_the_units_meters(post_update, telegram, home):
    post_update(message("gas 5"))
    assert delivered(telegram) == ["Your unit has no gas meter. Its meters: cold water, electricity."]


def test_no_readings_asks_for_them_with_an_example(post_update, telegram, home):
    from bot.engine import Turn
    from bot.handlers.meters.readings import submit_readings
    from bot.understanding.types import Understanding

    account = TelegramAccount.objects.get(telegram_user_id=ANNA["id"])
    turn = Turn(
        account=account, text="", understanding=Understanding("submit_readings", {"readings": []}, [])
    )
    submit_readings(turn)
    assert turn.replies == [
        'Send your readings like this: "cold 12.5, electricity day 1234 night 567", or a photo of the meter.'
    ]


def test_photo_is_read_by_the_ai_and_confirmed(post_update, telegram, vision, company, home):
    # given the AI reads 123.45 on a cold water meter
    vision.answer({"readable": True, "value": "123.45", "meter": "cold_water", "zone": None})
    stored = telegram.add_file(jpeg(1600, 1200), filename="meter.jpg", content_type="image/jpeg")
    # when Anna sends the photo without words
    post_update(photo_message(stored.file_id))
    # then the bot says what it read and asks to confirm
    assert delivered(telegram) == ["I read 123.45 on your cold water meter — correct?"]
    body = vision.last_agent_body()
    assert body["response_format"]["json_schema"]["name"] == "meter_photo"
    image = body["input"][-1]["content"][-1]
    assert image["type"] == "input_image" and image["image_url"].startswith("data:image/jpeg;base64,")
    # when she confirms
    post_update(press("rd:yes"))
    # then the reading is saved with the photo, downscaled to fit 512×512
    assert readings_of(company) == [("cold_water", "", Decimal("123.45"), "bot_photo", False)]
    with in_schema(company.schema_name):
        photo = ReadingPhoto.objects.get(reading__isnull=False)
    assert (photo.width, photo.height) == (512, 384)


def test_photo_misread_lets_the_person_type_the_value(post_update, telegram, vision, company, home):
    vision.answer({"readable": True, "value": "128.45", "meter": "cold_water", "zone": None})
    post_update(photo_message(telegram.add_file(jpeg()).file_id))
    post_update(press("rd:no"))
    assert delivered(telegram)[-1] == "Please type the value of cold water, e.g. 123.45."
    post_update(message("123,45"))
    assert delivered(telegram)[-1] == "I read 123.45 on your cold water meter — correct?"
    post_update(press("rd:yes"))
    assert readings_of(company) == [("cold_water", "", Decimal("123.45"), "bot_photo", False)]


def test_unreadable_photo_is_retaken_twice_then_manual_entry_is_offered(
    post_update, telegram, vision, company, home
):
    # given the AI cannot read the photos
    vision.answer({"readable": False, "value": None, "meter": None, "zone": None}, times=3)
    retake = "I couldn't read the meter on this photo. Please take another one, closer and in good light."
    # when Anna sends a photo, then a second one: each time she is asked to retake it
    post_update(photo_message(telegram.add_file(jpeg()).file_id))
    assert delivered(telegram) == [retake]
    post_update(photo_message(telegram.add_file(jpeg()).file_id))
    assert delivered(telegram) == [retake, retake]
    # when the third one cannot be read either
    post_update(photo_message(telegram.add_file(jpeg()).file_id))
    # then she is offered to type the value: first which meter, then the value
    assert delivered(telegram)[2:] == [
        "I couldn't read this photo either, so let's enter the value by hand.",
        "Which meter is it?",
    ]
    assert buttons_of(telegram) == [[f"rdm:0:{home.cold.pk}"], [f"rdm:0:{home.power.pk}"]]
    post_update(press(f"rdm:0:{home.cold.pk}"))
    assert delivered(telegram)[-1] == "Please type the value of cold water, e.g. 123.45."
    post_update(message("33"))
    post_update(press("rd:yes"))
    assert readings_of(company) == [("cold_water", "", Decimal("33"), "bot_photo", False)]
    with in_schema(company.schema_name):
        assert Reading.objects.get().photo_id is not None
    assert len(vision.agent_requests) == 3


def test_two_meters_of_one_kind_keep_both_values_and_ask_which_is_which(post_update, telegram, company, home):
    from tenant_apps.meters.services import meter_create

    # given Anna's flat has a second cold water meter, in the bathroom
    with in_schema(company.schema_name):
        bathroom = meter_create(unit=home.units[0], meter_type=home.cold.meter_type, serial="CW-2")
    # when she sends both cold water values in one message
    post_update(message("kitchen cold water meter 33.3 bathroom cold water meter 21.1"))
    # then she is asked which meter the first value is for
    assert delivered(telegram) == ["Which meter is 33.3 for?"]
    assert buttons_of(telegram) == [[f"rdm:0:{home.cold.pk}"], [f"rdm:0:{bathroom.pk}"]]
    # when she picks the bathroom meter
    post_update(press(f"rdm:0:{bathroom.pk}"))
    # then the other value goes to the other meter, and both are shown by serial to confirm
    assert delivered(telegram)[-1] == (
        "Please check:\n• cold water (CW-2): 33.3 m³\n• cold water (CW-1): 21.1 m³\nSubmit?"
    )
    post_update(press("rd:yes"))
    with in_schema(company.schema_name):
        saved = list(Reading.objects.order_by("meter__serial").values_list("meter__serial", "value"))
    assert saved == [("CW-1", Decimal("21.1")), ("CW-2", Decimal("33.3"))]


def test_a_third_value_of_one_kind_is_still_asked_about_not_dropped(post_update, telegram, company, home):
    from tenant_apps.meters.services import meter_create

    # given two cold water meters and three cold water values in one message
    with in_schema(company.schema_name):
        bathroom = meter_create(unit=home.units[0], meter_type=home.cold.meter_type, serial="CW-2")
    post_update(message("cold 33.3 cold 21.1 cold 40"))
    post_update(press(f"rdm:0:{home.cold.pk}"))
    # then the second value goes to the meter left, and the third is asked about with both meters
    assert delivered(telegram)[-1] == "Which meter is 40 for?"
    assert buttons_of(telegram) == [[f"rdm:2:{home.cold.pk}"], [f"rdm:2:{bathroom.pk}"]]


def test_photo_without_ai_key_asks_for_the_value(post_update, telegram, company, home):
    post_update(photo_message(telegram.add_file(jpeg()).file_id))
    assert delivered(telegram) == [
        "Photos can't be read here, so please enter the value by hand.",
        "Which meter is it?",
    ]


def test_reading_history_of_the_last_twelve_months(post_update, telegram, company, home):
    with in_schema(company.schema_name):
        reading_submit(
            meter=home.cold, zone="", value="10", period=last_month(), source="panel", entered_by_id=None
        )
        reading_submit(meter=home.cold, zone="", value="12.5", source="bot_text", entered_by_id=None)
        reading_submit(
            meter=home.cold, zone="", value="9", period=date(2000, 1, 1), source="import", entered_by_id=None
        )
    this_month = timezone.localdate().replace(day=1)
    post_update(message("my readings for cold water"))
    assert delivered(telegram) == [
        f"Readings of the last 12 months:\ncold water:\n  {this_month:%Y-%m}: 12.5 m³\n"
        f"  {last_month():%Y-%m}: 10 m³"
    ]
