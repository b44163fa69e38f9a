"""The Perplexity understanding adapter (SPEC §6): the Agent API request it sends (platform
prompt, catalogue, context, image, json_schema, no tools), the answers it accepts, the
errors it raises, the adapter choice with its offline fallback, and the platform settings
the prompt comes from."""

import base64
import time

import pytest
from django.core.exceptions import ValidationError

from bot.understanding import INTENTS, Understanding, UnderstandingContext, understand_offline
from bot.understanding.ai import (
    PARAM_SHAPES,
    RESPONSE_SCHEMA,
    AIInvalid,
    AIUnavailable,
    understand_ai,
)
from bot.understanding.choose import understand
from shared_apps.accounts.models import PlatformRole
from shared_apps.platform.models import (
    DEFAULT_AI_SYSTEM_PROMPT,
    PlatformSettings,
    platform_settings,
    platform_settings_cache_clear,
)
from tests.fakes.http import free_port

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00fake-meter-photo"
PNG = b"\x89PNG\r\n\x1a\nfake-png"
UNITS = [{"company": "Company", "unit": "12", "address": "Lake St 1, ap. 12"}]


def answer(intent="help", params=None, candidates=(), reply="Here is what I can do.", summary=None):
    return {
        "intent": intent,
        "params": {} if params is None else params,
        "candidates": list(candidates),
        "reply": reply,
        "summary": summary,
    }


def context(text="cold water 12,5", language="en", **fields):
    return UnderstandingContext(text=text, language=language, **fields)


@pytest.fixture(autouse=True)
def _fresh_platform_settings():
    platform_settings_cache_clear()
    yield
    platform_settings_cache_clear()


@pytest.fixture
def ai(settings, fake_perplexity):
    """The AI adapter pointed at the fake; settings are read from the database."""
    settings.PERPLEXITY_API_KEY = fake_perplexity.api_key
    settings.PERPLEXITY_BASE_URL = fake_perplexity.base_url
    settings.PERPLEXITY_MODEL = "perplexity/sonar"
    settings.AI_TIMEOUT_SECONDS = 5.0
    return fake_perplexity


@pytest.fixture
def ai_db(ai, db):
    return ai


# --- valid answers --------------------------------------------------------------------------
def test_a_valid_answer_becomes_an_understanding_with_normalised_params(ai_db):
    # given the service answers readings in a loose but valid shape
    ai_db.answer(
        answer(
            "submit_readings",
            {"readings": [{"meter": "Cold_Water", "zone": "DAY", "value": "12,5"}], "unit": " 12 "},
            candidates=[" 12 ", "", "14"],
            reply="  Thanks, I saved cold water 12.5.  ",
            summary="Lives in unit 12.",
        )
    )

    # when a message is understood
    result = understand_ai(context())

    # then the params come back in the catalogue's exact shape
    assert result == Understanding(
        intent="submit_readings",
        params={"readings": [{"meter": "cold_water", "zone": "day", "value": "12.5"}], "unit": "12"},
        candidates=["12", "14"],
        reply="Thanks, I saved cold water 12.5.",
        summary="Lives in unit 12.",
    )
    assert len(ai_db.agent_requests) == 1


def test_optional_fields_may_be_null_and_a_json_code_fence_is_accepted(ai_db):
    # given an answer wrapped in a ```json fence with null reply/summary and no candidates
    ai_db.answer_text(
        '```json\n{"intent": "ticket_status", "params": {"ticket_id": "42"}, '
        '"reply": null, "summary": null}\n```'
    )

    # when it is understood
    result = understand_ai(context("where is ticket 42"))

    # then the ticket id is an integer and the optional parts are empty
    assert result == Understanding(
        intent="ticket_status", params={"ticket_id": 42}, candidates=[], reply=None, summary=None
    )


# --- the request ----------------------------------------------------------------------------
def test_the_request_carries_the_system_prompt_edited_in_platform_settings(ai_db):
    # given the platform admin edits the prompt, the model and a note on one intent
    row = platform_settings()
    assert row.ai_system_prompt == DEFAULT_AI_SYSTEM_PROMPT
    row.ai_system_prompt = "You help the residents of Lake Street. Answer briefly."
    row.ai_model = "openai/gpt-5-mini"
    row.intent_notes = {"submit_readings": 'People write "вода" for cold water.'}
    row.full_clean()
    row.save()

    # when a message is understood
    understand_ai(context())

    # then the request uses the edited prompt first, the chosen model and the note
    body = ai_db.last_agent_body()
    assert body["model"] == "openai/gpt-5-mini"
    assert body["instructions"].startswith("You help the residents of Lake Street. Answer briefly.\n\n")
    assert '  notes: People write "вода" for cold water.' in body["instructions"].splitlines()


