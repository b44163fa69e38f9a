"""Word lists of the offline understanding, per language (en, ru, bg) — data only.

The logic (offline.py) merges all languages: a Russian speaker who writes "hot water 45"
is understood too; the language only chooses the reply text. Everything is lowercase
with "ё" written as "е" and "’" as "'" (the parser folds messages the same way).

Two kinds of lists:
- WORDS lists (meters, zones, fillers, ...) hold plain words or space-separated phrases
  compared with the message's words exactly (phrases of up to three words);
- PATTERNS lists hold regular-expression fragments matched as whole words, a space
  standing for any run of whitespace: r"теч\\w*" matches "течет", "течь", "тече".
"""

# Word tables are packed by hand, many entries a line.
# fmt: off

# --- meter readings ----------------------------------------------------------------------------
METER_WORDS = {
    "en": {
        "cold_water": ["cold water", "cold", "water", "water meter", "cold water meter"],
        "hot_water": ["hot water", "hot", "hot water meter"],
        "electricity": ["electricity", "electric", "electricity meter", "power", "el"],
        "gas": ["gas", "gas meter"],
        "heating": ["heating", "heat", "heat meter", "heating meter"],
    },
    "ru": {
        "cold_water": [
            "холодная вода", "холодной воды", "холодную воду", "холодной воде", "холодная", "холодной",
            "холодную", "хол вода", "хол", "хвс", "вода", "воды", "воду", "водомер", "холодное водоснабжение",
        ],
        "hot_water": [
            "горячая вода", "горячей воды", "горячую воду", "горячей воде", "горячая", "горячей", "горячую",
            "гор вода", "гор", "гвс", "горячее водоснабжение",
        ],
        "electricity": [
            "свет", "света", "электричество", "электричества", "электроэнергия", "электроэнергии",
            "электроэнергию", "электро", "электр", "эл", "эл энергия", "электро энергия", "электросчетчик",
            "электросчетчика",
        ],
        "gas": ["газ", "газа", "газомер"],
        "heating": ["отопление", "отопления", "тепло", "тепла", "теплосчетчик", "теплоэнергия"],
    },
    "bg": {
        "cold_water": [
            "студена вода", "студената вода", "студена", "студената", "вода", "водата", "водомер",
            "водомера", "студ вода",
        ],
        "hot_water": [
            "топла вода", "топлата вода", "топла", "топлата", "гореща вода", "горещата вода", "гореща",
        ],
        "electricity": [
            "ток", "тока", "токът", "електричество", "електричеството", "електроенергия", "ел енергия",
            "ел", "електромер", "електромера",
        ],
        "gas": ["газ", "газта", "газомера"],
        "heating": ["отопление", "отоплението", "парно", "парното", "топломер", "топломера"],
    },
}

ZONE_WORDS = {
    "en": {
        "day": ["day", "daytime", "day rate", "day tariff", "peak", "t1"],
        "night": ["night", "nighttime", "night rate", "night tariff", "off peak", "offpeak", "t2"],
    },
    "ru": {
        "day": ["день", "дневной", "дневная", "дневное", "днем", "дневн", "т1", "дневной тариф", "пик"],
        "night": ["ночь", "ночной", "ночная", "ночное", "ночью", "ночн", "т2", "ночной тариф"],
    },
    "bg": {
        "day": ["ден", "дневна", "дневен", "дневно", "дневната", "дневна тарифа"],
        "night": ["нощ", "нощна", "нощен", "нощно", "нощната", "нощна тарифа"],
    },
}

# Words that may stand between a meter and its value without breaking the pair.
READING_FILLER_WORDS = {
    "en": [
        "meter", "meters", "reading", "readings", "counter", "value", "is", "now", "currently", "kwh", "kw",
        "m3", "m³", "cubic", "cubic meters", "cbm", "gcal", "and", "also", "tariff", "rate",
    ],
    "ru": [
        "счетчик", "счетчика", "счетчике", "счетчики", "показания", "показание", "показаниях", "сейчас",
        "квт", "квтч", "квт ч", "кубов", "куба", "куб", "кубометров", "кубометра", "м3", "м³", "гкал", "и",
        "а", "также", "тариф", "тарифа", "по", "значение",
    ],
    "bg": [
        "уред", "уреда", "показание", "показанието", "показанията", "квтч", "кубика", "кубически", "тарифа",
        "тарифата", "сега",
    ],
}

