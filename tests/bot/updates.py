"""Telegram updates as the webhook receives them, for the assistant's end-to-end tests."""

from django.core.management import call_command

SECRET = "webhook-secret-0123456789"
ANNA = {"id": 5001, "first_name": "Anna", "language_code": "en"}
IVAN = {"id": 5002, "first_name": "Иван", "language_code": "ru"}
update_ids = iter(range(10_000, 99_999))


def message(text: str, sender: dict = ANNA) -> dict:
    return {
        "update_id": next(update_ids),
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": sender["id"], "type": "private"},
            "from": sender,
            "text": text,
        },
    }


def press(data: str, sender: dict = ANNA) -> dict:
    return {
        "update_id": next(update_ids),
        "callback_query": {
            "id": f"cb{data}",
            "from": sender,
            "data": data,
            "message": {"message_id": 7, "chat": {"id": sender["id"], "type": "private"}},
        },
    }


def delivered(telegram) -> list[str]:
    """Runs the sender once; the texts the fake Telegram has received so far."""
    call_command("runsender", "--once")
    return [sent["text"] for sent in telegram.sent_messages]
