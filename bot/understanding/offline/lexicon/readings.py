"""Words of meter readings, per language (en, ru, bg) — data only.

Every entry is compared by its spelling key (bot.understanding.offline.words), so one
entry covers the Cyrillic word, its Latin transliteration and "э/е", "ё/е" variants:
"холодн" also matches "holodnaya", "ел" also "эл" and "el". WORDS are whole words; STEMS
match a word's beginning (up to four more letters: "холодн" → "холодной"). Meter and zone
words are also matched with typos; fillers and blockers only exactly or by stem.
"""

# fmt: off

# "water" is the generic noun: with "cold"/"hot" next to it, it takes their meaning, alone
# it is cold water (the meter every flat has).
METER_WORDS = {
    "en": {
        "cold_water": ["cold", "cw"],
        "hot_water": ["hot", "hw"],
        "water": ["water", "waters"],
        "electricity": [
            "electricity", "electric", "elec", "elect", "el", "power", "energy", "light", "lights",
        ],
        "gas": ["gas"],
        "heating": ["heating", "heat"],
    },
    "ru": {
        "cold_water": ["хол", "хв", "хвс", "студ"],
        "hot_water": ["гор", "гв", "гвс"],
        "water": ["вода", "воды", "воде", "воду", "водой", "водомер", "водомера", "водомеры"],
        "electricity": [
            "свет", "света", "свету", "эл", "ээ", "электро", "энергия", "энергии", "электричество",
            "электроэнергия",
        ],
        "gas": ["газ", "газа", "газу", "газом"],
        "heating": ["тепло", "тепла", "гкал"],
    },
    "bg": {
        "cold_water": [],
        "hot_water": ["топла", "топлата", "гореща", "горещата"],
        "water": ["водата"],
        "electricity": ["ток", "тока", "токът", "ел", "електро", "енергия", "енергията"],
        "gas": ["газта", "газът"],
        "heating": ["парно", "парното"],
    },
}
METER_STEMS = {
    "en": {
        "electricity": ["electr"],
        "heating": ["heater"],
    },
    "ru": {
        "cold_water": ["холодн", "хладн"],
        "hot_water": ["горяч"],
        "water": ["водомер", "водоснабж"],
        "electricity": ["электр", "электроэнерг", "электросчетчик"],
        "gas": ["газомер", "газосчетчик"],
        "heating": ["отоплен", "теплосчетчик", "теплоэнерг", "теплов", "теплоснабж"],
    },
    "bg": {
        "cold_water": ["студен"],
        "hot_water": ["горещ"],
        "water": ["водомер"],
        "electricity": ["електр", "електромер"],
        "gas": ["газомер"],
        "heating": ["топломер", "топлоенерг", "топлинн", "отоплени"],
    },
}
# Abbreviations written with dots or slashes ("х.в.", "Э/Э", "эл-во") arrive as several words.
METER_ABBREVIATIONS = {
    "en": {"c w": "cold_water", "h w": "hot_water"},
    "ru": {
        "х в": "cold_water", "х в с": "cold_water", "хол в": "cold_water", "г в": "hot_water",
        "г в с": "hot_water", "гор в": "hot_water", "э э": "electricity", "эл эн": "electricity",
        "эл во": "electricity", "эл энергия": "electricity",
    },
    "bg": {"ел енергия": "electricity"},
}

ZONE_WORDS = {
    "en": {
        "day": ["day", "daytime", "peak", "t1"],
        "night": ["night", "nighttime", "offpeak", "t2"],
    },
    "ru": {
        "day": ["день", "днем", "дн", "т1"],
        "night": ["ночь", "ночью", "нч", "т2"],
    },
    "bg": {
        "day": ["ден", "деня"],
        "night": ["нощ", "нощем"],
    },
}
ZONE_STEMS = {
    "en": {"day": [], "night": []},
    "ru": {"day": ["дневн"], "night": ["ночн"]},
    "bg": {"day": ["днев"], "night": ["нощн"]},
}
ZONE_ABBREVIATIONS = {"en": {"off peak": "night"}, "ru": {}, "bg": {}}

# Units that name their meter ("4567 kWh" is electricity): a value written with one and no
# meter word before it is read for that meter; after a meter word they are mere fillers. Cubic
# metres name no meter (cold water, hot water or gas), so "12 m3" alone still asks which meter.
METER_UNITS = {
    "en": {"electricity": ["kwh", "kw", "kilowatt", "kilowatts"], "heating": ["gcal"]},
    "ru": {"electricity": ["квт", "квтч", "киловатт"], "heating": []},
    "bg": {"electricity": ["квтч", "квт", "киловатчаса"], "heating": []},
}
# "счетчик 1: 12,3", "water meter 2 - 45.6": the small number after these is the meter's own
# number, not a value (patterns; the meter's kind may stand between: "счетчик воды 1: 12,3").
METER_NOUN_PATTERNS = {
    "en": [r"meters?", r"counters?"],
    "ru": [r"сч[её]тчик\w*", r"водомер\w*", r"электросч[её]тчик\w*", r"газомер\w*", r"теплосч[её]тчик\w*"],
    "bg": [r"уред\w*", r"водомер\w*", r"електромер\w*", r"газомер\w*", r"топломер\w*"],
}

