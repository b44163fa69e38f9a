"""Submitting readings through the assistant: text or photo → the unit's meters → confirmation
→ the readings service. Everything the dialogue needs between messages lives in the account's
flow data (JSON: ids, codes, values as strings), so a restart mid-dialogue carries on:

    {"step": "resolve"|"value"|"confirm"|"retake"|"retry", "source": "bot_text"|"bot_photo",
     "photo_id": id|None, "retakes": n,
     "items": [{"meter_id": id|None, "candidates": [ids], "zone": ""|"day"|"night"|None,
                "value": "12.5"|None, "refused": "<rule code>"|None}]}

Each item is settled in order: which meter (buttons), which zone (buttons), what value (typed),
then one confirmation for all. Refused values are asked again one by one and submitted as
typed; the same value again is taken as forced by the service.
"""

import re

from bot.engine import Turn, flow, handler
from bot.files import FileUnavailable
from bot.handlers.meters.texts import kind_name, meter_label, meter_label_among, number_text, reason_text
from bot.messages import say
from bot.understanding.choose import ai_enabled
from bot.understanding.offline.readings import decimal_text
from bot.understanding.vision import meter_photo_read
from config.api import ApiError
from tenant_apps.meters.models import ReadingSource
from tenant_apps.meters.photos import VISION_SIDE, photo_jpeg, photo_open
from tenant_apps.meters.selectors import unit_meters
from tenant_apps.meters.services import reading_photo_store, reading_submit, readings_submit_many
from tenants.schemas import in_schema

FLOW = "readings"
PHOTO_RETAKES = 2  # SPEC §7: asked to retake twice; a third unreadable photo → typed by hand
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


def typed_value(text: str) -> str | None:
    """ "1 234,5" → "1234.5"; None when the message is not just a number."""
    compact = (text or "").replace(" ", "").replace("\u00a0", "")
    return decimal_text(compact) if _NUMBER_RE.fullmatch(compact) else None


def _label(meter, meters: dict, language: str, zone: str = "") -> str:
    return meter_label_among(meter, meters.values(), language, zone=zone or "")


def _line(item: dict, meters: dict, language: str) -> str:
    meter = meters[item["meter_id"]]
    unit = meter.meter_type.unit_of_measure
    return f"• {_label(meter, meters, language, item['zone'])}: {number_text(item['value'])} {unit}"


def _item(candidates: list, *, zone=None, value=None) -> dict:
    return {
        "meter_id": candidates[0].pk if len(candidates) == 1 else None,
        "candidates": [meter.pk for meter in candidates],
        "zone": zone,
        "value": value,
        "refused": None,
    }


def _open_candidates(data: dict, index: int) -> list[int]:
    """The meters a value may be for: not one another value of the message already went to
    (same zone), unless that leaves none."""
    item = data["items"][index]
    taken = {
        (other["meter_id"], other["zone"] or "")
        for number, other in enumerate(data["items"])
        if number != index and other["meter_id"] is not None
    }
    choices = [pk for pk in item["candidates"] if (pk, item["zone"] or "") not in taken]
    return choices or item["candidates"]


def _save(turn: Turn, data: dict, step: str) -> None:
    turn.flow_start(FLOW, **{**data, "step": step})


def _advance(turn: Turn, data: dict, meters: dict) -> None:
    """Asks the next open question, or for the confirmation once everything is known."""
    language = turn.language
    for index, item in enumerate(data["items"]):
        if item["meter_id"] is None:
            choices = _open_candidates(data, index)
            if len(choices) == 1:
                item["meter_id"] = choices[0]  # the other values took the rest; shown when confirming
        if item["meter_id"] is None:
            buttons = [
                [{"text": _label(meters[pk], meters, language), "callback_data": f"rdm:{index}:{pk}"}]
                for pk in choices
            ]
            if item["value"]:
                question = say("readings_which_meter", language, value=number_text(item["value"]))
            else:
                question = say("readings_which_meter_unknown", language)
            turn.reply(question, buttons=buttons)
            return _save(turn, data, "resolve")
        meter_type = meters[item["meter_id"]].meter_type
        if not meter_type.zones:
            item["zone"] = ""
        elif item["zone"] not in meter_type.zones:
            buttons = [
                [
                    {
                        "text": meter_label(meters[item["meter_id"]], language, zone=zone),
                        "callback_data": f"rdz:{index}:{zone}",
                    }
                    for zone in meter_type.zones
                ]
            ]
            meter = _label(meters[item["meter_id"]], meters, language)
            if item["value"]:
                question = say("readings_which_zone", language, value=number_text(item["value"]), meter=meter)
            else:
                question = say("readings_which_zone_unknown", language, meter=meter)
            turn.reply(question, buttons=buttons)
            return _save(turn, data, "resolve")
    for item in data["items"]:
        if item["value"] is None:
            meter = _label(meters[item["meter_id"]], meters, language, item["zone"])
            turn.reply(say("readings_value_ask", language, meter=meter))
            return _save(turn, data, "value")
    buttons = [
        [
            {"text": say("readings_yes", language), "callback_data": "rd:yes"},
            {"text": say("readings_no", language), "callback_data": "rd:no"},
        ]
    ]
    if data["source"] == ReadingSource.BOT_PHOTO and len(data["items"]) == 1:
        item = data["items"][0]
        meter = _label(meters[item["meter_id"]], meters, language, item["zone"])
        text = say("readings_photo_confirm", language, value=number_text(item["value"]), meter=meter)
    else:
        lines = "\n".join(_line(item, meters, language) for item in data["items"])
        text = say("readings_confirm", language, lines=lines)
    turn.reply(text, buttons=buttons)
    _save(turn, data, "confirm")