def test_without_a_settings_row_the_default_prompt_and_the_model_setting_are_used(ai_db):
    # given no platform settings row exists
    assert not PlatformSettings.all_objects.exists()

    # when a message is understood
    understand_ai(context())

    # then the default prompt and PERPLEXITY_MODEL are sent
    body = ai_db.last_agent_body()
    assert body["model"] == "perplexity/sonar"
    assert body["instructions"].startswith(DEFAULT_AI_SYSTEM_PROMPT.strip() + "\n\n")


def test_the_instructions_carry_the_whole_intent_catalogue(ai_db):
    # when a message is understood
    understand_ai(context())

    # then every intent, its description and its parameter shape are in the instructions
    lines = ai_db.last_agent_body()["instructions"].splitlines()
    for name, description in INTENTS.items():
        position = lines.index(f"- {name}: {description}")
        assert lines[position + 1] == f"  params: {PARAM_SHAPES[name]}"
    assert (
        '  params: {"readings": [{"meter": "cold_water"|"hot_water"|"electricity"|"gas"|"heating"|'
        '<custom meter code>, "zone": null|"day"|"night", "value": "12.5"}], '
        '"unit": <the unit number the person names, or null>}'
    ) in lines


def test_the_input_carries_the_last_20_messages_summary_units_and_the_new_message(ai_db):
    # given 21 earlier messages, a summary and the person's units
    history = [
        {"role": "user" if index % 2 == 0 else "assistant", "text": f"message {index}"} for index in range(21)
    ]
    message = context(
        "холодная 12,5", language="ru", units=UNITS, summary="Usually writes about unit 12.", history=history
    )

    # when the new message is understood
    understand_ai(message)

    # then the last 20 messages (not 21) come first as turns, then the context and the message
    body = ai_db.last_agent_body()
    assert body["input"] == [
        *[
            {"role": "assistant" if index % 2 else "user", "content": f"message {index}"}
            for index in range(1, 21)
        ],
        {
            "role": "user",
            "content": [
                {
                    "type": "input_text",
                    "text": "Context of this conversation (from the system, not from the person):\n"
                    "Language: ru\n"
                    "Summary of the person: Usually writes about unit 12.\n"
                    "The person's units: "
                    '[{"company": "Company", "unit": "12", "address": "Lake St 1, ap. 12"}]',
                },
                {"type": "input_text", "text": "New message:\nхолодная 12,5"},
            ],
        },
    ]


def test_an_unknown_language_and_empty_summary_are_said_plainly(ai_db):
    # when a message without language, summary or units is understood
    understand_ai(context("hello", language=None))

    # then the context says so
    assert ai_db.last_agent_body()["input"][-1]["content"][0]["text"] == (
        "Context of this conversation (from the system, not from the person):\n"
        "Language: unknown: answer in the language of the message\n"
        "Summary of the person: (none yet)\n"
        "The person's units: []"
    )


@pytest.mark.parametrize(("image", "mime"), [(JPEG, "image/jpeg"), (PNG, "image/png")])
def test_a_photo_is_sent_as_a_data_uri_after_the_text(ai_db, image, mime):
    # when a photo with a caption is understood
    understand_ai(context("my meter"), image=image)

    # then it is the last content part, a base64 data URI of the right type
    content = ai_db.last_agent_body()["input"][-1]["content"]
    assert [part["type"] for part in content] == ["input_text", "input_text", "input_image"]
    assert content[-1] == {
        "type": "input_image",
        "image_url": f"data:{mime};base64,{base64.b64encode(image).decode()}",
    }


