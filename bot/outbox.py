"""Writing messages for Telegram: every reply of the assistant is an `OutboxMessage` row.

Handlers never talk to Telegram; they call these helpers inside their transaction and the
sender (`bot.sender`, `manage.py runsender`) delivers the rows in order, paced, with retries.
A rolled-back handler therefore sends nothing. The sender polls the table: no notification.

Payloads keep the Bot API's own field names, so a row reads like the request it becomes:

    sendMessage          {"text", "reply_markup"?}
    sendPhoto            {"file": <path under MEDIA_ROOT>} or {"photo": <file_id|URL>},
                         "caption"?, "reply_markup"?
    sendDocument         {"file": <path>, "filename"?} or {"document": <file_id|URL>},
                         "caption"?, "reply_markup"?
    editMessageText      {"message_id", "text", "reply_markup"?}
    answerCallbackQuery  {"callback_query_id", "text"?, "show_alert"?}

Buttons are rows of `{"text": ..., "callback_data": ...}` (or `"url"`), stored as
`reply_markup = {"inline_keyboard": rows}`.

The sender's side of the table (claiming rows, recording results) is `bot.delivery`.
"""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage

from shared_apps.botrouting.models import OutboxMessage, TelegramAccount

# Bot API limits: https://core.telegram.org/bots/api#sendmessage
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes

METHODS = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "answerCallbackQuery")

Buttons = list[list[dict]]


def _reply_markup(buttons: Buttons | None) -> dict | None:
    if not buttons:
        return None
    rows = []
    for row in buttons:
        if not isinstance(row, list | tuple) or not row:
            raise ValueError("buttons must be a list of non-empty rows")
        cleaned = []
        for button in row:
            text = str(button.get("text") or "") if isinstance(button, dict) else ""
            if not text:
                raise ValueError("every button needs a text")
            if "callback_data" in button:
                data = str(button["callback_data"])
                if not data or len(data.encode()) > CALLBACK_DATA_LIMIT:
                    raise ValueError(f"callback_data must be 1-{CALLBACK_DATA_LIMIT} bytes: {data!r}")
                cleaned.append({"text": text, "callback_data": data})
            elif button.get("url"):
                cleaned.append({"text": text, "url": str(button["url"])})
            else:
                raise ValueError(f"button {text!r} needs callback_data or url")
        rows.append(cleaned)
    return {"inline_keyboard": rows}


def _split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Telegram refuses texts over 4,096 characters: cut at a line break, else a space."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    if text:
        parts.append(text)
    return parts


def _media_path(path: str | Path) -> str:
    """A file of the default storage (MEDIA_ROOT): relative name, checked to exist."""
    name = Path(path)
    if name.is_absolute():
        try:
            name = name.resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
        except ValueError as exc:
            raise ValueError(f"{path} is not under MEDIA_ROOT") from exc
    relative = name.as_posix()
    if not default_storage.exists(relative):  # raises SuspiciousFileOperation outside MEDIA_ROOT
        raise ValueError(f"no such media file: {relative}")
    return relative


def _caption(caption: str) -> str:
    if len(caption) > CAPTION_LIMIT:
        raise ValueError(f"a caption is at most {CAPTION_LIMIT} characters")
    return caption


def outbox_enqueue(
    *,
    chat_id: int,
    method: str,
    payload: dict,
    account: TelegramAccount | None = None,
    deliver_after: datetime | None = None,
) -> OutboxMessage:
    """One row for the sender. Prefer the helpers below, which validate the payload.
    `deliver_after`: hold the message until then (quiet hours); replies are never held."""
    if method not in METHODS:
        raise ValueError(f"unknown outbox method {method!r}")
    return OutboxMessage.objects.create(
        chat_id=int(chat_id), account=account, method=method, payload=payload, deliver_after=deliver_after
    )


