r"""Words of problem reports (create_ticket), per language — data only.

PATTERNS are regular-expression fragments matched as whole words in the folded message, a
space standing for any run of whitespace: r"теч\w*" matches "течет", "течь", "тече". The
single-word fragments (a plain word, or a stem followed by \w*) are also matched by
spelling key and with typos and transliteration ("тичет", "techet", "elevater") — see
offline/tickets.py — so every entry here serves both ways.
"""

# fmt: off

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
        r"leaking", r"leaks", r"leaked", r"leakage", r"leak\w*", r"broken", r"broke", r"breaks?",
        r"not working", r"stopped working", r"out of order",
        r"(?:does|do|is|are|was|were|has|have)n'?t (?:work\w*|turn\w* on|open\w*|close\w*|flush\w*|heat\w*)",
        r"(?:does|do|is|are) not (?:work\w*|turn\w* on|open\w*|close\w*|flush\w*|heat\w*)",
        r"won'?t (?:work|open|close|start|turn on|flush|lock)", r"stuck", r"clogged", r"blocked",
        r"smell\w*", r"stinks?", r"stinking", r"flood\w*", r"burst", r"drip\w*", r"damaged", r"cracked",
        r"dirty", r"faulty", r"fault", r"emergency", r"spark\w*", r"burn(?:t|ed) out", r"noise", r"noisy",
        r"freezing", r"too cold", r"tripping", r"fix", r"repair\w*", r"replace", r"clean up", r"flicker\w*",
        r"cold radiators?", r"radiators? (?:is |are )?cold", r"intruders?", r"strangers?", r"break-?in",
        r"burglar\w*", r"theft", r"stolen", r"fire", r"smoke", r"vandal\w*",
        r"cracks?", r"low (?:water )?pressure", r"no pressure", r"overflow\w*", r"mou?ldy?", r"damp",
        r"short circuit", r"trapped", r"outage", r"power cut",
        r"not (?:been )?(?:collected|cleaned|emptied|fixed|repaired|removed|picked up)",
        r"(?:does|do|is|are|was|were|has|have)n'?t (?:been )?(?:collected|cleaned|emptied|fixed|repaired)",
        r"keeps? running", r"runs? constantly", r"won'?t stop \w+ing", r"barely warm", r"lukewarm",
        r"rats?", r"mice", r"mouse", r"cockroach\w*", r"bugs", r"pests?",
        r"pour\w*", r"gush\w*", r"seep\w*", r"spurt\w*", r"trickl(?:e|es|ed|ing)", r"puddl(?:e|es)",
        r"soaked", r"soaking", r"wet (?:ceiling|walls?|floor|spots?|patch\w*|stains?)",
        r"water (?:stains?|damage)", r"rusty", r"(?:brown|yellow|muddy) water",
        r"smell\w* (?:of |like )?burning", r"burning smell", r"odou?rs?", r"smok(?:ing|ed|es|y)",
        r"(?:is|are|got|gets|getting|all|very|soaking) wet",
    ],
    "ru": [
        r"течет", r"течь", r"текут", r"протекает", r"капает", r"сломался", r"сломалась", r"сломан",
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
        r"трещин\w*", r"слаб\w* напор\w*", r"напор\w*", r"отключ\w*", r"выключил\w*", r"вырубил\w*",
        r"вырубило", r"обрыв\w*", r"лопнул\w*", r"подтек\w*", r"подтоп\w*", r"плесен\w*", r"бь[её]т ток\w*",
        r"(?:еле|чуть|едва|слегка) (?:тепл|тёпл)\w*",
        r"заклини\w*", r"морга\w*", r"крыс\w*", r"мыш[иь]", r"таракан\w*", r"клоп\w*", r"не вывоз\w*",
        r"не убира\w*", r"не убра\w*", r"не свет\w*", r"не топ\w*",
        r"ль[её]т\w*", r"хлещ\w*", r"хлыщ\w*", r"сочит\w*", r"сочат\w*", r"просачива\w*", r"луж[аиуе]",
        r"мокр\w*", r"промок\w*", r"намок\w*", r"ржав\w*", r"мутн\w* вод\w*", r"сыр(?:ость|о)", r"гар[ьи]",
        r"горелым", r"утечк\w*", r"топ(?:ят|ит|или) (?:нас )?(?:\w+ )?сверху",
        r"сосед\w* (?:сверху )?(?:топ|залива)\w*", r"сверху (?:топ|залива|ль[её]т|теч|капа)\w*",
    ],
    "bg": [
        r"тече", r"текат", r"теч\w*", r"капе", r"капят", r"протич\w*", r"не работ\w*", r"не свет\w*",
        r"не гре\w*", r"не се (?:отваря|затваря|включва|изключва|пуска)", r"спря\w*", r"счупен\w*",
        r"счупи\w*", r"развален\w*", r"развали\w*", r"повред\w*", r"авари\w*", r"запуш\w*", r"мирише",
        r"смърди", r"вони", r"наводн\w*", r"заседна\w*", r"заклещ\w*", r"мръсн\w*", r"изгоря\w*",
        r"студено", r"шум\w*", r"оправ\w*", r"поправ\w*", r"ремонт\w*", r"смени\w*", r"почист\w*",
        r"студен\w* радиатор\w*", r"радиатор\w* (?:е |са )?студен\w*", r"непознат\w*", r"кражб\w*",
        r"открадн\w*", r"пожар\w*", r"дим", r"вандал\w*",
        r"пукнат\w*", r"спука\w*", r"искр\w*", r"бие ток", r"блокира\w*", r"мухъл\w*", r"влага",
        r"едва (?:топл|затопл)\w*", r"прекъсна\w*", r"плъх\w*", r"мишки", r"хлебарк\w*", r"не топли",
        r"не (?:е|са) (?:изхвърл|изнес|почист|прибра)\w*",
        r"не (?:изхвърл|изнес|почист|прибра)\w*", r"спрян\w*",
        r"шурт\w*", r"блика\w*", r"излива\w*", r"лее се", r"се лее", r"мокр\w*", r"подгизна\w*", r"локв\w*",
        r"ръжди\w*", r"просмуква\w*", r"избива\w*", r"мътн\w* вод\w*", r"мирише на изгоряло",
        r"миризм\w*", r"изтичане", r"изтича\w*", r"мок(?:ър|р\w*)", r"пуш(?:и|ат|ек)",
    ],
}

