"""The offline understanding (SPEC §6): intents and parameter shapes in en/ru/bg, the
replies it asks with, and the catalogue validation shared with the AI adapter."""

import dataclasses
import re
from datetime import date

import pytest

from bot.understanding import (
    INTENTS,
    Understanding,
    UnderstandingContext,
    understand_offline,
    validate_params,
)
from bot.understanding.offline.words import WordIndex, edit_distance, spelling_key

TODAY = date(2026, 11, 15)


def _understand(text, language="", today=TODAY):
    return understand_offline(UnderstandingContext(text=text, language=language), today=today)


def _readings(*items, unit=None):
    return {
        "readings": [{"meter": meter, "zone": zone, "value": value} for meter, zone, value in items],
        "unit": unit,
    }


def _ticket(description, category, unit=None):
    return {"description": description, "category": category, "unit": unit}


# fmt: off
CASES = [
    # meter readings
    ("холодная 12.5, свет 1234", "ru", "submit_readings",
     _readings(("cold_water", None, "12.5"), ("electricity", None, "1234"))),
    ("cold water 12,5", "en", "submit_readings", _readings(("cold_water", None, "12.5"))),
    ("студена вода 12.5 ток 4321", "bg", "submit_readings",
     _readings(("cold_water", None, "12.5"), ("electricity", None, "4321"))),
    ("hot water 45.6", "en", "submit_readings", _readings(("hot_water", None, "45.6"))),
    ("газ 123", "ru", "submit_readings", _readings(("gas", None, "123"))),
    ("отопление 5,5", "ru", "submit_readings", _readings(("heating", None, "5.5"))),
    ("electricity day 1234 night 567", "en", "submit_readings",
     _readings(("electricity", "day", "1234"), ("electricity", "night", "567"))),
    ("свет день 1234 ночь 567", "ru", "submit_readings",
     _readings(("electricity", "day", "1234"), ("electricity", "night", "567"))),
    ("ток дневна 1234 нощна 567", "bg", "submit_readings",
     _readings(("electricity", "day", "1234"), ("electricity", "night", "567"))),
    ("electricity 1 234,5", "en", "submit_readings", _readings(("electricity", None, "1234.5"))),
    ("свет 1\u00a0234,5 кВт", "ru", "submit_readings", _readings(("electricity", None, "1234.5"))),
    ("кв 12 холодная 12.5 горячая 4,5", "ru", "submit_readings",
     _readings(("cold_water", None, "12.5"), ("hot_water", None, "4.5"), unit="12")),
    ("apartment 12: cold water 7, hot water 3.25", "en", "submit_readings",
     _readings(("cold_water", None, "7"), ("hot_water", None, "3.25"), unit="12")),
    ("ап. 12 студена 5", "bg", "submit_readings", _readings(("cold_water", None, "5"), unit="12")),
    ("unit 12 gas 88.1", "en", "submit_readings", _readings(("gas", None, "88.1"), unit="12")),
    ("Показания: ХВС 12,5; ГВС 4,1; Т1 1234; Т2 567", "ru", "submit_readings",
     _readings(("cold_water", None, "12.5"), ("hot_water", None, "4.1"),
               ("electricity", "day", "1234"), ("electricity", "night", "567"))),
    ("горячая вода: 45,6 м3, холодная: 12 м3", "ru", "submit_readings",
     _readings(("hot_water", None, "45.6"), ("cold_water", None, "12"))),
    ("12.5 холодная, 1234 свет", "ru", "submit_readings",
     _readings(("cold_water", None, "12.5"), ("electricity", None, "1234"))),
    ("газ 123 день 1234 ночь 567", "ru", "submit_readings",
     _readings(("gas", None, "123"), ("electricity", "day", "1234"), ("electricity", "night", "567"))),
    ("топла вода 12.5 и студена 33", "bg", "submit_readings",
     _readings(("hot_water", None, "12.5"), ("cold_water", None, "33"))),
    ("Добрый день! холодная,12", "ru", "submit_readings", _readings(("cold_water", None, "12"))),
    ("heating 0.75", "en", "submit_readings", _readings(("heating", None, "0.75"))),
    # a bare number is never guessed
    ("12.5", "ru", "unknown", {}),
    ("1234 567", "en", "unknown", {}),
    ("42", "bg", "unknown", {}),
    ("свет 1234 567", "ru", "unknown", {}),
    # tickets
    ("течёт кран на кухне", "ru", "create_ticket", _ticket("течёт кран на кухне", "plumbing")),
    ("leaking pipe in the bathroom", "en", "create_ticket",
     _ticket("leaking pipe in the bathroom", "plumbing")),
    ("не работи асансьорът", "bg", "create_ticket", _ticket("не работи асансьорът", "elevator")),
    ("no light in the stairwell", "en", "create_ticket", _ticket("no light in the stairwell", "electrical")),
    ("пахнет газом", "ru", "create_ticket", _ticket("пахнет газом", "other")),
    ("  не горит свет в подъезде  ", "ru", "create_ticket",
     _ticket("не горит свет в подъезде", "electrical")),
    ("няма ток", "bg", "create_ticket", _ticket("няма ток", "electrical")),
    ("нет горячей воды 3 дня", "ru", "create_ticket", _ticket("нет горячей воды 3 дня", "plumbing")),
    ("no hot water for 3 days", "en", "create_ticket", _ticket("no hot water for 3 days", "plumbing")),
    ("the radiator is not working in flat 5", "en", "create_ticket",
     _ticket("the radiator is not working in flat 5", "heating", "5")),
    ("у соседей сверху течёт, затопило кв 12", "ru", "create_ticket",
     _ticket("у соседей сверху течёт, затопило кв 12", "plumbing", "12")),
    ("тече тръбата в банята на ап 7", "bg", "create_ticket",
     _ticket("тече тръбата в банята на ап 7", "plumbing", "7")),
    ("в подъезде грязно", "ru", "create_ticket", _ticket("в подъезде грязно", "cleaning")),
    ("someone broke the entrance door lock", "en", "create_ticket",
     _ticket("someone broke the entrance door lock", "security")),
    ("лифт застрял на 3 этаже", "ru", "create_ticket", _ticket("лифт застрял на 3 этаже", "elevator")),
    ("батарея холодная", "ru", "create_ticket", _ticket("батарея холодная", "heating")),
    ("новая заявка: кран на кухне", "ru", "create_ticket", _ticket("кран на кухне", "plumbing")),
    ("the ceiling is cracked", "en", "create_ticket", _ticket("the ceiling is cracked", "other")),
    ("новая заявка", "ru", "unknown", {}),
    ("my tickets", "en", "list_tickets", {}),
    ("мои заявки", "ru", "list_tickets", {}),
    ("моите заявки", "bg", "list_tickets", {}),
    ("ticket 42", "en", "ticket_status", {"ticket_id": 42}),
    ("заявка №42", "ru", "ticket_status", {"ticket_id": 42}),
    ("статус на заявка 42", "bg", "ticket_status", {"ticket_id": 42}),
    ("где моя заявка #17?", "ru", "ticket_status", {"ticket_id": 17}),
    ("comment on ticket 42: still leaking", "en", "comment_ticket",
     {"ticket_id": 42, "text": "still leaking"}),
    ("комментарий к заявке 42: всё ещё течёт", "ru", "comment_ticket",
     {"ticket_id": 42, "text": "всё ещё течёт"}),
    ("коментар към заявка 7 - още тече", "bg", "comment_ticket", {"ticket_id": 7, "text": "още тече"}),
    ("Заявка 42 — комментарий: Пришлите мастера", "ru", "comment_ticket",
     {"ticket_id": 42, "text": "Пришлите мастера"}),
    ("comment on ticket 42", "en", "unknown", {}),
    # billing
    ("invoice", "en", "get_invoice", {"period": None}),
    ("счёт за октябрь", "ru", "get_invoice", {"period": "2026-10"}),
    ("счёт за декабрь", "ru", "get_invoice", {"period": "2025-12"}),
    ("сметка за 2026-10", "bg", "get_invoice", {"period": "2026-10"}),
    ("сметката за октомври", "bg", "get_invoice", {"period": "2026-10"}),
    ("invoice for March 2025", "en", "get_invoice", {"period": "2025-03"}),
    ("invoice 10/2026", "en", "get_invoice", {"period": "2026-10"}),
    ("invoice for last month", "en", "get_invoice", {"period": "2026-10"}),
    ("how much do I owe?", "en", "get_invoice", {"period": None}),
    ("колко дължа за септември", "bg", "get_invoice", {"period": "2026-09"}),
    ("pay", "en", "pay_invoice", {"amount": None}),
    ("оплатить 50", "ru", "pay_invoice", {"amount": "50.00"}),
    ("платя 50,00", "bg", "pay_invoice", {"amount": "50.00"}),
    ("pay 1 234,5 for october 2026", "en", "pay_invoice", {"amount": "1234.50"}),
    ("оплатить счёт за октябрь 2026", "ru", "pay_invoice", {"amount": None}),
    ("payment history", "en", "payment_history", {}),
    ("мои платежи", "ru", "payment_history", {}),
    ("история на плащанията", "bg", "payment_history", {}),
    # readings history
    ("reading history for gas", "en", "reading_history", {"meter": "gas"}),
    ("история показаний света", "ru", "reading_history", {"meter": "electricity"}),
    ("моите показания", "bg", "reading_history", {"meter": None}),
    ("хочу передать показания", "ru", "unknown", {}),
    # contacts, help, greetings
    ("contacts", "en", "contacts", {}),
    ("телефон управляющей", "ru", "contacts", {}),
    ("контакти", "bg", "contacts", {}),
    ("help", "en", "help", {}),
    ("помощь", "ru", "help", {}),
    ("помощ", "bg", "help", {}),
    ("/help", "en", "help", {}),
    ("/start", "ru", "greeting", {}),
    ("hi", "en", "greeting", {}),
    ("привет", "ru", "greeting", {}),
    ("здравей", "bg", "greeting", {}),
    ("no problem, thanks", "en", "greeting", {}),
    # staff
    ("my tasks", "en", "my_tasks", {}),
    ("мои задачи", "ru", "my_tasks", {}),
    ("моите задачи", "bg", "my_tasks", {}),
    ("task 42", "en", "task_card", {"ticket_id": 42}),
    ("задача №7", "ru", "task_card", {"ticket_id": 7}),
    ("take 42", "en", "task_take", {"ticket_id": 42}),
    ("взять 42", "ru", "task_take", {"ticket_id": 42}),
    ("поемам задача 42", "bg", "task_take", {"ticket_id": 42}),
    ("send 42 to review", "en", "task_review", {"ticket_id": 42}),
    ("задача 42 на проверка", "bg", "task_review", {"ticket_id": 42}),
    ("resolve 42", "en", "task_resolve", {"ticket_id": 42}),
    ("готово 42", "ru", "task_resolve", {"ticket_id": 42}),
    ("42 готово", "ru", "task_resolve", {"ticket_id": 42}),
    # nothing to understand
    ("asdf qwerty", "en", "unknown", {}),
    ("", "ru", "unknown", {}),
    ("/frobnicate", "en", "unknown", {}),
]
# fmt: on


