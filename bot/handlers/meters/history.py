"""Reading history: the last 12 months of the focused unit, per meter (SPEC §7)."""

from bot.engine import Turn, handler
from bot.handlers.meters.texts import meter_label_among, number_text, zone_name
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
        everything = reading_history(unit_id=place.unit_id)
        # the asked kind's meters; when the unit has no such meter, all of them
        history = [pair for pair in everything if pair[0].meter_type.kind == kind] or everything
        if not history:
            turn.reply(say("readings_no_meters", turn.language, address=place.address or place.condo))
            return
        blocks = []
        shown = [meter for meter, _ in history]
        for meter, readings in history:
            title = meter_label_among(meter, shown, turn.language)
            unit = meter.meter_type.unit_of_measure
            lines = [
                f"  {reading.period:%Y-%m}{_zone(reading.zone, turn.language)}: "
                f"{number_text(reading.value)} {unit}"
                for reading in readings
            ] or [f"  {say('readings_history_none', turn.language)}"]
            blocks.append("\n".join([f"{title}:", *lines]))
    turn.reply(say("readings_history", turn.language, meters="\n".join(blocks)))
