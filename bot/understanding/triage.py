"""Emergency triage of a resident's message: is this something that cannot wait?

    reason = emergency_of(text, month=today.month)   # "leak", "gas", ... or None

Reason codes (the most dangerous first when a message names several):
- "gas": a smell of gas or a gas leak ("пахнет газом", "мирише на газ", "gas leak");
- "electrical_hazard": sparks, electric shocks, smoke or burning from sockets and wiring
  ("искрит розетка", "бие ток", "smoke from the socket");
- "elevator_stuck": someone stuck in the lift ("застрял в лифте", "заседнал в асансьора",
  "stuck in the elevator") — a lift that merely does not work is no emergency;
- "leak": an active leak or flooding ("заливает", "течёт с потолка", "тече от тавана",
  "прорвало трубу", "flooding") — a dripping or running tap is no emergency;
- "no_heating": no heating in the cold season (October–April) only.

Words are read like the offline understanding reads them (bot.understanding.offline.words):
by spelling key, so Latin transliteration counts ("iskri", "zalivaet"), by stem and with
typos ("заливаит", "elevater"). A signal word right after a negation ("не пахнет газом",
"no longer flooding") does not count.
"""

from __future__ import annotations

import re

from bot.understanding.offline.patterns import WORD_RE, fold
from bot.understanding.offline.words import WordIndex, spelling_key

COLD_SEASON = frozenset({10, 11, 12, 1, 2, 3, 4})

# Word roles, each word as a whole word or (ending in "*") a stem, any of en/ru/bg.
# fmt: off
_ROLES = {
    # Not "ни": in Bulgarian it is "us" ("съседите ни наводняват").
    "negation": ["не", "нет", "not", "no", "never", "longer", "doesnt", "isnt", "dont", "няма"],
    "absent": ["нет", "нету", "без", "няма", "no", "without", "off", "отключ*", "изключ*", "спрян*"],
    "works": [
        "работ*", "грее*", "греют", "грел*", "топл*", "греят", "work*", "heat", "heats", "heating", "включ*",
    ],
    "heating": [
        "отоплен*", "отоплени*", "батаре*", "радиатор*", "парно*", "heating", "heater*", "radiator*", "heat",
    ],
    "cold": ["холодн*", "студен*", "cold", "freezing", "ледян*", "мерзн*", "замерза*", "мръзн*"],
    "leak_strong": [
        "залива*", "залил*", "затоп*", "подтоп*", "наводн*", "flood*", "прорва*", "прорыв*", "burst*",
        "хлещ*", "потоп*", "спука*", "пукна*", "шурти*", "бликна*", "pour*", "gush*", "льет", "льёт",
        "льется", "льётся", "лее",
    ],
    "leak": [
        "теч*", "тече", "текат", "протек*", "протеч*", "leak*", "капа*", "капе*", "drip*", "утечк*",
        "изтича*",
    ],
    "water": ["вода", "воды", "водата", "water"],
    # a leaking pipe or radiator keeps pouring water out (a tap drips into its sink)
    "pipe": ["труб*", "тръб*", "pipe*", "стояк*", "батаре*", "радиатор*", "radiator*", "бойлер*", "boiler*"],
    "wet": ["мокр*", "wet", "лужа", "лужи", "локва*", "puddle*", "soaked", "подгизна*"],
    "leak_source": [
        "потол*", "таван*", "ceiling*", "сверху", "отгоре", "upstairs", "above", "соседей", "neighbours",
        "neighbors", "стен*", "wall*",
    ],
    "gas": ["газ", "газа", "газом", "газу", "газта", "gas", "gaz", "газов*"],
    "smell": [
        "пахн*", "запах*", "воня*", "вонь", "мирише", "миризма", "смърди", "smell*", "stink*", "чувству*",
        "усеща*",
    ],
    "spark": ["искр*", "spark*", "искрят", "искри"],
    "shock": ["shock*", "током"],
    "burning": [
        "дым*", "дими*", "дим", "smok*", "гар*", "горит", "гори", "burn*", "плав*", "оплав*", "изгоря*",
    ],
    "electric_thing": [
        "розетк*", "проводк*", "провод*", "щит*", "щиток*", "выключател*", "socket*", "outlet*", "wiring",
        "wire*", "контакт*", "кабел*", "табло*", "ключ*", "switch*", "електромер*", "счетчик*",
    ],
    "stuck": ["застря*", "заседна*", "заклещ*", "stuck", "trapped", "заперт*", "заключен*", "блокира*"],
    "elevator": ["лифт*", "асансьор*", "elevator*", "lift", "lifts", "кабин*"],
    "inside": ["в", "во", "внутри", "in", "inside", "вътре"],
    "person": [
        "я", "мы", "человек", "люди", "людьми", "ребенок", "ребенка", "дети", "детьми", "бабушка", "дедушка",
        "сосед*", "кто-то", "someone", "somebody", "people", "person", "child", "kid", "kids", "we",
        "man", "woman", "аз", "ние", "съм", "сме", "човек", "хора", "дете", "деца", "някой",
    ],
}
# Phrases on the message's spelling keys (so "bie tok" reads as "бие ток"): "\w*" after a stem.
_PHRASES = {
    "shock": [
        r"бь\w* ток\w*", r"бие ток\w*", r"бият ток\w*", r"удар\w* ток\w*", r"тресе ток\w*", r"удря ток\w*",
    ],
    "between_floors": [r"между етаж\w*", r"между этаж\w*", r"between (?:the )?floors"],
    "smoke_from_thing": [
        r"(?:from|out of|из|от) (?:the |a )?(?:socket\w*|outlet\w*|розетк\w*|контакт\w*|щит\w*)",
    ],
}
# fmt: on