@pytest.mark.parametrize(("text", "language", "intent", "params"), CASES)
def test_offline_understanding(text, language, intent, params):
    # when
    result = _understand(text, language)
    # then
    assert (result.intent, result.params) == (intent, params)
    assert result.candidates == []
    assert result.summary is None
    assert validate_params(result.intent, result.params) == result.params


def test_every_answer_uses_a_catalogue_intent_and_thousands_of_messages_parse_the_same():
    # given
    messages = [(text, language, intent, params) for text, language, intent, params in CASES] * 30
    # when
    results = [_understand(text, language) for text, language, _, _ in messages]
    # then
    assert len(results) >= 3000
    assert all(result.intent in INTENTS for result in results)
    assert [(result.intent, result.params) for result in results] == [(i, p) for _, _, i, p in messages]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("12.5", "ru", "К какому счётчику"),
        ("12.5", "en", "Which meter"),
        ("12.5", "bg", "За кой уред"),
        ("asdf", "en", "didn't understand"),
        ("asdf", "ru", "не понял"),
        ("asdf", "bg", "не разбрах"),
        ("новая заявка", "ru", "Опишите проблему"),
        ("comment on ticket 42", "en", "comment after the ticket number"),
        ("показания", "bg", "изпратете показанията"),
        ("счетчик 1: 12,3 счетчик 2: 45,6", "ru", "К какому счётчику"),
        ("meter 1: 12.3 meter 2: 45.6", "en", "Which meter"),
        ("12 m3", "en", "Which meter"),
    ],
)
def test_unknown_asks_in_the_users_language(text, language, expected):
    # when
    result = _understand(text, language)
    # then
    assert result.intent == "unknown"
    assert result.params == {}
    assert expected in result.reply


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("blah blah", None, "didn't understand"),
        ("бла бла", "", "не понял"),
        ("какво е това нещо", None, "не разбрах"),
        ("студена 12.5 13", None, "За кой уред"),
        ("абв", "ru-RU", "не понял"),
        ("абв", "bg_BG", "не разбрах"),
        ("xyz", "de", "didn't understand"),
    ],
)
def test_the_reply_language_is_detected_from_the_script_when_missing(text, language, expected):
    # when
    result = _understand(text, language)
    # then
    assert expected in result.reply


