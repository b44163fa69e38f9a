"""What the assistant says, in English, Russian and Bulgarian. `say(key, language, **values)`."""

MESSAGES: dict[str, dict[str, str]] = {
    "privacy": {
        "en": "Hello! I am the assistant of your management company. I keep the messages you send me "
        "to handle your requests (readings, repairs, invoices). By continuing to write to me you "
        "agree to that.",
        "ru": "Здравствуйте! Я помощник вашей управляющей компании. Я сохраняю ваши сообщения, чтобы "
        "выполнять ваши запросы (показания, ремонт, счета). Продолжая писать мне, вы соглашаетесь с этим.",
        "bg": "Здравейте! Аз съм асистентът на вашата управляваща компания. Пазя съобщенията ви, за да "
        "изпълнявам заявките ви (показания, ремонти, сметки). Продължавайки да ми пишете, се съгласявате.",
    },
    "joined_unit": {
        "en": "You are connected to {company}: {address}.",
        "ru": "Вы подключены к {company}: {address}.",
        "bg": "Свързани сте с {company}: {address}.",
    },
    "joined_staff": {
        "en": "You are connected to {company} as staff of {condo}.",
        "ru": "Вы подключены к {company} как сотрудник ({condo}).",
        "bg": "Свързани сте с {company} като служител ({condo}).",
    },
    "need_invite": {
        "en": "To start, open the invite link your management company sent you.",
        "ru": "Чтобы начать, откройте ссылку-приглашение от вашей управляющей компании.",
        "bg": "За да започнете, отворете поканата, изпратена от вашата управляваща компания.",
    },
    "invite_problem": {
        "en": "This invite cannot be used: {reason}",
        "ru": "Это приглашение нельзя использовать: {reason}",
        "bg": "Тази покана не може да се използва: {reason}",
    },
    "company_blocked": {
        "en": "{company} has an outstanding debt to the platform, so the assistant is paused for it. "
        "Please contact your management company.",
        "ru": "У компании {company} есть задолженность перед платформой, поэтому помощник для неё "
        "приостановлен. Обратитесь в управляющую компанию.",
        "bg": "{company} има неплатено задължение към платформата, затова асистентът е спрян за нея. "
        "Свържете се с управляващата компания.",
    },
    "help": {
        "en": 'I can take meter readings ("cold 12.5, electricity 1234"), open a repair request '
        '("the tap in the kitchen leaks"), show your tickets, invoices and payments, and give the '
        "management's contacts. Just write in your own words.",
        "ru": "Я принимаю показания счётчиков («холодная 12.5, свет 1234»), создаю заявки на ремонт "
        "(«течёт кран на кухне»), показываю ваши заявки, счета и платежи и даю контакты управляющей "
        "компании. Пишите своими словами.",
        "bg": "Приемам показания на уреди („студена 12.5, ток 1234“), създавам заявки за ремонт "
        "(„тече кранът в кухнята“), показвам заявките, сметките и плащанията ви и давам контактите на "
        "управляващата компания. Пишете със свои думи.",
    },
    "greeting": {
        "en": "Hello! How can I help?",
        "ru": "Здравствуйте! Чем могу помочь?",
        "bg": "Здравейте! С какво мога да помогна?",
    },
    "unknown": {
        "en": "Sorry, I didn't understand. Could you rephrase?",
        "ru": "Извините, я не понял. Переформулируйте, пожалуйста.",
        "bg": "Съжалявам, не разбрах. Бихте ли перифразирали?",
    },
    "contacts": {
        "en": "{condo}: emergency phone {phone}.",
        "ru": "{condo}: аварийный телефон {phone}.",
        "bg": "{condo}: авариен телефон {phone}.",
    },
    "contacts_missing": {
        "en": "{condo}: the management has not published contacts yet.",
        "ru": "{condo}: управляющая компания ещё не указала контакты.",
        "bg": "{condo}: управляващата компания още не е публикувала контакти.",
    },
    "my_units": {
        "en": "Your units:\n{units}",
        "ru": "Ваши помещения:\n{units}",
        "bg": "Вашите обекти:\n{units}",
    },
    "choose_unit": {
        "en": "Which unit is this about?",
        "ru": "О каком помещении речь?",
        "bg": "За кой обект става дума?",
    },
    "unit_chosen": {
        "en": "Got it: {address}.",
        "ru": "Понял: {address}.",
        "bg": "Разбрах: {address}.",
    },
    "not_available": {
        "en": "I can't do that here yet; your management company will handle it.",
        "ru": "Здесь я этого пока не умею; обратитесь в управляющую компанию.",
        "bg": "Тук още не мога да направя това; обърнете се към управляващата компания.",
    },
    "unsupported_content": {
        "en": "I can read text, photos and documents.",
        "ru": "Я понимаю текст, фотографии и документы.",
        "bg": "Разбирам текст, снимки и документи.",
    },
    "try_later": {
        "en": "I can't process this right now, please try again later.",
        "ru": "Сейчас не получается обработать сообщение, попробуйте позже.",
        "bg": "В момента не мога да обработя съобщението, опитайте по-късно.",
    },
}


def catalogue_add(texts: dict[str, dict[str, str]]) -> None:
    """A feature module brings its own texts (`{key: {"en": ..., "ru": ..., "bg": ...}}`)."""
    clashes = MESSAGES.keys() & texts.keys()
    if clashes:
        raise ValueError(f"message keys defined twice: {sorted(clashes)}")
    for key, by_language in texts.items():
        if "en" not in by_language:
            raise ValueError(f"message {key!r} needs an English text")
    MESSAGES.update(texts)


def say(key: str, language: str, **values) -> str:
    texts = MESSAGES[key]
    return texts.get(language, texts["en"]).format(**values)