# A number followed by one of these is a duration, a floor, money... — not a reading.
NOT_READING_AFTER_WORDS = {
    "en": [
        "days", "hours", "hour", "minutes", "min", "weeks", "week", "months", "month", "years", "year",
        "times", "floor", "floors", "eur", "euro", "euros", "usd", "bgn", "lev", "leva", "rub", "dollars",
        "percent", "am", "pm", "st", "nd", "rd", "th",
    ],
    "ru": [
        "дня", "дней", "дни", "часа", "часов", "час", "минут", "минуты", "мин", "недели", "недель",
        "неделю", "месяца", "месяцев", "месяц", "года", "лет", "год", "раз", "раза", "этаж", "этаже",
        "этажа", "евро", "руб", "рублей", "рубля", "лв", "процентов", "утра", "вечера",
    ],
    "bg": [
        "часове", "минути", "седмици", "седмица", "месеца", "месец", "години", "година", "пъти", "път",
        "етаж", "етажа", "лева", "сутринта", "вечерта",
    ],
}

# A number after one of these is a floor, an entrance, a building... — not a reading.
NOT_READING_BEFORE_WORDS = {
    "en": ["floor", "entrance", "building", "block", "room", "house", "staircase"],
    "ru": [
        "этаж", "этаже", "подъезд", "подъезде", "подъезда", "корпус", "дом", "строение", "комната", "номер",
    ],
    "bg": ["етаж", "етажа", "вход", "блок", "стая", "бл", "номер"],
}

# "кв 12", "apartment 12", "ап. 12" → the unit hint "12".
UNIT_PATTERNS = {
    "en": [r"apartment", r"apt", r"unit", r"flat"],
    "ru": [r"кв", r"квартира", r"квартиры", r"квартире", r"квартиру", r"кв-ра"],
    "bg": [r"ап", r"апартамент", r"апартамента", r"ап-т"],
}

# Asking for the format ("I want to send my readings") without values.
READINGS_REQUEST_PATTERNS = {
    "en": [r"readings?", r"meters?", r"submit readings?"],
    "ru": [r"показани\w*", r"счетчик\w*", r"водомер\w*"],
    "bg": [r"показани\w*", r"уред\w*", r"водомер\w*", r"електромер\w*"],
}

READING_HISTORY_PATTERNS = {
    "en": [
        r"reading history", r"readings history", r"history of (?:my )?readings",
        r"(?:my|previous|past|last|old) readings",
    ],
    "ru": [r"истори\w* показани\w*", r"(?:мои|прошлые|предыдущие|прежние|старые) показания"],
    "bg": [r"истори\w* на показани\w*", r"(?:моите|предишни\w*|старите) показания", r"показанията ми"],
}

# Meter named in a reading-history question, in any inflection.
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

# --- tickets -------------------------------------------------------------------------------------
TICKET_WORD_PATTERNS = {
    "en": [r"tickets?", r"requests?", r"issues?"],
    "ru": [r"заявк\w*", r"обращени\w*", r"тикет\w*"],
    "bg": [r"заявк\w*", r"сигнал\w*"],
}
TASK_WORD_PATTERNS = {
    "en": [r"tasks?", r"jobs?"],
    "ru": [r"задач\w*", r"задани\w*"],
    "bg": [r"задач\w*"],
}
STATUS_PATTERNS = {
    "en": [r"status", r"where is", r"what about"],
    "ru": [r"статус\w*", r"что с", r"как там"],
    "bg": [r"статус\w*", r"какво става с"],
}
# "№42", "#42", "no. 42", "номер 42"
NUMBER_SIGN_PATTERNS = {
    "en": [r"no\.?", r"nr\.?", r"number", r"#"],
    "ru": [r"№", r"номер"],
    "bg": [r"№", r"номер"],
}

COMMENT_PATTERNS = {
    "en": [r"comment\w*", r"add (?:a )?comment", r"note"],
    "ru": [r"комментари\w*", r"коммент\w*", r"прокомментир\w*", r"(?:добав\w* )?комментари\w*"],
    "bg": [r"коментар\w*", r"коментирай", r"(?:добави )?коментар"],
}

