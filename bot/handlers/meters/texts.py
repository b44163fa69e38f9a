"""What the assistant says about meters and readings, in English, Russian and Bulgarian."""

from decimal import Decimal

from bot.messages import MESSAGES, catalogue_add, say

KIND_NAMES = {
    "cold_water": {"en": "cold water", "ru": "холодная вода", "bg": "студена вода"},
    "hot_water": {"en": "hot water", "ru": "горячая вода", "bg": "топла вода"},
    "electricity": {"en": "electricity", "ru": "электричество", "bg": "ток"},
    "gas": {"en": "gas", "ru": "газ", "bg": "газ"},
    "heating": {"en": "heating", "ru": "отопление", "bg": "отопление"},
}
ZONE_NAMES = {
    "day": {"en": "day", "ru": "день", "bg": "дневна"},
    "night": {"en": "night", "ru": "ночь", "bg": "нощна"},
}

catalogue_add(
    {
        "readings_ask": {
            "en": 'Send your readings like this: "cold 12.5, electricity day 1234 night 567", or a photo '
            "of the meter.",
            "ru": "Пришлите показания так: «холодная 12.5, свет день 1234 ночь 567» — или фото счётчика.",
            "bg": "Изпратете показанията така: „студена 12.5, ток дневна 1234 нощна 567“ или снимка "
            "на уреда.",
        },
        "readings_need_unit": {
            "en": "Readings are sent for a flat; this works for residents of a unit.",
            "ru": "Показания передаются по квартире; это доступно жильцам помещения.",
            "bg": "Показанията се подават за обект; това е за живущите в него.",
        },
        "readings_no_meters": {
            "en": "{address} has no meters registered yet; your management company adds them.",
            "ru": "Для {address} ещё не заведены счётчики; их добавляет управляющая компания.",
            "bg": "За {address} още няма регистрирани уреди; добавя ги управляващата компания.",
        },
        "readings_unknown_meter": {
            "en": "Your unit has no {meter} meter. Its meters: {meters}.",
            "ru": "В вашем помещении нет счётчика «{meter}». Есть: {meters}.",
            "bg": "Във вашия обект няма уред „{meter}“. Има: {meters}.",
        },
        "readings_which_meter": {
            "en": "Which meter is {value} for?",
            "ru": "Для какого счётчика значение {value}?",
            "bg": "За кой уред е стойността {value}?",
        },
        "readings_which_meter_unknown": {
            "en": "Which meter is it?",
            "ru": "Какой это счётчик?",
            "bg": "Кой уред е това?",
        },
        "readings_which_zone_unknown": {
            "en": "Day or night value of {meter}?",
            "ru": "Дневное или ночное показание ({meter})?",
            "bg": "Дневна или нощна стойност ({meter})?",
        },
        "readings_which_zone": {
            "en": "Is {value} the day or the night value of {meter}?",
            "ru": "{value} — это дневное или ночное показание ({meter})?",
            "bg": "{value} дневната или нощната стойност е ({meter})?",
        },
        "readings_value_ask": {
            "en": "Please type the value of {meter}, e.g. 123.45.",
            "ru": "Введите показание ({meter}), например 123.45.",
            "bg": "Въведете показанието ({meter}), например 123.45.",
        },
        "readings_confirm": {
            "en": "Please check:\n{lines}\nSubmit?",
            "ru": "Проверьте:\n{lines}\nОтправить?",
            "bg": "Проверете:\n{lines}\nДа изпратя ли?",
        },
        "readings_photo_confirm": {
            "en": "I read {value} on your {meter} meter — correct?",
            "ru": "Я вижу {value} на счётчике ({meter}) — верно?",
            "bg": "Разчетох {value} на уреда ({meter}) — вярно ли е?",
        },
        "readings_saved": {
            "en": "Saved:\n{lines}",
            "ru": "Сохранено:\n{lines}",
            "bg": "Записано:\n{lines}",
        },
        "readings_refused": {
            "en": "{meter}: {value} was not accepted — {reason}. Send the correct value, or the same "
            "value again if it is right.",
            "ru": "{meter}: {value} не принято — {reason}. Пришлите верное значение или то же самое ещё "
            "раз, если оно правильное.",
            "bg": "{meter}: {value} не е прието — {reason}. Изпратете вярната стойност или същата още "
            "веднъж, ако е правилна.",
        },
        "readings_cancelled": {
            "en": "Cancelled, nothing was saved.",
            "ru": "Отменено, ничего не сохранено.",
            "bg": "Отказано, нищо не е записано.",
        },
        "readings_photo_retake": {
            "en": "I couldn't read the meter on this photo. Please take another one, closer and in good "
            "light.",
            "ru": "Не получилось разобрать счётчик на фото. Сфотографируйте ещё раз, ближе и при хорошем "
            "свете.",
            "bg": "Не успях да разчета уреда на снимката. Снимайте отново, по-отблизо и на добра светлина.",
        },
        "readings_photo_manual": {
            "en": "I couldn't read this photo either, so let's enter the value by hand.",
            "ru": "Это фото тоже не удалось разобрать — давайте введём значение вручную.",
            "bg": "И тази снимка не успях да разчета — нека въведем стойността ръчно.",
        },
        "readings_no_vision": {
            "en": "Photos can't be read here, so please enter the value by hand.",
            "ru": "Здесь фото не распознаются — введите значение вручную.",
            "bg": "Тук снимките не се разчитат — въведете стойността ръчно.",
        },
        "readings_photo_unavailable": {
            "en": "I couldn't open that photo. Please send it again as a JPEG, PNG or WebP picture.",
            "ru": "Не удалось открыть фото. Пришлите его ещё раз (JPEG, PNG или WebP).",
            "bg": "Не успях да отворя снимката. Изпратете я отново (JPEG, PNG или WebP).",
        },
        "readings_history": {
            "en": "Readings of the last 12 months:\n{meters}",
            "ru": "Показания за последние 12 месяцев:\n{meters}",
            "bg": "Показания за последните 12 месеца:\n{meters}",
        },
        "readings_history_none": {
            "en": "no readings yet",
            "ru": "показаний пока нет",
            "bg": "още няма показания",
        },
        "readings_yes": {"en": "Yes", "ru": "Да", "bg": "Да"},
        "readings_no": {"en": "No", "ru": "Нет", "bg": "Не"},
        "reading_reason_reading_decreased": {
            "en": "it is less than the previous reading",
            "ru": "оно меньше предыдущего",
            "bg": "по-малко е от предишното",
        },
        "reading_reason_reading_jump": {
            "en": "the increase is unusually large",
            "ru": "слишком большой рост",
            "bg": "увеличението е необичайно голямо",
        },
        "reading_reason_reading_decimals": {
            "en": "whole numbers only here",
            "ru": "здесь принимаются только целые числа",
            "bg": "тук се приемат само цели числа",
        },
        "reading_reason_other": {
            "en": "it is not a valid reading",
            "ru": "это не похоже на показание",
            "bg": "това не е валидно показание",
        },
    }
)


