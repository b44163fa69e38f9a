"""Telegram updates as the webhook receives them, for the assistant's end-to-end tests."""

import io

from django.core.management import call_command
from PIL import Image

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


def photo_message(file_id: str, sender: dict = ANNA, caption: str = "") -> dict:
    """A photo the person sent; put its bytes on the fake Telegram first (telegram.add_file)."""
    body = {
        "message_id": 2,
        "date": 0,
        "chat": {"id": sender["id"], "type": "private"},
        "from": sender,
        "photo": [{"file_id": file_id, "file_unique_id": file_id[-8:], "width": 800, "height": 600}],
    }
    if caption:
        body["caption"] = caption
    return {"update_id": next(update_ids), "message": body}


def jpeg(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="JPEG")
    return out.getvalue()


def delivered(telegram) -> list[str]:
    """Runs the sender once; the texts the fake Telegram has received so far."""
    call_command("runsender", "--once")
    return [sent["text"] for sent in telegram.sent_messages]