CREATE_TICKET_PATTERNS = {
    "en": [
        r"new (?:ticket|request)",
        r"(?:create|open|make|submit|file|raise|report) (?:a |an )?(?:new )?"
        r"(?:ticket|request|issue|problem)", r"problems?", r"issues?", r"(?:i have|there is) a problem",
    ],
    "ru": [
        r"нов\w* заявк\w*",
        r"(?:создать|оставить|подать|открыть|сделать|завести|оформить|создай|оформи) "
        r"(?:новую )?заявк\w*", r"проблем\w*", r"неполадк\w*",
    ],
    "bg": [
        r"нова заявка", r"(?:подам|подай|подайте|създай|създам|пусна|пусни|направи) (?:нова )?заявка",
        r"(?:подавам|подам|подай) сигнал", r"проблем\w*",
    ],
}

# Words that never make a ticket description on their own ("I want to open a new ticket").
STOP_WORDS = {
    "en": [
        "please", "want", "would", "like", "need", "have", "there", "with", "some", "this", "that", "the",
        "and", "can", "you", "could", "open", "new", "create", "ticket", "request", "thanks", "hello",
    ],
    "ru": [
        "пожалуйста", "хочу", "нужно", "надо", "меня", "мне", "есть", "хотел", "хотела", "можно", "новую",
        "новая", "заявку", "заявка", "прошу", "помогите", "срочно", "спасибо", "здравствуйте", "привет",
    ],
    "bg": [
        "моля", "искам", "имам", "нужда", "трябва", "желая", "бих", "мога", "нова", "заявка", "спешно",
        "благодаря", "здравейте", "здравей",
    ],
}

# Clear signs of a problem: a ticket even without a category word.
PROBLEM_PATTERNS = {
    "en": [
        r"leak\w*", r"broken", r"broke", r"breaks?", r"not working", r"stopped working", r"out of order",
        r"(?:does|do|is|are|was|were|has|have)n'?t (?:work\w*|turn\w* on|open\w*|close\w*|flush\w*|heat\w*)",
        r"(?:does|do|is|are) not (?:work\w*|turn\w* on|open\w*|close\w*|flush\w*|heat\w*)",
        r"won'?t (?:work|open|close|start|turn on|flush|lock)", r"stuck", r"clogged", r"blocked",
        r"smell\w*", r"stinks?", r"stinking", r"flood\w*", r"burst", r"drip\w*", r"damaged", r"cracked",
        r"dirty", r"faulty", r"fault", r"emergency", r"spark\w*", r"burn(?:t|ed) out", r"noise", r"noisy",
        r"freezing", r"too cold", r"tripping", r"fix", r"repair\w*", r"replace", r"clean up", r"flicker\w*",
        r"cold radiators?", r"radiators? (?:is |are )?cold", r"intruders?", r"strangers?", r"break-?in",
        r"burglar\w*", r"theft", r"stolen", r"fire", r"smoke", r"vandal\w*",
    ],
    "ru": [
        r"теч\w*", r"протек\w*", r"протеч\w*", r"капа\w*", r"слома\w*", r"сломан\w*", r"полома\w*",
        r"поломк\w*", r"не работ\w*", r"не гор\w*", r"не гре\w*", r"не включа\w*", r"не выключа\w*",
        r"не открыва\w*", r"не закрыва\w*", r"не смыва\w*", r"не ид\w*", r"не едет", r"перестал\w*",
        r"засор\w*", r"забил\w*", r"пахнет", r"воня\w*", r"вонь", r"запах\w*", r"затоп\w*", r"залива\w*",
        r"залил\w*", r"прорва\w*", r"прорыв\w*", r"авари\w*", r"неисправ\w*", r"разбит\w*", r"разбил\w*",
        r"поврежд\w*", r"искрит\w*", r"замыкан\w*", r"застрял\w*", r"грязн\w*", r"холодно", r"шум\w*",
        r"отвалил\w*", r"треснул\w*", r"сгорел\w*", r"перегорел\w*", r"выбива\w*", r"выбило", r"мига\w*",
        r"почин\w*", r"отремонтир\w*", r"ремонт\w*", r"замени\w*", r"убер\w*", r"убрать", r"помыть",
        r"вывез\w*", r"поправ\w*", r"батаре\w* холодн\w*", r"холодн\w* батаре\w*", r"радиатор\w* холодн\w*",
        r"холодн\w* радиатор\w*", r"посторонн\w*", r"взлом\w*", r"краж\w*", r"украл\w*", r"пожар\w*",
        r"дым\w*", r"вандал\w*", r"хулиган\w*",
    ],
    "bg": [
        r"тече", r"текат", r"теч\w*", r"капе", r"капят", r"протич\w*", r"не работ\w*", r"не свет\w*",
        r"не гре\w*", r"не се (?:отваря|затваря|включва|изключва|пуска)", r"спря\w*", r"счупен\w*",
        r"счупи\w*", r"развален\w*", r"развали\w*", r"повред\w*", r"авари\w*", r"запуш\w*", r"мирише",
        r"смърди", r"вони", r"наводн\w*", r"заседна\w*", r"заклещ\w*", r"мръсн\w*", r"изгоря\w*",
        r"студено", r"шум\w*", r"оправ\w*", r"поправ\w*", r"ремонт\w*", r"смени\w*", r"почист\w*",
        r"студен\w* радиатор\w*", r"радиатор\w* (?:е |са )?студен\w*", r"непознат\w*", r"кражб\w*",
        r"открадн\w*", r"пожар\w*", r"дим", r"вандал\w*",
    ],
}

