"""The assistant end to end: webhook → queue → understanding → handler → outbox → sender →
(fake) Telegram, against real PostgreSQL rows."""

import json
import re

import pytest
from django.core.management import call_command

from bot.flood import flood_delay_for, flood_delay_seconds
from shared_apps.botrouting.models import ConversationMessage, TelegramAccount, TelegramUpdate
from tenant_apps.condos.models import UnitType
from tenant_apps.condos.services import building_create, condo_create, entrance_create, unit_create
from tenant_apps.residents.services import invite_create_resident, resident_link
from tenants.schemas import in_schema
from tenants.services import company_block
from tests.bot.updates import ANNA, IVAN, SECRET, delivered, message, press


@pytest.fixture
def units(company):
    with in_schema(company.schema_name):
        condo = condo_create(
            name="Green Hills", city="Sofia", street="Vitosha", house="12", emergency_phone="+359 2 123"
        )
        building = building_create(condo=condo, name="A")
        entrance = entrance_create(building=building, name="1")
        residential = UnitType.objects.get(condo=condo, code="residential")
        return [
            unit_create(building=building, entrance=entrance, number=number, area="50", unit_type=residential)
            for number in ("12", "14")
        ]


def test_wrong_secret_is_refused_and_nothing_is_stored(post_update, telegram):
    response = post_update(message("hello"), secret="wrong")
    assert response.status_code == 403
    assert TelegramUpdate.objects.count() == 0


def test_resident_joins_by_invite_consents_and_talks(post_update, telegram, company, units):
    # given an invite for unit 12
    with in_schema(company.schema_name):
        token = invite_create_resident(unit=units[0]).token
    # when Ivan opens the deep link, then writes twice
    assert post_update(message(f"/start {token}", IVAN)).status_code == 200
    post_update(message("контакты", IVAN))
    post_update(message("помощь", IVAN))
    # then he got the privacy notice once, his address, the contacts and the help
    texts = delivered(telegram)
    assert texts[0].startswith("Здравствуйте! Я помощник")
    assert texts[1] == "Вы подключены к Company: Vitosha 12, Sofia, building A, entrance 1, unit 12."
    assert texts[2] == "Green Hills: аварийный телефон +359 2 123."
    assert texts[3].startswith("Я принимаю показания")
    assert len(texts) == 4
    account = TelegramAccount.objects.get(telegram_user_id=IVAN["id"])
    assert account.consented_at is not None
    assert account.user.memberships.get().role == "resident"
    assert list(
        ConversationMessage.objects.filter(account=account, direction="in").values_list("intent", flat=True)
    ) == ["", "contacts", "help"]


def test_duplicate_update_is_processed_once(post_update, telegram):
    update = message("hello")
    post_update(update)
    post_update(update)
    assert TelegramUpdate.objects.filter(update_id=update["update_id"]).count() == 1
    assert len(delivered(telegram)) == 2  # privacy notice + "open your invite"


def test_person_with_two_units_is_asked_which_one(post_update, telegram, company, units, make_user):
    # given Anna lives in units 12 and 14
    user = make_user("anna@home.test")
    with in_schema(company.schema_name):
        for unit in units:
            resident_link(unit=unit, user=user)
    TelegramAccount.objects.create(
        telegram_user_id=ANNA["id"],
        chat_id=ANNA["id"],
        user=user,
        language_code="en",
        privacy_shown_at="2026-01-01T00:00Z",
    )
    # when she asks for contacts without naming a unit
    post_update(message("contacts"))
    # then the bot lists her units as buttons and waits
    call_command("runsender", "--once")
    question = telegram.sent_messages[-1]
    assert question["text"] == "Which unit is this about?"
    keyboard = question["params"]["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == [
        "Vitosha 12, Sofia, building A, entrance 1, unit 12",
        "Vitosha 12, Sofia, building A, entrance 1, unit 14",
    ]
    # when she presses the second
    post_update(press(keyboard[1][0]["callback_data"]))
    texts = delivered(telegram)
    # then the choice is confirmed and the pending request answered
    assert texts[-2:] == [
        "Got it: Vitosha 12, Sofia, building A, entrance 1, unit 14.",
        "Green Hills: emergency phone +359 2 123.",
    ]
    assert TelegramAccount.objects.get(telegram_user_id=ANNA["id"]).context_unit_id == units[1].pk