def test_the_request_asks_for_the_json_schema_with_no_tools(ai_db):
    # when a message is understood
    understand_ai(context())

    # then the body is an Agent API request with a strict json_schema and no web search tools
    request = ai_db.agent_requests[0]
    body = request.json()
    assert request.bearer_token == ai_db.api_key
    assert sorted(body) == ["input", "instructions", "model", "response_format"]
    assert "tools" not in body
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "understanding", "schema": RESPONSE_SCHEMA, "strict": True},
    }
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["required"] == ["intent", "params", "candidates", "reply", "summary"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["intent"] == {"type": "string", "enum": list(INTENTS)}
    assert schema["properties"]["candidates"] == {"type": "array", "items": {"type": "string"}}
    assert schema["properties"]["reply"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}


# --- invalid answers: AIInvalid, and `understand` falls back to offline ---------------------
INVALID_ANSWERS = [
    pytest.param("Sure! Your cold water reading is 12.5.", id="not-json"),
    pytest.param('{"intent": "help", "params": {}', id="truncated-json"),
    pytest.param('["help"]', id="not-an-object"),
    pytest.param('{"intent": "order_pizza", "params": {}}', id="intent-not-in-catalogue"),
    pytest.param('{"intent": "help"}', id="params-missing"),
    pytest.param(
        '{"intent": "submit_readings", "params": {"readings": [{"meter": "cold_water", "value": "twelve"}]}}',
        id="value-not-decimal",
    ),
    pytest.param('{"intent": "help", "params": {"topic": "meters"}}', id="unexpected-param"),
    pytest.param('{"intent": "ticket_status", "params": {"ticket_id": 0}}', id="ticket-id-out-of-range"),
    pytest.param('{"intent": "help", "params": {}, "candidates": [12]}', id="candidates-not-strings"),
    pytest.param('{"intent": "help", "params": {}, "reply": 5}', id="reply-not-string"),
    pytest.param('{"intent": "help", "params": {}, "reply": "' + "x" * 4097 + '"}', id="reply-too-long"),
    pytest.param("", id="empty-output"),
]


@pytest.mark.parametrize("text", INVALID_ANSWERS)
def test_an_invalid_answer_raises_ai_invalid(ai_db, text):
    # given the service completes with an unusable answer
    ai_db.answer_text(text)

    # when / then
    with pytest.raises(AIInvalid):
        understand_ai(context())


@pytest.mark.parametrize("text", INVALID_ANSWERS[:1] + INVALID_ANSWERS[5:6])
def test_understand_falls_back_to_offline_for_the_same_text(ai_db, text):
    # given the service answers invalid JSON or schema-invalid params
    ai_db.answer_text(text)
    message = context("cold water 12,5")

    # when the message is understood through the chooser
    result = understand(message)

    # then the offline adapter answered the same text, after one AI request
    assert result == understand_offline(message)
    assert result.intent == "submit_readings"
    assert result.params == {
        "readings": [{"meter": "cold_water", "zone": None, "value": "12.5"}],
        "unit": None,
    }
    assert len(ai_db.agent_requests) == 1


def test_understand_uses_a_valid_ai_answer(ai_db):
    # given a valid AI answer that differs from what offline would say
    ai_db.answer(answer("contacts", reply="The manager is on duty until 18:00."))

    # when the message is understood through the chooser
    result = understand(context("who do I call?"))

    # then the AI's understanding is used
    assert result == Understanding(intent="contacts", params={}, reply="The manager is on duty until 18:00.")


# --- unavailable: AIUnavailable, propagated by `understand` ---------------------------------
def test_a_failed_run_answered_with_http_200_raises_ai_unavailable(ai_db):
    # given the run fails although the HTTP status is 200
    ai_db.answer_failed("Upstream model overloaded.", code="overloaded")

    # when / then
    with pytest.raises(AIUnavailable) as raised:
        understand_ai(context())
    assert "status 'failed': overloaded Upstream model overloaded." in str(raised.value)
    assert raised.value.retryable is True


@pytest.mark.parametrize("status", ["incomplete", "in_progress", "cancelled"])
def test_a_run_that_did_not_complete_raises_ai_unavailable(ai_db, status):
    # given the run ends in another status
    ai_db.answer_status(status)

    # when / then
    with pytest.raises(AIUnavailable, match=f"status '{status}'"):
        understand_ai(context())


def test_http_500_raises_ai_unavailable_and_understand_does_not_fall_back(ai_db):
    # given the service answers HTTP 500 twice
    ai_db.fail_next(500, times=2)

    # when / then: the adapter raises a retryable error ...
    with pytest.raises(AIUnavailable) as raised:
        understand_ai(context())
    assert (raised.value.status_code, raised.value.retryable) == (500, True)
    assert str(raised.value) == "Perplexity answered HTTP 500: Fake failure"

    # ... and the chooser lets it through for the queue to retry
    with pytest.raises(AIUnavailable):
        understand(context())
    assert len(ai_db.agent_requests) == 2


def test_a_refused_key_is_unavailable_and_not_worth_retrying(ai_db, settings):
    # given a wrong key
    settings.PERPLEXITY_API_KEY = "pplx-wrong"

    # when / then
    with pytest.raises(AIUnavailable) as raised:
        understand_ai(context())
    assert (raised.value.status_code, raised.value.retryable) == (401, False)
    assert str(raised.value) == "Perplexity answered HTTP 401: Invalid API key provided."


def test_a_slow_answer_beyond_the_timeout_raises_ai_unavailable(ai_db, settings):
    # given the service takes longer than the time-out
    settings.AI_TIMEOUT_SECONDS = 0.3
    ai_db.hang_next(5.0)
    ai_db.answer(answer())

    # when / then: the client gives up after about the time-out
    started = time.monotonic()
    with pytest.raises(AIUnavailable, match=r"did not answer within 0\.3 s"):
        understand_ai(context())
    assert time.monotonic() - started < 2.0


def test_an_unreachable_service_raises_ai_unavailable(ai_db, settings):
    # given nothing listens at the base URL
    settings.PERPLEXITY_BASE_URL = f"http://127.0.0.1:{free_port()}"

    # when / then
    with pytest.raises(AIUnavailable, match="Perplexity unreachable: ConnectError"):
        understand_ai(context())


# --- no key ---------------------------------------------------------------------------------
def test_without_a_key_offline_is_used_with_no_http_request_and_no_database(settings, fake_perplexity):
    # given no key (and no database access allowed in this test)
    settings.PERPLEXITY_API_KEY = ""
    settings.PERPLEXITY_BASE_URL = fake_perplexity.base_url
    message = context("cold water 12,5")

    # when the message is understood
    result = understand(message)

    # then offline answered and the service was never called
    assert result == understand_offline(message)
    assert fake_perplexity.requests == []


# --- platform settings ----------------------------------------------------------------------
def test_platform_settings_are_cached_briefly_and_saving_refreshes_them(db, django_assert_num_queries):
    # given the settings were read once
    first = platform_settings()

    # when they are read again, no query is made
    with django_assert_num_queries(0):
        assert platform_settings() is first

    # and after a save, the new values are read
    PlatformSettings(ai_system_prompt="Edited.").save()
    assert platform_settings().ai_system_prompt == "Edited."
    assert PlatformSettings.objects.count() == 1


def test_platform_settings_stay_one_row(db):
    # when two rows are saved
    PlatformSettings(ai_system_prompt="First.").save()
    PlatformSettings(ai_system_prompt="Second.").save()

    # then there is one row, the last saved
    assert list(PlatformSettings.objects.values_list("pk", "ai_system_prompt")) == [(1, "Second.")]


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        ({"submit_reading": "typo"}, "Unknown intent(s): submit_reading."),
        ({"help": 5}, "help: the note must be text."),
        (["help"], "Must be a JSON object mapping intent names to text."),
    ],
)
def test_intent_notes_only_annotate_the_fixed_intent_names(db, notes, message):
    # given notes for a name the catalogue does not have, or not text
    row = PlatformSettings(intent_notes=notes)

    # when / then
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert raised.value.message_dict["intent_notes"][0].startswith(message)