# "no", "нет", "няма": a ticket only together with a category word ("no light", "нет воды").
ABSENCE_PATTERNS = {
    "en": [r"no", r"none", r"without", r"lack of", r"missing"],
    "ru": [r"нет", r"нету", r"без", r"отсутству\w*", r"пропал\w*"],
    "bg": [r"няма", r"без", r"липсва\w*", r"изчезна\w*"],
}

# Category keywords (the offline parser tries categories in a fixed order: elevator, security,
# heating, plumbing, electrical, cleaning; nothing matched → "other").
CATEGORY_PATTERNS = {
    "en": {
        "elevator": [r"elevators?", r"lifts?"],
        "security": [
            r"security", r"guard", r"intruders?", r"strangers?", r"break-?in", r"burglar\w*", r"theft",
            r"stolen", r"steal\w*", r"thie(?:f|ves)", r"locks?", r"locked", r"doors?", r"gates?",
            r"intercom", r"cameras?", r"cctv", r"alarm", r"fire", r"smoke", r"gas (?:smell|leak)\w*",
            r"smell\w* (?:of )?gas", r"vandal\w*",
        ],
        "heating": [r"heating", r"heater", r"radiators?", r"boiler", r"freezing", r"too cold", r"heat"],
        "plumbing": [
            r"leak\w*", r"pipes?", r"taps?", r"faucets?", r"toilets?", r"sinks?", r"drains?", r"clog\w*",
            r"water", r"showers?", r"sewage", r"sewer", r"flood\w*", r"drip\w*", r"plumb\w*",
        ],
        "electrical": [
            r"lights?", r"lighting", r"lamps?", r"bulbs?", r"electric\w*", r"power", r"sockets?",
            r"outlets?", r"wiring", r"switch\w*", r"fuses?", r"breakers?", r"spark\w*",
        ],
        "cleaning": [
            r"dirty", r"dirt", r"trash", r"garbage", r"rubbish", r"litter", r"clean\w*", r"mess\w*",
            r"bins?", r"mud",
        ],
    },
    "ru": {
        "elevator": [r"лифт\w*"],
        "security": [
            r"охран\w*", r"посторонн\w*", r"взлом\w*", r"вор\w*", r"краж\w*", r"украл\w*", r"украд\w*",
            r"двер\w*", r"домофон\w*", r"замок", r"замка", r"замке", r"камер\w*", r"пожар\w*", r"дым\w*",
            r"сигнализац\w*", r"газом", r"запах газа", r"утечк\w* газа", r"вандал\w*", r"хулиган\w*",
        ],
        "heating": [
            r"отоплен\w*", r"батаре\w*", r"радиатор\w*", r"котел\w*", r"котл\w*", r"бойлер\w*", r"холодно",
            r"тепл\w*",
        ],
        "plumbing": [
            r"теч\w*", r"протек\w*", r"протеч\w*", r"капа\w*", r"кран\w*", r"труб\w*", r"смесител\w*",
            r"унитаз\w*", r"раковин\w*", r"канализац\w*", r"засор\w*", r"вод\w*", r"душ", r"душев\w*",
            r"затоп\w*", r"залива\w*", r"залил\w*", r"сантехн\w*", r"слив\w*",
        ],
        "electrical": [
            r"свет", r"света", r"светом", r"освещени\w*", r"ламп\w*", r"электр\w*", r"розетк\w*",
            r"провод\w*", r"выключател\w*", r"автомат\w*", r"щиток\w*", r"щит", r"искр\w*", r"замыкан\w*",
            r"светильник\w*",
        ],
        "cleaning": [
            r"мусор\w*", r"грязн\w*", r"грязь", r"убор\w*", r"убра\w*", r"убир\w*", r"убер\w*", r"мыть\w*",
            r"помыт\w*", r"чистот\w*", r"отход\w*", r"вывез\w*",
        ],
    },
    "bg": {
        "elevator": [r"асансьор\w*"],
        "security": [
            r"охран\w*", r"непознат\w*", r"кражб\w*", r"открадн\w*", r"крад\w*", r"врата", r"вратата",
            r"врати", r"домофон\w*", r"брав\w*", r"камер\w*", r"пожар\w*", r"дим", r"на газ",
            r"изтичане на газ", r"вандал\w*",
        ],
        "heating": [r"отоплени\w*", r"парно\w*", r"радиатор\w*", r"бойлер\w*", r"студено"],
        "plumbing": [
            r"тече", r"текат", r"теч\w*", r"капе", r"капят", r"кран\w*", r"тръб\w*", r"мивк\w*",
            r"тоалетн\w*", r"казанче\w*", r"канал\w*", r"запуш\w*", r"вод\w*", r"наводн\w*", r"душ", r"вик",
        ],
        "electrical": [
            r"ток", r"тока", r"токът", r"осветлени\w*", r"ламп\w*", r"крушк\w*", r"контакт", r"контакта",
            r"контактът", r"контакти", r"бушон\w*", r"електр\w*", r"свети", r"светят", r"прекъсвач\w*",
        ],
        "cleaning": [r"мръсн\w*", r"мръсотия", r"боклук\w*", r"почист\w*", r"чистот\w*", r"кофи", r"кофа"],
    },
}