def test_handled_intents_leave_the_reply_to_their_handler():
    # when
    result = _understand("холодная 12.5", "ru")
    # then
    assert result.reply is None


@pytest.mark.parametrize(
    ("text", "today", "period"),
    [
        ("счёт за декабрь", date(2026, 11, 15), "2025-12"),
        ("счёт за декабрь", date(2026, 12, 1), "2026-12"),
        ("invoice for november", date(2026, 11, 30), "2026-11"),
        ("invoice for january", date(2026, 1, 1), "2026-01"),
        ("сметка за февруари", date(2026, 1, 31), "2025-02"),
        ("invoice for last month", date(2026, 1, 10), "2025-12"),
        ("счёт за этот месяц", date(2026, 3, 3), "2026-03"),
    ],
)
def test_a_month_without_a_year_is_the_latest_one_not_in_the_future(text, today, period):
    # when
    result = _understand(text, today=today)
    # then
    assert result.params == {"period": period}


def test_the_result_is_immutable():
    # given
    result = _understand("hi", "en")
    # when / then
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.intent = "help"
    assert isinstance(result, Understanding)


def test_the_catalogue_names_every_spec_intent():
    # given
    spec = {
        "submit_readings", "reading_history", "create_ticket", "list_tickets", "ticket_status",
        "comment_ticket", "get_invoice", "pay_invoice", "payment_history", "poll_vote", "vehicle_pass",
        "vehicle_plate", "contacts", "help", "greeting", "unknown", "my_tasks", "task_card", "task_take",
        "task_review", "task_resolve",
    }  # fmt: skip
    # then
    assert set(INTENTS) == spec
    assert all(isinstance(description, str) and description for description in INTENTS.values())


