"""Reading Telegram updates: who sent it, in which chat, and what it carries."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Incoming:
    kind: str  # text, photo, document, callback, other
    sender: dict | None
    chat_id: int | None
    text: str = ""
    callback_data: str | None = None
    callback_query_id: str | None = None
    file_id: str | None = None


def incoming_of(payload: dict) -> Incoming:
    if "callback_query" in payload:
        query = payload["callback_query"]
        chat = (query.get("message") or {}).get("chat") or {}
        return Incoming(
            kind="callback",
            sender=query.get("from"),
            chat_id=chat.get("id") or query["from"]["id"],
            callback_data=query.get("data"),
            callback_query_id=query.get("id"),
        )
    message = payload.get("message") or payload.get("edited_message")
    if not message:
        return Incoming(kind="other", sender=None, chat_id=None)
    sender, chat_id = message.get("from"), message.get("chat", {}).get("id")
    if message.get("photo"):
        return Incoming(
            kind="photo",
            sender=sender,
            chat_id=chat_id,
            text=message.get("caption", ""),
            file_id=message["photo"][-1]["file_id"],
        )
    if message.get("document"):
        return Incoming(
            kind="document",
            sender=sender,
            chat_id=chat_id,
            text=message.get("caption", ""),
            file_id=message["document"]["file_id"],
        )
    if "text" in message:
        return Incoming(kind="text", sender=sender, chat_id=chat_id, text=message["text"])
    return Incoming(kind="other", sender=sender, chat_id=chat_id)


def sender_id_of(payload: dict) -> int | None:
    incoming = incoming_of(payload)
    return incoming.sender.get("id") if incoming.sender else None
