"""Replies of the offline adapter when it has to ask (per language) — data only."""

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