# --- staff actions on a ticket number ----------------------------------------------------------
TAKE_PATTERNS = {
    "en": [r"take", r"taking", r"i take", r"i'll take", r"accept", r"start"],
    "ru": [r"взять", r"возьму", r"беру", r"взял", r"взяла", r"в работу", r"беру в работу", r"принять"],
    "bg": [r"взема", r"вземам", r"поемам", r"поема", r"започвам", r"в работа"],
}
REVIEW_PATTERNS = {
    "en": [r"review", r"to review", r"for review", r"on review", r"send to review"],
    "ru": [r"на проверку", r"проверку", r"проверка", r"на проверке"],
    "bg": [r"на проверка", r"проверка", r"на преглед", r"преглед"],
}
RESOLVE_PATTERNS = {
    "en": [r"resolve", r"resolved", r"done", r"complete", r"completed", r"fixed", r"finished", r"solved"],
    "ru": [
        r"готово", r"готов", r"готова", r"выполнено", r"выполнена", r"сделано", r"сделана", r"решено",
        r"решена", r"исправлено", r"устранено",
    ],
    "bg": [
        r"готово", r"готова", r"решено", r"решена", r"приключено", r"приключена", r"свършено", r"оправено",
    ],
}
SEND_PATTERNS = {
    "en": [r"send", r"move", r"put"],
    "ru": [r"отправ\w*", r"перевед\w*"],
    "bg": [r"изпрат\w*", r"пусни"],
}