# "no", "нет", "няма": a ticket only together with a category word ("no light", "нет воды").
ABSENCE_PATTERNS = {
    "en": [
        r"no", r"none", r"without", r"lack of", r"missing",
        r"(?:is|are|was|were|went|turned|switched|cut) off",
        r"(?:is|are|went) out",
    ],
    "ru": [r"нет", r"нету", r"без", r"отсутству\w*", r"пропал\w*", r"ни"],
    "bg": [r"няма", r"без", r"липсва\w*", r"изчезна\w*", r"изключ\w*"],
}

# Category keywords, tried in the order of offline/tickets.py CATEGORY_PRIORITY; nothing
# matched → "other". Three groups stand apart from "security" (intruders, locks, cameras):
# a smell or leak of gas ("gas" → category "other": no seeded category handles it), doors and
# gates (where other problems happen: "water under the door" is plumbing) and fire or smoke
# (security only when no equipment is named: "smoke from the socket" is electrical).
CATEGORY_PATTERNS = {
    "en": {
        "elevator": [r"elevators?", r"lifts?"],
        "security": [
            r"security", r"guard", r"intruders?", r"strangers?", r"break-?in", r"burglar\w*", r"theft",
            r"stolen", r"steal\w*", r"thie(?:f|ves)", r"locks?", r"locked", r"intercom", r"cameras?", r"cctv",
            r"alarm", r"vandal\w*",
        ],
        "gas": [
            r"gas (?:smell\w*|leak\w*|odou?r\w*|stinks?)",
            r"(?:smell\w*|stinks?|stench|odou?r) (?:of |like )?gas",
            r"leak\w* (?:of )?gas", r"gas is leaking",
        ],
        "doors": [r"doors?", r"gates?", r"doorways?"],
        "fire": [r"fire", r"smok(?:e|es|ed|ing|y)", r"burning"],
        "heating": [r"heating", r"heater", r"radiators?", r"boiler", r"freezing", r"too cold", r"heat"],
        "plumbing": [
            r"leak\w*", r"pipes?", r"taps?", r"faucets?", r"toilets?", r"sinks?", r"drains?", r"clog\w*",
            r"water", r"showers?", r"sewage", r"sewer", r"flood\w*", r"drip\w*", r"plumb\w*",
            r"pressure", r"damp\w*", r"wet", r"puddl(?:e|es)", r"seep\w*",
        ],
        "electrical": [
            r"lights?", r"lighting", r"lamps?", r"(?:light)?bulbs?", r"light bulbs?", r"electric\w*",
            r"power", r"sockets?",
            r"outlets?", r"wiring", r"switch\w*", r"fuses?", r"breakers?", r"spark\w*",
        ],
        "cleaning": [
            r"dirty", r"dirt", r"trash", r"garbage", r"rubbish", r"litter", r"clean\w*", r"mess\w*",
            r"bins?", r"mud", r"collect\w*",
        ],
    },
    "ru": {
        "elevator": [r"лифт\w*"],
        "security": [
            r"охран\w*", r"посторонн\w*", r"взлом\w*", r"вор\w*", r"краж\w*", r"украл\w*", r"украд\w*",
            r"домофон\w*", r"замок", r"замка", r"замке", r"камер\w*", r"сигнализац\w*", r"вандал\w*",
            r"хулиган\w*",
        ],
        "gas": [
            r"газ(?:ом|а|у)? (?:\w+ )?(?:пахн\w*|воня\w*|запах\w*|утечк\w*|теч\w*|травит)",
            r"(?:пахн\w*|воня\w*|запах\w*|утечк\w*|несет|травит) (?:\w+ )?газ(?:ом|а|у)?",
        ],
        "doors": [r"двер\w*", r"ворот\w*", r"калитк\w*"],
        "fire": [r"пожар\w*", r"дым\w*", r"гар[ьи]", r"горелым", r"задымлен\w*"],
        "heating": [
            r"отоплен\w*", r"батаре\w*", r"радиатор\w*", r"котел\w*", r"котл\w*", r"бойлер\w*", r"холодно",
            r"тепл\w*",
        ],
        "plumbing": [
            r"теч\w*", r"протек\w*", r"протеч\w*", r"капа\w*", r"кран\w*", r"труб\w*", r"смесител\w*",
            r"унитаз\w*", r"раковин\w*", r"канализац\w*", r"засор\w*", r"вод\w*", r"душ", r"душев\w*",
            r"затоп\w*", r"залива\w*", r"залил\w*", r"сантехн\w*", r"слив\w*", r"напор\w*", r"подтоп\w*",
            r"подтек\w*", r"мокр\w*", r"луж[аиуе]", r"ль[её]т\w*", r"хлещ\w*", r"сырост\w*",
            r"сосед\w* сверху",
            r"топ(?:ят|ит|или) (?:нас )?(?:\w+ )?сверху", r"сверху (?:топ|залива|ль[её]т|теч|капа)\w*",
        ],
        "electrical": [
            r"свет", r"света", r"светом", r"освещени\w*", r"ламп\w*", r"электр\w*", r"розетк\w*",
            r"провод\w*", r"выключател\w*", r"автомат\w*", r"щиток\w*", r"щит", r"искр\w*", r"замыкан\w*",
            r"светильник\w*", r"лампочк\w*", r"бь[её]т ток\w*",
        ],
        "cleaning": [
            r"мусор\w*", r"грязн\w*", r"грязь", r"убор\w*", r"убра\w*", r"убир\w*", r"убер\w*", r"мыть\w*",
            r"помыт\w*", r"чистот\w*", r"отход\w*", r"вывез\w*",
        ],
    },
    "bg": {
        "elevator": [r"асансьор\w*"],
        "security": [
            r"охран\w*", r"непознат\w*", r"кражб\w*", r"открадн\w*", r"крад\w*", r"домофон\w*", r"брав\w*",
            r"камер\w*", r"вандал\w*",
        ],
        "gas": [
            r"(?:мирише|миризма|смърди|изтичане|изтича|теч) (?:\w+ )?(?:на )?газ(?:а|ът|та)?",
            r"газ(?:а|ът|та)? (?:мирише|изтича|тече|смърди)",
        ],
        "doors": [r"врата", r"вратата", r"врати", r"портал\w*"],
        "fire": [r"пожар\w*", r"дим", r"изгоряло", r"пуш(?:и|ат|ек)"],
        "heating": [r"отоплени\w*", r"парно\w*", r"радиатор\w*", r"бойлер\w*", r"студено"],
        "plumbing": [
            r"тече", r"текат", r"теч\w*", r"капе", r"капят", r"кран\w*", r"тръб\w*", r"мивк\w*",
            r"тоалетн\w*", r"казанче\w*", r"канал\w*", r"запуш\w*", r"вод\w*", r"наводн\w*", r"душ", r"вик",
            r"мок(?:ър|р\w*)", r"локв\w*", r"шурт\w*", r"влага",
        ],
        "electrical": [
            r"ток", r"тока", r"токът", r"осветлени\w*", r"ламп\w*", r"крушк\w*", r"контакт", r"контакта",
            r"контактът", r"контакти", r"бушон\w*", r"електр\w*", r"свети", r"светят", r"прекъсвач\w*",
            r"искр\w*", r"ел табло", r"табло\w*",
        ],
        "cleaning": [
            r"мръсн\w*", r"мръсотия", r"боклук\w*", r"почист\w*", r"чистот\w*", r"кофи", r"кофа", r"кофите",
            r"изхвърл\w*", r"изнес\w*", r"смет",
        ],
    },
}