def _index() -> WordIndex:
    words: dict[str, set] = {}
    stems: dict[str, set] = {}
    for role, entries in _ROLES.items():
        for entry in entries:
            table, entry = (stems, entry[:-1]) if entry.endswith("*") else (words, entry)
            table.setdefault(spelling_key(entry), set()).add(role)
    return WordIndex(
        {key: frozenset(roles) for key, roles in words.items()},
        {key: frozenset(roles) for key, roles in stems.items()},
    )


def _phrase_re(fragments: list[str]) -> re.Pattern:
    def key_fragment(fragment: str) -> str:
        return re.sub(r"(?<!\\)[^\W\d_]+", lambda match: spelling_key(match.group()), fragment)

    return re.compile(r"(?<!\w)(?:" + "|".join(key_fragment(fragment) for fragment in fragments) + r")(?!\w)")


_WORDS = _index()
_PHRASE_RES = {name: _phrase_re(fragments) for name, fragments in _PHRASES.items()}
_NO_ROLES: frozenset = frozenset()


def emergency_of(text: str, *, month: int) -> str | None:
    """The emergency the message reports ("gas", "electrical_hazard", "elevator_stuck",
    "leak", "no_heating"), or None. `month` (1–12) decides whether missing heating is an
    emergency: only from October to April."""
    words = WORD_RE.findall(fold(text if isinstance(text, str) else ""))
    if not words:
        return None
    roles = [_WORDS.lookup(word) or _NO_ROLES for word in words]
    keys = " ".join(spelling_key(word) for word in words)
    said = _affirmed(roles)

    if "gas" in said and ("smell" in said or "leak" in said):
        return "gas"
    if "spark" in said or "shock" in said or _PHRASE_RES["shock"].search(keys):
        return "electrical_hazard"
    if "burning" in said and ("electric_thing" in said or _PHRASE_RES["smoke_from_thing"].search(keys)):
        return "electrical_hazard"
    if (
        "stuck" in said
        and "elevator" in said
        and ("person" in said or _inside_elevator(roles) or _PHRASE_RES["between_floors"].search(keys))
    ):
        return "elevator_stuck"
    if "leak_strong" in said or (("leak" in said or "water" in said) and "leak_source" in said):
        return "leak"
    if "leak" in said and ("pipe" in said or "wet" in said):
        return "leak"
    if month in COLD_SEASON and "heating" in said and _heating_fails(roles, said):
        return "no_heating"
    return None


def _affirmed(roles: list[frozenset]) -> set[str]:
    """The roles of the words not negated by one of the two words before them ("не пахнет
    газом", "no gas smell")."""
    said: set[str] = set()
    for index, word_roles in enumerate(roles):
        if any("negation" in before for before in roles[max(index - 2, 0) : index]):
            said |= word_roles & {"works", "heating", "gas", "water", "elevator", "person", "electric_thing"}
            continue
        said |= word_roles
    return said


def _inside_elevator(roles: list[frozenset]) -> bool:
    """ "в лифте", "in the elevator", "в асансьора": someone is inside, not just the lift stopped."""
    return any(
        "inside" in word_roles and any("elevator" in later for later in roles[index + 1 : index + 3])
        for index, word_roles in enumerate(roles)
    )


def _heating_fails(roles: list[frozenset], said: set[str]) -> bool:
    """ "нет отопления", "heating is off", "батареи холодные", "парното не топли"."""
    if "absent" in said or "cold" in said:
        return True
    return any(
        "negation" in word_roles and any("works" in later for later in roles[index + 1 : index + 4])
        for index, word_roles in enumerate(roles)
    )