def number_text(value) -> str:
    number = Decimal(str(value))
    return f"{number.normalize():f}" if number != number.to_integral_value() else f"{int(number)}"


def kind_name(kind: str, language: str, *, otherwise: str = "") -> str:
    """ "cold_water" → "cold water" in the language; `otherwise` (or the code) for other kinds."""
    names = KIND_NAMES.get(kind)
    return names.get(language, names["en"]) if names else otherwise or kind.replace("_", " ")


def zone_name(zone: str, language: str) -> str:
    return ZONE_NAMES[zone].get(language, ZONE_NAMES[zone]["en"]) if zone else ""


def meter_label(meter, language: str, *, zone: str = "", with_serial: bool = False) -> str:
    """ "cold water", "electricity day", "cold water (CW-1)" when the unit has two of a kind."""
    label = kind_name(meter.meter_type.kind, language, otherwise=meter.meter_type.name)
    if zone:
        label += f" {zone_name(zone, language)}"
    if with_serial and meter.serial:
        label += f" ({meter.serial})"
    return label


def meter_label_among(meter, meters, language: str, *, zone: str = "") -> str:
    """`meter_label`, with the serial when `meters` (the unit's) has another meter of its kind."""
    twins = sum(1 for other in meters if other.meter_type.kind == meter.meter_type.kind)
    return meter_label(meter, language, zone=zone, with_serial=twins > 1)


def reason_text(code: str, language: str) -> str:
    key = f"reading_reason_{code}"
    return say(key if key in MESSAGES else "reading_reason_other", language)