# --- validate_params ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("intent", "params", "expected"),
    [
        (
            "submit_readings",
            {"readings": [{"meter": "cold_water", "value": "12,5"}]},
            _readings(("cold_water", None, "12.5")),
        ),
        (
            "submit_readings",
            {"readings": [{"meter": "Electricity", "zone": "Day", "value": 1234}], "unit": 12},
            _readings(("electricity", "day", "1234"), unit="12"),
        ),
        (
            "submit_readings",
            {"readings": [{"meter": "water_2", "zone": None, "value": 0.5}], "unit": " "},
            _readings(("water_2", None, "0.5")),
        ),
        ("create_ticket", {"description": "  leak ", "category": "Plumbing"}, _ticket("leak", "plumbing")),
        ("ticket_status", {"ticket_id": "42"}, {"ticket_id": 42}),
        (
            "comment_ticket",
            {"ticket_id": 42, "text": " still leaking "},
            {"ticket_id": 42, "text": "still leaking"},
        ),
        ("get_invoice", {}, {"period": None}),
        ("get_invoice", {"period": "2026-10"}, {"period": "2026-10"}),
        ("pay_invoice", {"amount": "50"}, {"amount": "50.00"}),
        ("pay_invoice", {"amount": "50.5"}, {"amount": "50.50"}),
        ("reading_history", {}, {"meter": None}),
        ("task_resolve", {"ticket_id": 7}, {"ticket_id": 7}),
        ("help", {}, {}),
        ("poll_vote", {"option": 2}, {"option": 2}),
    ],
)
def test_validate_params_normalises_the_catalogue_shapes(intent, params, expected):
    # when
    result = validate_params(intent, params)
    # then
    assert result == expected
    assert list(result) == list(expected)