# Words that may stand between a meter and its value (units, "meter", rooms...).
FILLER_WORDS = {
    "en": [
        "meter", "meters", "reading", "readings", "counter", "value", "is", "now", "currently",
        "h", "m3", "m³", "cubic", "cbm", "and", "also", "tariff", "rate", "my", "the", "reads",
        "shows", "units", "kitchen", "bathroom", "toilet", "total",
    ],
    "ru": [
        "сейчас", "ч", "м", "куб", "куба", "кубов", "м3", "м³", "и", "а", "также", "по",
        "значение", "санузел", "туалет", "показывает", "мой", "мои", "моя", "итого",
    ],
    "bg": ["уред", "уреда", "сега", "баня", "банята", "кубика", "куб"],
}
FILLER_STEMS = {
    "en": [],
    "ru": ["счетчик", "счётчик", "показан", "кубометр", "тариф", "кухн", "ванн"],
    "bg": ["показани", "кубич", "тарифа", "кухнят"],
}

# A number followed by one of these is a duration, a floor, money... — not a reading.
NOT_READING_AFTER_WORDS = {
    "en": [
        "days", "hours", "hour", "minutes", "min", "weeks", "week", "months", "month", "years",
        "year", "times", "floor", "floors", "eur", "euro", "euros", "usd", "bgn", "lev", "leva", "rub",
        "dollars", "percent", "am", "pm", "st", "nd", "rd", "th", "degrees", "people", "entrance",
    ],
    "ru": [
        "дня", "дней", "дни", "часа", "часов", "час", "минут", "минуты", "мин", "недели", "недель", "неделю",
        "месяца", "месяцев", "месяц", "года", "лет", "год", "раз", "раза", "евро", "руб", "рублей", "рубля",
        "лв", "процентов", "утра", "вечера", "человек",
    ],
    "bg": [
        "часове", "минути", "седмици", "седмица", "месеца", "месец", "години", "година", "пъти", "път",
        "лева",
        "сутринта", "вечерта", "дена",
    ],
}
NOT_READING_AFTER_STEMS = {
    "en": [],
    "ru": ["этаж", "подъезд", "градус"],
    "bg": ["етаж", "вход", "градус"],
}
# A number after one of these is a floor, an entrance, a building... — not a reading.
NOT_READING_BEFORE_WORDS = {
    "en": [
        "floor", "entrance", "building", "block", "room", "house", "staircase", "since", "at", "on", "for",
    ],
    "ru": ["корпус", "дом", "строение", "комната", "номер", "с", "до", "в", "на", "за"],
    "bg": ["блок", "стая", "бл", "номер", "от", "на", "за"],
}
NOT_READING_BEFORE_STEMS = {
    "en": [],
    "ru": ["этаж", "подъезд"],
    "bg": ["етаж", "вход"],
}

# "кв 12", "apartment 12", "ап. 12" → the unit hint "12" (regular-expression fragments).
UNIT_PATTERNS = {
    "en": [r"apartment", r"apt", r"unit", r"flat"],
    "ru": [r"кв", r"квартира", r"квартиры", r"квартире", r"квартиру", r"кв-ра", r"kv"],
    "bg": [r"ап", r"апартамент", r"апартамента", r"ап-т", r"ap"],
}

# Asking for the format ("I want to send my readings") without values (patterns).
READINGS_REQUEST_PATTERNS = {
    "en": [r"readings?", r"meters?", r"submit readings?"],
    "ru": [r"показани\w*", r"счетчик\w*", r"водомер\w*"],
    "bg": [r"показани\w*", r"уред\w*", r"водомер\w*", r"електромер\w*"],
}