# Water where it does not belong is a plumbing problem without any "broken" word: a word for
# water (WATER_PATTERNS) together with where it shows or how it moves ("water coming through
# the ceiling", "вода в подвале", "вода идва отгоре") — checked after meter readings.
WATER_PATTERNS = {
    "en": [r"water"],
    "ru": [r"вода", r"воды", r"воду", r"водой", r"воде"],
    "bg": [r"вода", r"водата"],
}
WATER_TROUBLE_PATTERNS = {
    "en": [
        r"ceilings?", r"walls?", r"floors?", r"basement", r"cellar", r"garage", r"stair\w*", r"hallway",
        r"corridor", r"upstairs", r"above", r"everywhere", r"coming", r"comes", r"came", r"running", r"runs",
        r"getting in", r"gets in", r"under", r"through", r"down the", r"brown", r"yellow",
    ],
    "ru": [
        r"потол\w*", r"стен\w*", r"пол", r"полу", r"подвал\w*", r"подъезд\w*", r"лестниц\w*", r"сверху",
        r"отовсюду", r"везде", r"ид[её]т", r"бежит", r"поступает", r"из-?под", r"из под", r"по стен\w*",
        r"желт\w*", r"коричнев\w*",
    ],
    "bg": [
        r"таван\w*", r"стен\w*", r"пода", r"мазе\w*", r"стълбищ\w*", r"отгоре", r"навсякъде", r"идва",
        r"влиза", r"изпод", r"кафяв\w*", r"жълт\w*",
    ],
}