@pytest.mark.parametrize(
    ("intent", "params", "message"),
    [
        ("order_pizza", {}, "unknown intent 'order_pizza'"),
        ("help", None, "params must be an object"),
        ("help", {"topic": "x"}, "unexpected parameter(s) 'topic'"),
        ("submit_readings", {}, "missing parameter(s) 'readings'"),
        ("submit_readings", {"readings": []}, "readings must be a non-empty list"),
        ("submit_readings", {"readings": ["12.5"]}, "readings[0] must be an object"),
        ("submit_readings", {"readings": [{"meter": "Cold Water!", "value": "1"}]}, "meter must be a code"),
        (
            "submit_readings",
            {"readings": [{"meter": "gas", "zone": "evening", "value": "1"}]},
            "zone must be null, 'day' or 'night'",
        ),
        ("submit_readings", {"readings": [{"meter": "gas", "value": "12.5.1"}]}, "must be a decimal string"),
        ("submit_readings", {"readings": [{"meter": "gas", "value": "-3"}]}, "must be a decimal string"),
        ("submit_readings", {"readings": [{"meter": "gas", "value": -3}]}, "must not be negative"),
        (
            "submit_readings",
            {"readings": [{"meter": "gas", "value": float("nan")}]},
            "must be a finite number",
        ),
        ("submit_readings", {"readings": [{"meter": "gas", "value": True}]}, "must be a decimal string"),
        ("submit_readings", {"readings": [{"meter": "gas", "value": "1e3"}]}, "must be a decimal string"),
        ("submit_readings", {"readings": [{"meter": "gas"}]}, "missing parameter(s) 'value'"),
        (
            "submit_readings",
            {"readings": [{"meter": "gas", "value": "1"}], "unit": ["12"]},
            "unit must be a string",
        ),
        ("create_ticket", {"description": "leak", "category": "roof"}, "category must be one of plumbing"),
        (
            "create_ticket",
            {"description": "   ", "category": "other"},
            "description must be a non-empty string",
        ),
        ("create_ticket", {"description": "leak"}, "missing parameter(s) 'category'"),
        ("ticket_status", {"ticket_id": "abc"}, "ticket_id must be an integer"),
        ("ticket_status", {"ticket_id": True}, "ticket_id must be an integer"),
        ("ticket_status", {"ticket_id": 0}, "ticket_id must be between 1"),
        ("task_take", {}, "missing parameter(s) 'ticket_id'"),
        ("comment_ticket", {"ticket_id": 42}, "missing parameter(s) 'text'"),
        ("get_invoice", {"period": "2026-13"}, "period must be null or 'YYYY-MM'"),
        ("get_invoice", {"period": "10.2026"}, "period must be null or 'YYYY-MM'"),
        ("pay_invoice", {"amount": "0"}, "amount must be greater than 0"),
        ("pay_invoice", {"amount": "1.234"}, "at most 2 decimals"),
        ("reading_history", {"meter": 5}, "meter must be null or a code"),
    ],
)
def test_validate_params_rejects_shapes_outside_the_catalogue(intent, params, message):
    # when / then
    with pytest.raises(ValueError, match=re.escape(message)):
        validate_params(intent, params)


