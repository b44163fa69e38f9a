"""The offline understanding against a corpus of messages written the way people write
(tests/fixtures/offline_corpus.txt): decimal commas, units, abbreviations, typos,
transliteration, several meters in one line, problems in plain words.

A second file (offline_corpus_heldout.txt) holds batches each written before the rules
saw them and scored once untuned (105/108 and 38/42): it guards generalisation with a floor
rather than exact answers."""

from datetime import date
from pathlib import Path

import pytest

from bot.understanding import UnderstandingContext, understand_offline, validate_params

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2026, 11, 15)
HELD_OUT_FLOOR = 0.9


def _expected(spec: str) -> tuple[str, dict]:
    """ "readings cold_water=12.5 electricity:day=1234 unit=12" → (intent, params)."""
    intent, _, rest = spec.partition(" ")
    if intent == "comment_ticket":
        ticket_id, _, text = rest.partition(" text=")
        return intent, {"ticket_id": int(ticket_id), "text": text}
    if intent in ("ticket_status", "task_card", "task_take", "task_review", "task_resolve"):
        return intent, {"ticket_id": int(rest)}
    fields = dict(pair.split("=", 1) for pair in rest.split() if "=" in pair)
    if intent == "readings":
        unit = fields.pop("unit", None)
        readings = []
        for pair in rest.split():
            key, value = pair.split("=", 1)
            if key != "unit":
                meter, _, zone = key.partition(":")
                readings.append({"meter": meter, "zone": zone or None, "value": value})
        return "submit_readings", {"readings": readings, "unit": unit}
    if intent == "ticket":
        return "create_ticket", {"category": rest.split()[0], "unit": fields.get("unit")}
    if intent == "get_invoice":
        return intent, {"period": fields.get("period")}
    if intent == "pay_invoice":
        return intent, {"amount": fields.get("amount")}
    if intent == "reading_history":
        return intent, {"meter": fields.get("meter")}
    return intent, {}


def load_corpus(name: str) -> list[tuple[str, str, str, dict]]:
    cases = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, _, rest = line.partition(" | ")
        text, _, spec = rest.rpartition(" => ")
        cases.append((language, text.replace("\\n", "\n"), *_expected(spec)))
    return cases


def understood(language: str, text: str) -> tuple[str, dict]:
    """(intent, params) as the corpus states them: a ticket's description is checked apart."""
    result = understand_offline(UnderstandingContext(text=text, language=language), today=TODAY)
    params = dict(result.params)
    if result.intent == "create_ticket":
        assert params.pop("description").strip()
    return result.intent, params


CORPUS = load_corpus("offline_corpus.txt")
HELD_OUT = load_corpus("offline_corpus_heldout.txt")


def test_the_corpus_is_broad():
    # then
    assert len(CORPUS) + len(HELD_OUT) >= 300
    assert {language for language, *_ in CORPUS} == {"en", "ru", "bg"}
    assert {intent for *_, intent, _ in CORPUS} >= {"submit_readings", "create_ticket", "unknown"}


@pytest.mark.parametrize(("language", "text", "intent", "params"), CORPUS, ids=[case[1] for case in CORPUS])
def test_corpus_message(language, text, intent, params):
    # when
    result = understood(language, text)
    # then
    assert result == (intent, params)


def test_held_out_messages_are_understood_above_the_floor():
    # when
    misses = [
        (text, understood(language, text), (intent, params))
        for language, text, intent, params in HELD_OUT
        if understood(language, text) != (intent, params)
    ]
    # then
    accuracy = 1 - len(misses) / len(HELD_OUT)
    assert accuracy >= HELD_OUT_FLOOR, misses


@pytest.mark.parametrize(("language", "text", "intent", "params"), CORPUS + HELD_OUT)
def test_every_answer_passes_the_catalogue_validation(language, text, intent, params):
    # when
    result = understand_offline(UnderstandingContext(text=text, language=language), today=TODAY)
    # then
    assert validate_params(result.intent, result.params) == result.params
