"""`manage.py assistant_parse`: one JSON object per message, or per JSON line with --jsonl."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command


def _run(*args, stdin=None, **options):
    out = io.StringIO()
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("assistant_parse", *args, stdout=out, **options)
    return out.getvalue()


def test_prints_exactly_one_json_object_with_intent_then_params():
    # when
    output = _run("холодная 12.5, свет 1234", language="ru")
    # then
    assert output.endswith("\n") and output.count("\n") == 1
    result = json.loads(output)
    assert list(result) == ["intent", "params"]
    assert result == {
        "intent": "submit_readings",
        "params": {
            "readings": [
                {"meter": "cold_water", "zone": None, "value": "12.5"},
                {"meter": "electricity", "zone": None, "value": "1234"},
            ],
            "unit": None,
        },
    }


def test_non_ascii_text_is_printed_as_is():
    # when
    output = _run("течёт кран на кухне", "--language", "ru")
    # then
    assert '"description": "течёт кран на кухне"' in output
    assert json.loads(output)["params"]["category"] == "plumbing"


def test_today_anchors_month_names():
    # when
    earlier = json.loads(_run("счёт за декабрь", today="2026-11-15"))
    later = json.loads(_run("счёт за декабрь", today=date(2026, 12, 2)))
    # then
    assert earlier["params"] == {"period": "2025-12"}
    assert later["params"] == {"period": "2026-12"}


def test_a_bare_number_is_not_guessed():
    # when
    result = json.loads(_run("12.5", language="bg"))
    # then
    assert result == {"intent": "unknown", "params": {}}


def test_jsonl_answers_every_line_in_order_and_reports_bad_lines():
    # given
    lines = [
        json.dumps({"text": "cold water 12,5", "language": "en"}),
        "not json at all",
        json.dumps({"text": "ticket 42", "language": "en"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"language": "ru"}),
        json.dumps({"text": "сметка за 2026-10", "language": 7}),
        json.dumps({"text": "сметка за 2026-10", "language": "bg"}, ensure_ascii=False),
        json.dumps({"text": "привет"}, ensure_ascii=False),
    ]
    # when
    output = _run(jsonl=True, stdin="\n".join(lines) + "\n")
    # then
    results = [json.loads(line) for line in output.splitlines()]
    assert len(results) == len(lines)
    assert results[0] == {"intent": "submit_readings", "params": {
        "readings": [{"meter": "cold_water", "zone": None, "value": "12.5"}], "unit": None,
    }}  # fmt: skip
    assert results[1]["error"].startswith("invalid JSON")
    assert results[2] == {"intent": "ticket_status", "params": {"ticket_id": 42}}
    assert results[3] == {"error": "empty line"}
    assert "JSON object" in results[4]["error"]
    assert results[5] == {"error": '"text" must be a string'}
    assert results[6] == {"error": '"language" must be a string or null'}
    assert results[7] == {"intent": "get_invoice", "params": {"period": "2026-10"}}
    assert results[8] == {"intent": "greeting", "params": {}}
    assert all(list(result) == ["intent", "params"] for result in results if "intent" in result)


def test_jsonl_with_no_input_prints_nothing():
    # when
    output = _run(jsonl=True, stdin="")
    # then
    assert output == ""


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ((), {}, "Give the message to parse"),
        (("hi",), {"jsonl": True, "stdin": io.StringIO("")}, "not both"),
        (("hi",), {"today": "15.11.2026"}, "--today must be YYYY-MM-DD"),
    ],
)
def test_wrong_usage_is_a_command_error(args, options, message):
    # when / then
    with pytest.raises(CommandError, match=message):
        call_command("assistant_parse", *args, stdout=io.StringIO(), **options)


def test_shows_readings_written_the_way_people_write_them():
    # when
    result = json.loads(_run("Показания: ХВ - 12,5; ГВ - 7,3; эл-во день 1 234 ночь 567", language="ru"))
    # then
    assert result == {"intent": "submit_readings", "params": {
        "readings": [
            {"meter": "cold_water", "zone": None, "value": "12.5"},
            {"meter": "hot_water", "zone": None, "value": "7.3"},
            {"meter": "electricity", "zone": "day", "value": "1234"},
            {"meter": "electricity", "zone": "night", "value": "567"},
        ],
        "unit": None,
    }}  # fmt: skip


def test_jsonl_reads_typos_transliteration_and_problems_in_plain_words():
    # given
    lines = [
        {"text": "халодная 12,5 elektricity 1234", "language": "ru"},
        {"text": "studena 12,5 topla 7", "language": "bg"},
        {"text": "кв 12 тичёт кран", "language": "ru"},
        {"text": "асансьорът не работи", "language": "bg"},
        {"text": "the heating is off", "language": "en"},
    ]
    # when
    output = _run(jsonl=True, stdin="\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    # then
    assert [json.loads(line) for line in output.splitlines()] == [
        {"intent": "submit_readings", "params": {"readings": [
            {"meter": "cold_water", "zone": None, "value": "12.5"},
            {"meter": "electricity", "zone": None, "value": "1234"},
        ], "unit": None}},
        {"intent": "submit_readings", "params": {"readings": [
            {"meter": "cold_water", "zone": None, "value": "12.5"},
            {"meter": "hot_water", "zone": None, "value": "7"},
        ], "unit": None}},
        {"intent": "create_ticket",
         "params": {"description": "кв 12 тичёт кран", "category": "plumbing", "unit": "12"}},
        {"intent": "create_ticket",
         "params": {"description": "асансьорът не работи", "category": "elevator", "unit": None}},
        {"intent": "create_ticket",
         "params": {"description": "the heating is off", "category": "heating", "unit": None}},
    ]  # fmt: skip


def test_jsonl_reads_the_reviewed_messages():
    # given
    lines = [
        {"text": "water is pouring from the ceiling in the bathroom", "language": "en"},
        {"text": "smoke coming out of the socket in kitchen", "language": "en"},
        {"text": "в подъезде пахнет газом", "language": "ru"},
        {"text": "meter reading: 4567 kWh", "language": "en"},
        {"text": "electricity 1,234", "language": "en"},
        {"text": "what did I submit last months for water", "language": "en"},
        {"text": "счетчик 1: 12,3 счетчик 2: 45,6", "language": "ru"},
    ]
    # when
    output = _run(jsonl=True, stdin="".join(json.dumps(line) + "\n" for line in lines))
    # then
    results = [json.loads(line) for line in output.splitlines()]
    assert [(result["intent"], result["params"].get("category")) for result in results] == [
        ("create_ticket", "plumbing"),
        ("create_ticket", "electrical"),
        ("create_ticket", "other"),
        ("submit_readings", None),
        ("submit_readings", None),
        ("reading_history", None),
        ("unknown", None),
    ]
    assert results[3]["params"]["readings"] == [{"meter": "electricity", "zone": None, "value": "4567"}]
    assert results[4]["params"]["readings"] == [{"meter": "electricity", "zone": None, "value": "1234"}]
    assert results[5]["params"] == {"meter": None}