# --- how words and numbers are read ------------------------------------------------------------
@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Kholodnaya", "холодная"),
        ("holodnaja", "холодная"),
        ("xolodnaya", "холодная"),
        ("studena", "студена"),
        ("эл", "el"),
        ("электроэнергия", "електроенергия"),
        ("asansyorat", "асансьорът"),
        ("noshtna", "нощна"),
        ("watter", "water"),
    ],
)
def test_transliteration_and_spelling_variants_share_one_key(left, right):
    # when / then
    assert spelling_key(left.lower()) == spelling_key(right.lower())


def test_edit_distance_counts_a_swap_as_one_and_stops_above_the_limit():
    # when / then
    assert edit_distance("сутдена", "студена", 2) == 1
    assert edit_distance("халодная", "холодная", 2) == 1
    assert edit_distance("electrisity", "electricity", 2) == 1
    assert edit_distance("кран", "газомер", 2) == 3


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("холодная", "cold"),  # exact
        ("холодной", "cold"),  # stem
        ("халодная", "cold"),  # one typo in an 8-letter word
        ("holodnaya", "cold"),  # transliterated
        ("electrisity", "power"),  # one typo
        ("elektrisiti", "power"),  # two typos in an 11-letter word
        ("лфит", "lift"),  # four letters: two neighbours swapped
        ("лист", None),  # four letters: no other typo
        ("гз", None),  # short words only exactly
        ("газ", "gas"),
        ("гас", None),
        ("горячий", None),  # nearer to nothing
    ],
)
def test_the_word_index_reads_exact_words_stems_and_typos(word, value):
    # given
    index = WordIndex(
        {"холодная": "cold", "electricity": "power", "лифт": "lift", "газ": "gas"}, {"холодн": "cold"}
    )
    # when / then
    assert index.lookup(word) == value


def test_an_ambiguous_typo_is_not_guessed():
    # given
    index = WordIndex({"топла": "hot_water", "тепла": "heating"}, {})
    # when / then
    assert index.lookup("тупла") is None
    assert index.lookup("топла") == "hot_water"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("electricity 1,234.5", "1234.5"),
        ("ток 1.234,5", "1234.5"),
        ("холодная 00123.4", "123.4"),
        ("свет 1 234", "1234"),
        ("газ 12.5м3", "12.5"),
        ("свет 1234квтч", "1234"),
        ("хв12,5", "12.5"),
    ],
)
def test_numbers_are_read_as_people_write_them(text, value):
    # when
    result = _understand(text)
    # then
    assert result.intent == "submit_readings"
    assert [reading["value"] for reading in result.params["readings"]] == [value]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("electricity 1,234", "en", "1234"),
        ("electricity 1,234", None, "1234"),
        ("electricity 1,234", "bg", "1.234"),
        ("свет 1,234", "ru", "1.234"),
        ("свет 1,234", "en", "1.234"),
        ("electricity 1,234.5", "ru", "1234.5"),
        ("electricity 1,2345", "en", "1.2345"),
        ("cold 0,123", "en", "0.123"),
    ],
)
def test_a_comma_before_three_digits_groups_thousands_only_in_english(text, language, value):
    # when
    result = _understand(text, language)
    # then
    assert result.intent == "submit_readings"
    assert [reading["value"] for reading in result.params["readings"]] == [value]


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("Здравствуйте! У меня\nв ванной течёт труба 💧💧", "У меня в ванной течёт труба"),
        ("Hi, the elevator is broken 😡", "the elevator is broken"),
        ("Добрый день. Новая заявка: не работает лифт", "не работает лифт"),
        ("здравейте,   тече   кранът", "тече кранът"),
        ("течёт кран", "течёт кран"),
    ],
)
def test_a_ticket_description_is_the_cleaned_text(text, description):
    # when
    result = _understand(text)
    # then
    assert result.intent == "create_ticket"
    assert result.params["description"] == description