# Typo-tolerant second look (after meter readings were ruled out): a negation word followed
# closely by one of these verbs is a problem ("lift ne rabotaet", "асансьора не раборти").
NEGATION_WORDS = {
    "en": [
        "not", "no", "never", "doesnt", "dont", "isnt", "arent", "wasnt", "werent", "wont", "cant", "hasnt",
        "havent", "didnt", "doesn", "don", "isn", "aren", "wasn", "weren", "won", "hasn", "haven", "didn",
    ],
    "ru": ["не", "нет", "ни"],
    "bg": ["не", "няма"],
}
NEGATABLE_STEMS = {
    "en": ["work", "flush", "heat", "open", "close", "lock", "start", "turn", "collect", "clean", "empty"],
    "ru": [
        "работ", "гор", "грее", "греют", "грел", "включа", "выключа", "открыва", "закрыва", "смыва", "едет",
        "ездит", "вывез", "вывоз", "убира", "убра", "свет", "топ", "идет", "спуска",
    ],
    "bg": [
        "работ", "свет", "грее", "греят", "топл", "отваря", "затваря", "включва", "изключва", "пуска",
        "изхвърл", "изнес", "почист", "прибра", "тръгва",
    ],
}

# "need a plumber", "нужна уборка", "трябва ми водопроводчик": a request plus a category word.
REQUEST_PATTERNS = {
    "en": [r"need\w*", r"please", r"send", r"call (?:a|an|the)", r"urgent\w*", r"asap", r"request"],
    "ru": [
        r"нуж\w*", r"надо", r"прошу", r"просим", r"пришлите", r"прислать", r"вызов\w*", r"вызвать",
        r"вызовите",
        r"направьте", r"срочно",
    ],
    "bg": [r"трябва", r"нуж\w*", r"моля", r"пратете", r"изпратете", r"спешно", r"повикайте"],
}
# fmt: on