def _refused_prompt(turn: Turn, item: dict, meters: dict, value: str) -> None:
    meter = _label(meters[item["meter_id"]], meters, turn.language, item["zone"])
    reason = reason_text(item["refused"], turn.language)
    turn.reply(say("readings_refused", turn.language, meter=meter, value=number_text(value), reason=reason))


def _submit_all(turn: Turn, data: dict, meters: dict) -> None:
    photo_id = data["photo_id"] if len(data["items"]) == 1 else None
    outcomes = readings_submit_many(
        items=[
            {"meter": meters[item["meter_id"]], "zone": item["zone"], "value": item["value"]}
            for item in data["items"]
        ],
        source=data["source"],
        entered_by_id=turn.account.user_id,
        photo_id=photo_id,
    )
    saved = [item for item, outcome in zip(data["items"], outcomes, strict=True) if outcome.reading]
    if saved:
        lines = "\n".join(_line(item, meters, turn.language) for item in saved)
        turn.reply(say("readings_saved", turn.language, lines=lines))
    refused = []
    for item, outcome in zip(data["items"], outcomes, strict=True):
        if outcome.error is not None:
            refused.append({**item, "value": None, "refused": outcome.error.code, "tried": item["value"]})
    if not refused:
        turn.flow_end()
        return
    _refused_prompt(turn, refused[0], meters, refused[0]["tried"])
    _save(turn, {**data, "items": refused}, "retry")


def _retry(turn: Turn, data: dict, meters: dict, value: str) -> None:
    """A value typed after a refusal goes straight in; the same one again is forced."""
    item = data["items"][0]
    try:
        reading_submit(
            meter=meters[item["meter_id"]],
            zone=item["zone"],
            value=value,
            source=data["source"],
            entered_by_id=turn.account.user_id,
            photo_id=data["photo_id"] if len(data["items"]) == 1 else None,
        )
    except ApiError as error:
        item["refused"] = error.code
        _refused_prompt(turn, item, meters, value)
        return _save(turn, data, "retry")
    lines = _line({**item, "value": value}, meters, turn.language)
    turn.reply(say("readings_saved", turn.language, lines=lines))
    rest = data["items"][1:]
    if not rest:
        return turn.flow_end()
    _refused_prompt(turn, rest[0], meters, rest[0]["tried"])
    _save(turn, {**data, "items": rest}, "retry")


def _photo(turn: Turn, data: dict | None, meters: dict) -> None:
    """A meter photo: read by the AI and confirmed, or retaken, or typed by hand."""
    retakes = data["retakes"] if data and data.get("step") == "retake" else 0
    try:
        # decoded once (checking the format) at the AI's size; the stored copy is made from it
        image = photo_open(turn.file_bytes, side=VISION_SIDE)
    except (FileUnavailable, ApiError):
        turn.reply(say("readings_photo_unavailable", turn.language))
        return
    everything = list(meters.values())
    fresh = {"source": ReadingSource.BOT_PHOTO, "photo_id": None, "retakes": retakes}
    if not ai_enabled():
        turn.reply(say("readings_no_vision", turn.language))
        fresh["photo_id"] = reading_photo_store(image=image).pk
        return _advance(turn, {**fresh, "items": [_item(everything)]}, meters)
    kinds = sorted({meter.meter_type.kind for meter in everything})
    seen = meter_photo_read(photo_jpeg(image, side=VISION_SIDE)[0], kinds=kinds, language=turn.language)
    if not seen.readable:
        fresh["retakes"] = retakes + 1
        if fresh["retakes"] <= PHOTO_RETAKES:
            turn.reply(say("readings_photo_retake", turn.language))
            return _save(turn, {**fresh, "items": []}, "retake")
        turn.reply(say("readings_photo_manual", turn.language))
        fresh["photo_id"] = reading_photo_store(image=image).pk
        return _advance(turn, {**fresh, "items": [_item(everything)]}, meters)
    candidates = [meter for meter in everything if meter.meter_type.kind == seen.meter] or everything
    fresh["photo_id"] = reading_photo_store(image=image).pk
    item = _item(candidates, zone=seen.zone, value=number_text(seen.value))
    _advance(turn, {**fresh, "items": [item]}, meters)