# --- lists, billing, contacts, help, greetings ------------------------------------------------
LIST_TICKETS_PATTERNS = {
    "en": [r"(?:my )?tickets?", r"(?:my )?requests", r"ticket status"],
    "ru": [r"заявк\w*", r"обращени\w*", r"тикет\w*"],
    "bg": [r"заявк\w*"],
}
MY_TASKS_PATTERNS = {
    "en": [r"(?:my )?tasks?", r"(?:my )?jobs"],
    "ru": [r"задач\w*", r"задани\w*"],
    "bg": [r"задач\w*"],
}
PAYMENT_HISTORY_PATTERNS = {
    "en": [
        r"payment history", r"history of (?:my )?payments", r"(?:my |past |previous )?payments",
        r"what i paid",
    ],
    "ru": [r"истори\w* (?:платеж\w*|оплат\w*)", r"(?:мои )?платежи", r"(?:мои )?оплаты", r"что я оплатил\w*"],
    "bg": [r"истори\w* на плащани\w*", r"(?:моите )?плащания(?:та)?", r"плащанията ми"],
}
# "How much do I owe?" is an invoice question even though it names paying.
INVOICE_QUESTION_PATTERNS = {
    "en": [r"how much (?:do i|should i|to|must i) (?:owe|pay)"],
    "ru": [r"сколько (?:мне )?(?:нужно |надо )?(?:платить|заплатить|оплатить|к оплате)", r"сколько я должен"],
    "bg": [r"колко (?:трябва да )?(?:платя|дължа)", r"колко е сметката"],
}
PAY_PATTERNS = {
    "en": [r"pay\w*", r"paid"],
    "ru": [r"оплат\w*", r"заплат\w*", r"плат(?:ить|ишь|им|ите)", r"плачу"],
    "bg": [r"платя", r"плати", r"платим", r"платите", r"плащ\w*", r"заплат\w*"],
}
INVOICE_PATTERNS = {
    "en": [r"invoices?", r"bills?", r"receipts?", r"statement", r"balance", r"debt", r"how much do i owe"],
    "ru": [
        r"сч[её]т", r"счета", r"счету", r"счетом", r"квитанц\w*", r"платежк\w*", r"баланс\w*",
        r"задолженност\w*", r"долг\w*",
    ],
    "bg": [r"сметк\w*", r"фактур\w*", r"баланс\w*", r"задължени\w*", r"дълг\w*"],
}
CONTACTS_PATTERNS = {
    "en": [
        r"contacts?", r"phone(?: number)?", r"manager", r"office", r"faq", r"email",
        r"how (?:can i|to|do i) (?:contact|reach|call)",
    ],
    "ru": [
        r"контакт\w*", r"телефон\w*", r"управляющ\w*", r"управдом\w*", r"связаться", r"позвонить",
        r"офис\w*", r"частые вопросы", r"вопросы и ответы",
    ],
    "bg": [
        r"контакт\w*", r"телефон\w*", r"управител\w*", r"домоуправител\w*", r"свържа", r"офис\w*",
        r"често задавани",
    ],
}
HELP_PATTERNS = {
    "en": [r"help", r"what can you do", r"how does (?:it|this) work", r"commands", r"menu"],
    "ru": [
        r"помощ\w*", r"помогите", r"помоги", r"что (?:ты )?умеешь", r"что ты можешь", r"команды", r"меню",
        r"инструкци\w*",
    ],
    "bg": [r"помощ\w*", r"помогни", r"помогнете", r"какво можеш", r"как работи", r"команди", r"меню"],
}
GREETING_PATTERNS = {
    "en": [
        r"hi", r"hello", r"hey", r"hiya", r"greetings", r"good (?:morning|afternoon|evening|day)",
        r"thanks?", r"thank you", r"no problems?",
    ],
    "ru": [
        r"привет\w*", r"здравствуй\w*", r"здрасьте", r"здрасте", r"добр\w+ (?:день|утро|вечер)",
        r"доброго (?:дня|утра|вечера)", r"доброе утро", r"спасибо", r"благодарю", r"нет проблем",
    ],
    "bg": [
        r"здравей\w*", r"здрасти", r"здрасте", r"добър (?:ден|вечер)", r"добро утро", r"благодаря",
        r"мерси", r"няма проблем",
    ],
}

# --- periods -------------------------------------------------------------------------------------
MONTH_PATTERNS = {
    "en": {
        1: [r"january", r"jan"],
        2: [r"february", r"feb"],
        3: [r"march", r"mar"],
        4: [r"april", r"apr"],
        5: [r"may(?! (?:i|we|you)\b)"],
        6: [r"june", r"jun"],
        7: [r"july", r"jul"],
        8: [r"august", r"aug"],
        9: [r"september", r"sept?"],
        10: [r"october", r"oct"],
        11: [r"november", r"nov"],
        12: [r"december", r"dec"],
    },
    "ru": {
        1: [r"январ\w*", r"янв"],
        2: [r"феврал\w*", r"фев"],
        3: [r"март\w*"],
        4: [r"апрел\w*", r"апр"],
        5: [r"ма[йяе]"],
        6: [r"июн\w*"],
        7: [r"июл\w*"],
        8: [r"август\w*", r"авг"],
        9: [r"сентябр\w*", r"сент?"],
        10: [r"октябр\w*", r"окт"],
        11: [r"ноябр\w*", r"ноя"],
        12: [r"декабр\w*", r"дек"],
    },
    "bg": {
        1: [r"януари"],
        2: [r"февруари"],
        3: [r"март"],
        4: [r"април"],
        5: [r"май"],
        6: [r"юни"],
        7: [r"юли"],
        8: [r"август"],
        9: [r"септември"],
        10: [r"октомври"],
        11: [r"ноември"],
        12: [r"декември"],
    },
}
PREVIOUS_MONTH_PATTERNS = {
    "en": [r"last month", r"previous month", r"past month"],
    "ru": [r"прошл\w* месяц\w*", r"предыдущ\w* месяц\w*"],
    "bg": [r"минал\w* месец", r"предишн\w* месец"],
}
CURRENT_MONTH_PATTERNS = {
    "en": [r"this month", r"current month"],
    "ru": [r"этот месяц", r"этом месяце", r"этого месяца", r"текущ\w* месяц\w*"],
    "bg": [r"този месец", r"тоя месец", r"текущ\w* месец"],
}