def test_blocked_company_pauses_the_assistant_for_it(post_update, telegram, company, units, make_user):
    user = make_user("anna@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=units[0], user=user)
    TelegramAccount.objects.create(
        telegram_user_id=ANNA["id"],
        chat_id=ANNA["id"],
        user=user,
        language_code="en",
        privacy_shown_at="2026-01-01T00:00Z",
    )
    company_block(company=company, reason="Unpaid")
    post_update(message("contacts"))
    assert delivered(telegram) == [
        "Company has an outstanding debt to the platform, so the assistant is paused for it. "
        "Please contact your management company."
    ]


def test_ai_failure_falls_back_to_offline_understanding(
    post_update, telegram, settings, fake_perplexity, company, units, make_user
):
    # given the AI answers something that is not the agreed JSON
    settings.PERPLEXITY_API_KEY = fake_perplexity.api_key
    settings.PERPLEXITY_BASE_URL = fake_perplexity.base_url
    fake_perplexity.answer_text("this is not JSON")
    user = make_user("anna@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=units[0], user=user)
    TelegramAccount.objects.create(
        telegram_user_id=ANNA["id"],
        chat_id=ANNA["id"],
        user=user,
        language_code="en",
        privacy_shown_at="2026-01-01T00:00Z",
    )
    # when
    post_update(message("help"))
    # then the AI was asked, and the offline understanding answered
    assert len(fake_perplexity.agent_requests) == 1
    assert delivered(telegram)[-1].startswith("I can take meter readings")


def test_flood_delay_grows_exponentially_past_the_threshold(settings, db):
    settings.BOT_DELAY_BASE_S, settings.BOT_DELAY_THRESHOLD, settings.BOT_DELAY_MAX_S = 1.0, 3, 20.0
    assert [flood_delay_seconds(n) for n in (0, 3, 4, 5, 6, 7, 8, 9)] == [0, 0, 2, 4, 8, 16, 20, 20]
    # each message of one person counts towards their hour; another person starts from zero
    assert [flood_delay_for(7007) for _ in range(6)] == [0, 0, 0, 2, 4, 8]
    assert flood_delay_for(7008) == 0


def test_invite_link_text_carries_a_token_matching_telegram_rules(company, units):
    with in_schema(company.schema_name):
        token = invite_create_resident(unit=units[0]).token
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token)


def test_daily_cleanup_soft_deletes_messages_past_retention(settings, db):
    # given one old and one fresh message
    from datetime import timedelta

    from django.utils import timezone

    from bot.tasks import messages_cleanup_daily

    settings.BOT_MESSAGE_RETENTION_DAYS = 30
    account = TelegramAccount.objects.create(telegram_user_id=1, chat_id=1)
    old = ConversationMessage.objects.create(account=account, direction="in", text="old")
    ConversationMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    ConversationMessage.objects.create(account=account, direction="in", text="fresh")
    # when
    result = messages_cleanup_daily.call_local()
    # then
    assert result == {"messages": 1, "updates": 0}
    assert list(ConversationMessage.objects.values_list("text", flat=True)) == ["fresh"]
    assert ConversationMessage.all_objects.count() == 2


def test_ai_outage_is_retried_twice_through_the_queue_then_answers_try_later(
    post_update, telegram, settings, fake_perplexity, company, units, make_user
):
    # given the AI answers 500 every time
    from bot.tasks import account_updates_process

    settings.PERPLEXITY_API_KEY = fake_perplexity.api_key
    settings.PERPLEXITY_BASE_URL = fake_perplexity.base_url
    fake_perplexity.fail_next(500, times=3)
    user = make_user("anna@home.test")
    with in_schema(company.schema_name):
        resident_link(unit=units[0], user=user)
    TelegramAccount.objects.create(
        telegram_user_id=ANNA["id"],
        chat_id=ANNA["id"],
        user=user,
        language_code="en",
        privacy_shown_at="2026-01-01T00:00Z",
    )
    # when the message arrives and the queue retries it twice
    update = message("help")
    post_update(update)
    stored = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert (stored.status, stored.attempts) == ("pending", 1)
    account_updates_process.call_local(ANNA["id"])
    account_updates_process.call_local(ANNA["id"])
    # then the person is told to try later, once
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("done", 3)
    assert delivered(telegram) == ["I can't process this right now, please try again later."]
    assert len(fake_perplexity.agent_requests) == 3


def test_a_burst_waits_for_the_one_task_already_queued(post_update, telegram):
    from bot.intake import _queued_mark
    from bot.tasks import account_updates_process

    # given Anna's processing task is queued and has not started
    assert _queued_mark(ANNA["id"]) is True
    # when two messages arrive
    post_update(message("hello"))
    post_update(message("help"))
    # then no second task ran: both wait for the queued one
    assert TelegramUpdate.objects.filter(telegram_user_id=ANNA["id"], status="pending").count() == 2
    # when the queued task runs
    assert account_updates_process.call_local(ANNA["id"]) == 2
    # then both are handled, and the next message gets a task of its own at once
    post_update(message("help"))
    assert TelegramUpdate.objects.filter(telegram_user_id=ANNA["id"], status="pending").count() == 0
    assert len(delivered(telegram)) == 4  # privacy notice, then "open your invite" three times


def test_the_webhook_is_served_on_platform_hosts_only(client_for, company, telegram):
    # when Telegram's update is posted to a company's host
    response = client_for(company).post(
        "/telegram/webhook",
        json.dumps(message("hello")),
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET,
    )
    # then that host does not know the webhook, and nothing is stored
    assert response.status_code == 404
    assert TelegramUpdate.objects.count() == 0