def outbox_text(
    *,
    chat_id: int,
    text: str,
    buttons: Buttons | None = None,
    account: TelegramAccount | None = None,
    parse_mode: str | None = None,
    deliver_after: datetime | None = None,
) -> OutboxMessage:
    """A text message, with an inline keyboard under it. A text over Telegram's limit becomes
    several rows (in order, the buttons on the last); the last row is returned."""
    parts = _split_text(text or "")
    if not parts:
        raise ValueError("a message needs a text")
    markup = _reply_markup(buttons)
    rows = []
    for index, part in enumerate(parts):
        payload: dict = {"text": part}
        if parse_mode:
            payload["parse_mode"] = parse_mode
        if markup and index == len(parts) - 1:
            payload["reply_markup"] = markup
        rows.append(
            OutboxMessage(
                chat_id=int(chat_id),
                account=account,
                method="sendMessage",
                payload=payload,
                deliver_after=deliver_after,
            )
        )
    if len(rows) == 1:
        rows[0].save()
    else:  # the parts of one long text arrive together or not at all
        OutboxMessage.objects.bulk_create(rows)
    return rows[-1]


def _media(
    method: str,
    field: str,
    *,
    chat_id: int,
    path: str | Path | None,
    file_id: str | None,
    caption: str,
    buttons: Buttons | None,
    account: TelegramAccount | None,
    filename: str | None = None,
    deliver_after: datetime | None = None,
) -> OutboxMessage:
    if (path is None) == (file_id is None):
        raise ValueError("give either a path under MEDIA_ROOT or a Telegram file_id/URL")
    payload: dict = {"file": _media_path(path)} if path is not None else {field: str(file_id)}
    if filename:
        payload["filename"] = filename
    if caption:
        payload["caption"] = _caption(caption)
    markup = _reply_markup(buttons)
    if markup:
        payload["reply_markup"] = markup
    return outbox_enqueue(
        chat_id=chat_id, method=method, payload=payload, account=account, deliver_after=deliver_after
    )


def outbox_photo(
    *,
    chat_id: int,
    path: str | Path | None = None,
    file_id: str | None = None,
    caption: str = "",
    buttons: Buttons | None = None,
    account: TelegramAccount | None = None,
    deliver_after: datetime | None = None,
) -> OutboxMessage:
    """A photo: a file of MEDIA_ROOT (uploaded at send time) or a Telegram file_id/URL."""
    return _media(
        "sendPhoto",
        "photo",
        chat_id=chat_id,
        path=path,
        file_id=file_id,
        caption=caption,
        buttons=buttons,
        account=account,
        deliver_after=deliver_after,
    )


def outbox_document(
    *,
    chat_id: int,
    path: str | Path | None = None,
    file_id: str | None = None,
    caption: str = "",
    filename: str | None = None,
    buttons: Buttons | None = None,
    account: TelegramAccount | None = None,
    deliver_after: datetime | None = None,
) -> OutboxMessage:
    """A document (invoice PDF, report…): a file of MEDIA_ROOT or a Telegram file_id/URL.
    `filename` is the name the person sees (default: the file's own name)."""
    return _media(
        "sendDocument",
        "document",
        chat_id=chat_id,
        path=path,
        file_id=file_id,
        caption=caption,
        buttons=buttons,
        account=account,
        filename=filename,
        deliver_after=deliver_after,
    )


def outbox_edit_text(
    *,
    chat_id: int,
    message_id: int,
    text: str,
    buttons: Buttons | None = None,
    account: TelegramAccount | None = None,
) -> OutboxMessage:
    """Replaces the text (and keyboard: none given → removed) of a message the bot sent."""
    if not text or len(text) > TEXT_LIMIT:
        raise ValueError(f"an edited text is 1-{TEXT_LIMIT} characters")
    payload: dict = {"message_id": int(message_id), "text": text}
    markup = _reply_markup(buttons)
    if markup:
        payload["reply_markup"] = markup
    return outbox_enqueue(chat_id=chat_id, method="editMessageText", payload=payload, account=account)


def outbox_answer_callback(
    *,
    chat_id: int,
    callback_query_id: str,
    text: str = "",
    show_alert: bool = False,
    account: TelegramAccount | None = None,
) -> OutboxMessage:
    """Stops the button's spinner (optionally with a toast or alert). Not a chat message: the
    sender does not space it from the chat's other messages, but keeps their order."""
    if not callback_query_id:
        raise ValueError("callback_query_id is required")
    payload: dict = {"callback_query_id": str(callback_query_id)}
    if text:
        payload["text"] = text[:200]
    if show_alert:
        payload["show_alert"] = True
    return outbox_enqueue(chat_id=chat_id, method="answerCallbackQuery", payload=payload, account=account)