# Asking for the readings sent before: a phrase of its own ("what did I submit", "мои
# показания")...
READING_HISTORY_PATTERNS = {
    "en": [
        r"reading history", r"readings history", r"history of (?:my )?readings",
        r"(?:my|previous|past|last|old|submitted) readings",
        r"what (?:did|have) i (?:submit|sen[dt]|enter|report|give)\w*",
        r"what i (?:submitted|sent|entered|reported|gave)", r"show (?:me )?(?:my )?readings",
    ],
    "ru": [
        r"истори\w* показани\w*", r"(?:мои|прошлые|предыдущие|прежние|старые) показания",
        r"(?:переданные|поданные|отправленные|внесенные) показания", r"какие (?:были |я )?показани\w*",
        r"что я (?:передавал|подавал|отправлял|сдавал|вносил|передал|подал|отправил|сдал|внес)\w*",
    ],
    "bg": [
        r"истори\w* на показани\w*", r"(?:моите|предишни\w*|старите) показания", r"показанията ми",
        r"(?:подадени|изпратени)\w* показания", r"какви (?:са |бяха )?(?:\w+ )?показания\w*",
        r"какво (?:съм )?(?:подадох|изпратих|подал\w*|изпратил\w*|въвел\w*)",
    ],
}
# ...or a word for readings or a meter (READING_SUBJECT_PATTERNS, READINGS_REQUEST_PATTERNS,
# HISTORY_METER_PATTERNS) with a verb of sending in the past ("какие показания я передавал"),
# or with a past period ("показания за прошлый месяц") when no verb asks to send them now.
READING_SUBJECT_PATTERNS = {
    "en": [r"water", r"values", r"numbers"],
    "ru": [r"вода", r"воды", r"воду", r"воде", r"цифр\w*"],
    "bg": [r"вода", r"водата", r"цифри\w*"],
}
PAST_SUBMISSION_PATTERNS = {
    "en": [
        r"submitted", r"sent", r"entered", r"reported", r"gave",
        r"did i (?:submit|send|enter|report|give)", r"have i (?:submitted|sent|entered)",
    ],
    "ru": [
        r"передавал\w*", r"передал\w*", r"подавал\w*", r"подал\w*", r"отправлял\w*", r"отправил\w*",
        r"сдавал\w*", r"сдал\w*", r"вносил\w*", r"внес(?:ла|ли)?",
    ],
    "bg": [
        r"подадох", r"подавах", r"изпратих", r"изпращах", r"въведох", r"дадох", r"подал\w*", r"изпратил\w*",
        r"въвел\w*",
    ],
}
HISTORY_PERIOD_PATTERNS = {
    "en": [r"(?:last|previous|past) (?:\w+ )?(?:months?|years?|time)", r"earlier", r"before"],
    "ru": [
        r"(?:прошл|предыдущ|последн)\w* (?:\w+ )?(?:месяц\w*|год\w*|раз)", r"ранее", r"раньше",
        r"в прошлом",
    ],
    "bg": [r"(?:минал|предишн|последн)\w* (?:\w+ )?(?:месец\w*|година\w*|път)", r"преди"],
}
# Money words make a past period a question about bills ("счёт за воду за прошлый месяц").
MONEY_PATTERNS = {
    "en": [r"bills?", r"paid", r"pay\w*", r"costs?", r"price\w*", r"invoices?", r"charged?", r"tariffs?"],
    "ru": [
        r"сч[её]т\w{0,2}", r"плат\w*", r"оплат\w*", r"заплат\w*", r"стоит", r"стоимост\w*", r"цен\w*",
        r"квитанц\w*", r"тариф\w*",
    ],
    "bg": [r"сметк\w*", r"плат\w*", r"плащ\w*", r"струва", r"цен\w*", r"фактур\w*", r"тарифа\w*"],
}
SUBMIT_NOW_PATTERNS = {
    "en": [
        r"submit", r"send", r"enter", r"give", r"report", r"forgot", r"add", r"late", r"how (?:do|can|to)",
    ],
    "ru": [
        r"передать", r"передаю", r"передам", r"подать", r"подаю", r"отправить", r"отправляю", r"сдать",
        r"внести", r"забыл\w*", r"как\w*? (?:можно )?(?:передать|подать)",
    ],
    "bg": [r"подам", r"подавам", r"изпратя", r"изпращам", r"въведа", r"забрав\w*"],
}

# Meter named in a reading-history question, in any inflection (patterns).
HISTORY_METER_PATTERNS = {
    "en": {
        "cold_water": [r"cold"],
        "hot_water": [r"hot"],
        "electricity": [r"electric\w*", r"power"],
        "gas": [r"gas"],
        "heating": [r"heat\w*"],
    },
    "ru": {
        "cold_water": [r"холодн\w*", r"хвс"],
        "hot_water": [r"горяч\w*", r"гвс"],
        "electricity": [r"свет\w*", r"электр\w*"],
        "gas": [r"газ\w*"],
        "heating": [r"отоплен\w*", r"тепл\w*"],
    },
    "bg": {
        "cold_water": [r"студен\w*"],
        "hot_water": [r"топла\w*", r"гореща\w*"],
        "electricity": [r"ток\w*", r"електр\w*"],
        "gas": [r"газ\w*"],
        "heating": [r"отоплени\w*", r"парно\w*"],
    },
}
# fmt: on
