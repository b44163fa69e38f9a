"""Reading history: the last 12 months of the focused unit, per meter (SPEC §7)."""

from bot.engine import Turn, handler
from bot.handlers.meters.texts import meter_label, number_text, zone_name
from bot.messages import say
from tenant_apps.meters.selectors import reading_history
from tenants.schemas import in_schema


def _zone(zone: str, language: str) -> str:
    return f" {zone_name(zone, language)}" if zone else ""


@handler("reading_history")
def reading_history_show(turn: Turn) -> None:
    place = turn.place
    if place is None or place.unit_id is None:
        turn.reply(say("readings_need_unit", turn.language))
        return
    kind = (turn.understanding.params or {}).get("meter") if turn.understanding else None
    with in_schema(place.schema):
        history = reading_history(unit_id=place.unit_id, kind=kind)
        if not history:
            history = reading_history(unit_id=place.unit_id)  # no such meter: show them all
        if not history:
            turn.reply(say("readings_no_meters", turn.language, address=place.address or place.condo))
            return
        blocks = []
        for meter, readings in history:
            twins = sum(1 for other, _ in history if other.meter_type.kind == meter.meter_type.kind)
            title = meter_label(meter, turn.language, with_serial=twins > 1)
            unit = meter.meter_type.unit_of_measure
            lines = [
                f"  {reading.period:%Y-%m}{_zone(reading.zone, turn.language)}: "
                f"{number_text(reading.value)} {unit}"
                for reading in readings
            ] or [f"  {say('readings_history_none', turn.language)}"]
            blocks.append("\n".join([f"{title}:", *lines]))
    turn.reply(say("readings_history", turn.language, meters="\n".join(blocks)))
