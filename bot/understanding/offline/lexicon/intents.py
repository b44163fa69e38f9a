"""Words of the intents other than readings and problem reports, per language — data only.

Regular-expression fragments matched as whole words in the folded message (lowercase,
"ё" as "е", "’" as "'"), a space standing for any run of whitespace.
"""

# fmt: off

# --- ticket numbers ----------------------------------------------------------------------------
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

# --- staff actions on a ticket number ----------------------------------------------------------
TAKE_PATTERNS = {
    "en": [r"take", r"taking", r"i take", r"i'll take", r"accept", r"start"],
    "ru": [r"взять", r"возьму", r"беру", r"взял", r"взяла", r"в работу", r"беру в работу", r"принять"],
    "bg": [r"взема", r"вземам", r"взимам", r"поемам", r"поема", r"започвам", r"в работа"],
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
# fmt: on