def _text_items(turn: Turn, readings: list[dict], meters: dict) -> list[dict] | None:
    """The message's readings on the unit's meters, one item per value, in order: two values of
    one kind ("kitchen cold 33.3, bathroom cold 21.1") stay two items and, where the unit has
    several such meters, each is asked about. None (after saying why) when a kind has no meter."""
    items = []
    for reading in readings:
        candidates = [meter for meter in meters.values() if meter.meter_type.kind == reading["meter"]]
        if not candidates:
            names = ", ".join(sorted({_label(meter, meters, turn.language) for meter in meters.values()}))
            wanted = kind_name(reading["meter"], turn.language)
            turn.reply(say("readings_unknown_meter", turn.language, meter=wanted, meters=names))
            return None
        items.append(_item(candidates, zone=reading["zone"], value=reading["value"]))
    return items


@handler("submit_readings")
def submit_readings(turn: Turn) -> None:
    place = turn.place
    if place is None or place.unit_id is None:
        turn.reply(say("readings_need_unit", turn.language))
        return
    with in_schema(place.schema):
        meters = {meter.pk: meter for meter in unit_meters(place.unit_id)}
        if not meters:
            turn.reply(say("readings_no_meters", turn.language, address=place.address or place.condo))
            return
        if turn.kind == "photo":
            _photo(turn, None, meters)
            return
        readings = turn.understanding.params.get("readings") or []
        if not readings:
            turn.reply(say("readings_ask", turn.language))
            return
        items = _text_items(turn, readings, meters)
        if items is not None:
            data = {"source": ReadingSource.BOT_TEXT, "photo_id": None, "retakes": 0, "items": items}
            _advance(turn, data, meters)


@flow(FLOW)
def readings_flow(turn: Turn) -> bool:
    data = dict(turn.account.flow_data)
    place = turn.place
    if place is None or place.unit_id is None:
        turn.flow_end()
        return False
    with in_schema(place.schema):
        meters = {meter.pk: meter for meter in unit_meters(place.unit_id)}
        if any(item["meter_id"] not in meters and item["meter_id"] is not None for item in data["items"]):
            turn.flow_end()  # a meter went away meanwhile: start afresh
            return False
        if turn.kind == "photo" and not turn.text:
            _photo(turn, data, meters)
            return True
        callback = turn.callback_data or ""
        step = data.get("step")
        if callback.startswith(("rdm:", "rdz:")):
            kind, index, choice = callback.split(":", 2)
            index = int(index)
            if step != "resolve" or index >= len(data["items"]):
                return True  # a button of an answered question
            item = data["items"][index]
            if kind == "rdm" and choice.isdigit() and int(choice) in item["candidates"]:
                item["meter_id"] = int(choice)
            elif kind == "rdz":
                item["zone"] = choice
            _advance(turn, data, meters)
            return True
        if callback in ("rd:yes", "rd:no"):
            if step != "confirm":
                return True
            if callback == "rd:yes":
                _submit_all(turn, data, meters)
            elif data["source"] == ReadingSource.BOT_PHOTO:
                data["items"][0]["value"] = None  # the AI misread: the person types it
                _advance(turn, data, meters)
            else:
                turn.flow_end()
                turn.reply(say("readings_cancelled", turn.language))
            return True
        if callback:
            return False
        value = typed_value(turn.text)
        if value is not None and step in ("value", "retry", "retake"):
            if step == "retry":
                _retry(turn, data, meters, value)
                return True
            if step == "retake":  # typed instead of a new photo
                data["items"] = [_item(list(meters.values()))]
            next(item for item in data["items"] if item["value"] is None)["value"] = value
            _advance(turn, data, meters)
            return True
    turn.flow_end()  # something else: the message is understood as usual
    return False