# --- slash commands ---------------------------------------------------------------------------
SLASH_COMMANDS = {
    "start": "greeting",
    "help": "help",
    "contacts": "contacts",
    "faq": "contacts",
    "tickets": "list_tickets",
    "tasks": "my_tasks",
    "invoice": "get_invoice",
    "pay": "pay_invoice",
    "payments": "payment_history",
    "readings": "reading_history",
}

# --- language detection (only when the user's language is unknown) ---------------------------
RUSSIAN_MARKER_PATTERNS = [
    r"\w*[ыэё]\w*", r"привет", r"нет", r"мои", r"помощь", r"счет", r"свет", r"спасибо", r"пожалуйста",
    r"что", r"это", r"как", r"где", r"течет", r"квартира", r"оплатить", r"холодная", r"горячая",
    r"не работает",
]
BULGARIAN_MARKER_PATTERNS = [
    r"\w*ъ(?![еюя])\w*", r"здравей\w*", r"няма", r"моите", r"помощ", r"сметк\w*", r"ток", r"нощ\w*",
    r"дневна", r"студена", r"топла", r"тече", r"асансьор\w*", r"контакти", r"благодаря", r"моля", r"какво",
    r"искам", r"не работи", r"платя", r"плащане", r"апартамент", r"ще", r"са", r"е", r"заявката",
    r"задачите",
]

# --- replies of the offline adapter -------------------------------------------------------------
REPLIES = {
    "en": {
        "unknown": "Sorry, I didn't understand that. Could you please rephrase?",
        "which_meter": (
            "Which meter is that number for? Please write the meter next to each value, "
            'e.g. "cold water 12.5, electricity 1234".'
        ),
        "readings_format": (
            'Please send the readings with the meter names, e.g. "cold water 12.5, '
            'electricity day 1234 night 567".'
        ),
        "describe_problem": 'Please describe the problem in one message, e.g. "leaking tap in the kitchen".',
        "comment_text": (
            'Please write the comment after the ticket number, e.g. "comment on ticket 42: still leaking".'
        ),
    },
    "ru": {
        "unknown": "Извините, я не понял. Пожалуйста, сформулируйте иначе.",
        "which_meter": (
            "К какому счётчику относится это число? Напишите название счётчика рядом со значением, "
            "например: «холодная 12.5, свет 1234»."
        ),
        "readings_format": (
            "Пришлите показания с названиями счётчиков, например: «холодная 12.5, свет день 1234 ночь 567»."
        ),
        "describe_problem": "Опишите проблему одним сообщением, например: «течёт кран на кухне».",
        "comment_text": (
            "Напишите комментарий после номера заявки, например: «комментарий к заявке 42: всё ещё течёт»."
        ),
    },
    "bg": {
        "unknown": "Извинете, не разбрах. Моля, формулирайте го по друг начин.",
        "which_meter": (
            "За кой уред е това число? Моля, напишете уреда до всяка стойност, "
            "например: „студена вода 12.5, ток 1234“."
        ),
        "readings_format": (
            "Моля, изпратете показанията с имената на уредите, например: „студена вода 12.5, "
            "ток дневна 1234 нощна 567“."
        ),
        "describe_problem": "Моля, опишете проблема с едно съобщение, например: „тече кранът в кухнята“.",
        "comment_text": (
            "Моля, напишете коментара след номера на заявката, например: „коментар към заявка 42: още тече“."
        ),
    },
}
# fmt: on