def test_the_platform_admin_edits_the_one_settings_row(public_client, make_user):
    # given a platform super admin signed in to the platform admin
    operator = make_user(
        "root@servai.test", platform_role=PlatformRole.SUPER_ADMIN, is_staff=True, is_superuser=True
    )
    public_client.force_login(operator)
    url = "/admin/platform/platformsettings/"

    # when the list is opened without a row, it leads to the add form
    assert public_client.get(url)["Location"] == f"{url}add/"
    created = public_client.post(
        f"{url}add/",
        {"ai_system_prompt": "Be brief.", "ai_model": "", "intent_notes": '{"help": "List the features."}'},
    )
    assert created.status_code == 302, created.content

    # then the row exists, a second one cannot be added and it cannot be deleted
    row = PlatformSettings.objects.get()
    assert (row.pk, row.ai_system_prompt, row.intent_notes) == (
        1,
        "Be brief.",
        {"help": "List the features."},
    )
    assert public_client.get(url)["Location"] == f"{url}1/change/"
    assert public_client.get(f"{url}add/").status_code == 403
    assert public_client.get(f"{url}1/delete/").status_code == 403

    # and a misspelled intent name is refused on the form
    refused = public_client.post(
        f"{url}1/change/", {"ai_system_prompt": "Be brief.", "ai_model": "", "intent_notes": '{"halp": "x"}'}
    )
    assert refused.status_code == 200
    assert b"Unknown intent(s): halp." in refused.content
