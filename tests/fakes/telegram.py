"""A fake Telegram Bot API on 127.0.0.1 for python-telegram-bot pointed at it:

    Bot(token, base_url=f"{fake.base_url}/bot", base_file_url=f"{fake.base_url}/file/bot")

Routes `GET|POST /bot<token>/<method>` and file downloads `GET /file/bot<token>/<file_path>`.
A wrong token (or `unauthorized = True`) answers 401 like Telegram. Bot API methods live in
`self.methods` (name → handler returning the `result`); add one with
`fake.methods["sendPoll"] = handler` or in a subclass. Implemented: getMe, sendMessage,
sendPhoto, sendDocument (multipart uploads or a file_id), editMessageText,
answerCallbackQuery, setWebhook, deleteWebhook, getWebhookInfo, getUpdates, getFile.

What a test can see and steer:
- `log`: every Bot API call (`TelegramCall`: method, decoded params, uploaded files, arrival
  time on `time.monotonic()`, HTTP status answered); `log_of("sendMessage", ok=True)`.
- `sent_messages`: the messages sendMessage delivered (dicts: chat_id, text, params, message).
- `push_update(update)`: queues an update for getUpdates (long polling waits for one).
- `add_file(content)`: a file the bot can getFile and download (what a user uploaded).
- `fail(error_code, description, method=..., chat_id=..., times=...)`: scripted Telegram
  errors; `flood(retry_after)` answers 429 with `parameters.retry_after`; `block(chat_id)`
  answers 403 "bot was blocked by the user" to every send to that chat.
- `hold(after=n, method=...)`: the next n calls pass, later ones wait unanswered until
  `release()`;
  `release(drop=True)` then refuses them unprocessed, as if the connection had died first.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from tests.fakes.http import FakeRequest, FakeServer, Response, UploadedFile, json_response

DEFAULT_TOKEN = "123456:TEST-fake-telegram-token"
BOT_ID = 123456
BOT_USERNAME = "servai_test_bot"
MAX_LONG_POLL_S = 5.0

MethodHandler = Callable[[FakeRequest, dict[str, Any]], Any]

DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
# Parameters the Bot API takes as JSON-serialized objects (form-encoded by the client).
JSON_PARAMS = {
    "reply_markup",
    "allowed_updates",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
}
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText")
BLOCKED = "Forbidden: bot was blocked by the user"


class TelegramError(Exception):
    """Raised by a method handler: answers Telegram's error shape with this code."""

    def __init__(self, error_code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


def telegram_error(
    error_code: int, description: str | None = None, parameters: dict | None = None
) -> Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error_code,
        "description": description or DESCRIPTIONS.get(error_code, "Error"),
    }
    if parameters:
        body["parameters"] = parameters
    return json_response(error_code, body)


@dataclass
class TelegramCall:
    """One Bot API call as the fake received and answered it."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    at: float  # time.monotonic() when it arrived
    status: int = 0  # HTTP status answered; 0 while it is being handled or held
    result: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | None:
        try:
            return int(self.params["chat_id"])
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def text(self) -> str | None:
        return self.params.get("text", self.params.get("caption"))


@dataclass
class ScriptedError:
    error_code: int
    description: str
    parameters: dict | None
    method: str | tuple[str, ...] | None
    chat_id: int | None
    times: int | None  # None: until cleared

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method is not None:
            methods = (self.method,) if isinstance(self.method, str) else self.method
            if method not in methods:
                return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str = ""
    content_type: str = "application/octet-stream"


@dataclass
class _Hold:
    after: int  # calls still let through before holding starts
    methods: tuple[str, ...] | None  # None: every method
    gate: threading.Event = field(default_factory=threading.Event)
    drop: bool = False
    held: int = 0


def _decode(params: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(params)
    for name in JSON_PARAMS & decoded.keys():
        if isinstance(decoded[name], str):
            with contextlib.suppress(ValueError):
                decoded[name] = json.loads(decoded[name])
    return decoded


class FakeTelegram(FakeServer):
    name = "fake-telegram"

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        super().__init__()
        self.token = token
        self.unauthorized = False  # True: every token is refused (a revoked bot)
        self.bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "servai",
            "username": BOT_USERNAME,
        }
        self.sent_messages: list[dict[str, Any]] = []
        self.log: list[TelegramCall] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat id, message id) → Message
        self.files: dict[str, StoredFile] = {}
        self.webhook: dict[str, Any] = {}
        self.answered_callbacks: list[dict[str, Any]] = []
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._updates: list[dict[str, Any]] = []
        self._updates_changed = threading.Condition()
        self._scripted: list[ScriptedError] = []
        self._hold: _Hold | None = None
        self.methods: dict[str, MethodHandler] = {
            "getMe": self.get_me,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "editMessageText": self.edit_message_text,
            "answerCallbackQuery": self.answer_callback_query,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "getUpdates": self.get_updates,
            "getFile": self.get_file,
        }
        self.route(("GET", "POST"), r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)", self._bot_method)
        self.route(("GET",), r"/file/bot(?P<token>[^/]+)/(?P<file_path>.+)", self._download)

    # --- helpers ----------------------------------------------------------------------------
    def error_payload(self, status: int) -> Any:
        return telegram_error(status).body

    def calls(self, method: str) -> list[FakeRequest]:
        """Requests made to one Bot API method (with the right token or not)."""
        with self._lock:
            return [r for r in self.requests if r.path.rsplit("/", 1)[-1] == method]

    def log_of(self, *methods: str, ok: bool | None = None) -> list[TelegramCall]:
        """Logged calls of these methods (all when none given), in arrival order;
        `ok=True`: only those answered 200."""
        with self._lock:
            return [
                call
                for call in self.log
                if (not methods or call.method in methods) and (ok is None or call.ok == ok)
            ]

    def next_message_id(self) -> int:
        return next(self._message_ids)

    @staticmethod
    def chat(chat_id: Any) -> dict[str, Any]:
        try:
            return {"id": int(chat_id), "type": "private"}
        except (TypeError, ValueError):
            return {"id": -1000000000001, "type": "channel", "username": str(chat_id).lstrip("@")}

    def message(self, chat_id: Any, **fields: Any) -> dict[str, Any]:
        """A Message object sent by the bot (kept for editMessageText)."""
        message = {
            "message_id": self.next_message_id(),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": self.bot_user,
            **{name: value for name, value in fields.items() if value is not None},
        }
        with self._lock:
            self.messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    # --- scripting ----------------------------------------------------------------------------
    def fail(
        self,
        error_code: int,
        description: str | None = None,
        *,
        parameters: dict | None = None,
        method: str | tuple[str, ...] | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
    ) -> None:
        """The next `times` matching calls (None: all until `clear_faults`) answer this error."""
        scripted = ScriptedError(
            error_code,
            description or DESCRIPTIONS.get(error_code, "Error"),
            parameters,
            method,
            chat_id,
            times,
        )
        with self._lock:
            self._scripted.append(scripted)

    def flood(
        self, retry_after: int, *, method: str | tuple[str, ...] | None = None, chat_id=None, times=1
    ) -> None:
        """429 Too Many Requests with `parameters.retry_after`, as Telegram's flood control."""
        self.fail(
            429,
            f"Too Many Requests: retry after {retry_after}",
            parameters={"retry_after": retry_after},
            method=method,
            chat_id=chat_id,
            times=times,
        )

    def block(self, chat_id: int) -> None:
        """The person blocked the bot: every send to the chat answers 403 from now on."""
        self.fail(403, BLOCKED, method=SEND_METHODS, chat_id=chat_id, times=None)

    def clear_faults(self) -> None:
        super().clear_faults()
        with self._lock:
            self._scripted.clear()

    def _take_scripted(self, method: str, params: dict[str, Any]) -> ScriptedError | None:
        with self._lock:
            for index, scripted in enumerate(self._scripted):
                if scripted.matches(method, params):
                    if scripted.times is not None:
                        scripted.times -= 1
                        if scripted.times <= 0:
                            self._scripted.pop(index)
                    return scripted
        return None

    # --- holding calls ------------------------------------------------------------------------
    def hold(self, *, after: int = 0, method: str | tuple[str, ...] | None = None) -> None:
        """The next `after` calls (of `method`, when given) pass; later ones wait unanswered
        until `release()`."""
        methods = (method,) if isinstance(method, str) else method
        with self._lock:
            self._hold = _Hold(after=after, methods=methods)

    @property
    def held(self) -> int:
        with self._lock:
            return self._hold.held if self._hold is not None else 0

    def release(self, *, drop: bool = False) -> None:
        """Lets held calls through; `drop=True`: they are refused (502) without being processed,
        as when the client's connection died before Telegram read the request."""
        with self._lock:
            hold, self._hold = self._hold, None
        if hold is not None:
            hold.drop = drop
            hold.gate.set()

    def _wait_if_held(self, method: str) -> bool:
        """False when the call was held and then dropped."""
        with self._lock:
            hold = self._hold
            if hold is None or (hold.methods is not None and method not in hold.methods):
                return True
            if hold.after > 0:
                hold.after -= 1
                return True
            hold.held += 1
        while not hold.gate.wait(0.05):
            if self._released.is_set():  # the server stops
                return False
        return not hold.drop

    # --- updates and files ----------------------------------------------------------------------
    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queues an update for getUpdates (an `update_id` is given when missing)."""
        update = dict(update)
        with self._updates_changed:
            if "update_id" not in update:
                update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._updates_changed.notify_all()
        return update

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        with self._updates_changed:
            return list(self._updates)

    def add_file(
        self,
        content: bytes,
        *,
        file_path: str | None = None,
        filename: str = "",
        content_type: str = "application/octet-stream",
    ) -> StoredFile:
        """A file on Telegram's side (e.g. the photo a user sent): getFile + download serve it."""
        unique = uuid.uuid4().hex
        stored = StoredFile(
            file_id=f"file-{unique}",
            file_unique_id=unique[:16],
            file_path=file_path or f"documents/{unique}{PurePosixPath(filename).suffix}",
            content=content,
            filename=filename,
            content_type=content_type,
        )
        with self._lock:
            self.files[stored.file_id] = stored
        return stored

    # --- dispatch ---------------------------------------------------------------------------
    def _bot_method(self, request: FakeRequest, token: str, method: str) -> Response:
        arrived = time.monotonic()
        if self.unauthorized or token != self.token:
            return telegram_error(401)
        params = _decode(request.params)
        call = TelegramCall(method=method, params=params, files=dict(request.files), at=arrived)
        with self._lock:
            self.log.append(call)
        response = self._answer(call, request)
        call.status = response.status
        if response.status == 200:
            call.result = response.body["result"]
        elif isinstance(response.body, dict):
            call.error = response.body.get("description", "")
        return response

    def _answer(self, call: TelegramCall, request: FakeRequest) -> Response:
        if not self._wait_if_held(call.method):
            return telegram_error(502)
        handler = self.methods.get(call.method)
        if handler is None:
            return telegram_error(404)
        scripted = self._take_scripted(call.method, call.params)
        if scripted is not None:
            return telegram_error(scripted.error_code, scripted.description, scripted.parameters)
        try:
            result = handler(request, call.params)
        except TelegramError as exc:
            return telegram_error(exc.error_code, exc.description, exc.parameters)
        return json_response(200, {"ok": True, "result": result})

    def _download(self, request: FakeRequest, token: str, file_path: str) -> Response:
        # python-telegram-bot writes the token's colon as %3A in file URLs
        if self.unauthorized or unquote(token) != self.token:
            return telegram_error(401)
        with self._lock:
            stored = next((f for f in self.files.values() if f.file_path == file_path), None)
        if stored is None:
            return telegram_error(404)
        return Response(200, stored.content, {"Content-Type": stored.content_type})

    # --- Bot API methods ----------------------------------------------------------------------
    @staticmethod
    def _chat_id(params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise TelegramError(400, "Bad Request: chat_id is empty")
        return chat_id

    def get_me(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self.bot_user)

    def send_message(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, text = self._chat_id(params), params.get("text")
        if not text:
            raise TelegramError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise TelegramError(400, "Bad Request: message is too long")
        message = self.message(chat_id, text=text, reply_markup=params.get("reply_markup"))
        with self._lock:
            self.sent_messages.append(
                {"chat_id": chat_id, "text": text, "params": params, "message": message}
            )
        return message

    def _media(self, request: FakeRequest, params: dict[str, Any], field_name: str) -> StoredFile:
        upload = request.files.get(field_name)
        if upload is not None:
            return self.add_file(upload.content, filename=upload.filename, content_type=upload.content_type)
        reference = params.get(field_name)
        if not reference:
            raise TelegramError(400, f"Bad Request: there is no {field_name} in the request")
        with self._lock:
            stored = self.files.get(reference)
        if stored is not None:
            return stored
        if str(reference).startswith(("http://", "https://")):
            return self.add_file(b"", filename=str(reference).rsplit("/", 1)[-1])
        raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def send_photo(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        stored = self._media(request, params, "photo")
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": 1280,
            "height": 960,
            "file_size": len(stored.content),
        }
        return self.message(
            chat_id, photo=[size], caption=params.get("caption"), reply_markup=params.get("reply_markup")
        )

    def send_document(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        stored = self._media(request, params, "document")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.filename,
            "mime_type": stored.content_type,
            "file_size": len(stored.content),
        }
        return self.message(
            chat_id, document=document, caption=params.get("caption"), reply_markup=params.get("reply_markup")
        )

    def edit_message_text(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = params.get("text")
        if not text:
            raise TelegramError(400, "Bad Request: message text is empty")
        if params.get("inline_message_id"):
            return True
        key = (self.chat(self._chat_id(params))["id"], int(params.get("message_id") or 0))
        with self._lock:
            message = self.messages.get(key)
            if message is None:
                raise TelegramError(400, "Bad Request: message to edit not found")
            markup = params.get("reply_markup")
            if message.get("text") == text and message.get("reply_markup") == markup:
                raise TelegramError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply "
                    "markup are exactly the same as a current content and reply markup of the message",
                )
            message["text"], message["edit_date"] = text, int(time.time())
            if markup is None:
                message.pop("reply_markup", None)
            else:
                message["reply_markup"] = markup
            return dict(message)

    def answer_callback_query(self, request: FakeRequest, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise TelegramError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        with self._lock:
            self.answered_callbacks.append(params)
        return True

    def set_webhook(self, request: FakeRequest, params: dict[str, Any]) -> bool:
        if not params.get("url"):
            raise TelegramError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        with self._lock:
            self.webhook = {
                "url": params["url"],
                "secret_token": params.get("secret_token", ""),
                "allowed_updates": params.get("allowed_updates"),
                "max_connections": int(params.get("max_connections") or 40),
            }
        if str(params.get("drop_pending_updates")).lower() == "true":
            with self._updates_changed:
                self._updates.clear()
        return True

    def delete_webhook(self, request: FakeRequest, params: dict[str, Any]) -> bool:
        with self._lock:
            self.webhook = {}
        if str(params.get("drop_pending_updates")).lower() == "true":
            with self._updates_changed:
                self._updates.clear()
        return True

    def get_webhook_info(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            webhook = dict(self.webhook)
        info = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending_updates),
        }
        if webhook:
            info["max_connections"] = webhook["max_connections"]
            if webhook.get("allowed_updates") is not None:
                info["allowed_updates"] = webhook["allowed_updates"]
        return info

    def get_updates(self, request: FakeRequest, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: updates from `offset` on (older ones are confirmed and forgotten),
        waiting up to `timeout` seconds (capped) for the first one."""
        with self._lock:
            if self.webhook:
                raise TelegramError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 100))
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), MAX_LONG_POLL_S)
        with self._updates_changed:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0 or self._released.is_set():
                    return ready[:limit]
                self._updates_changed.wait(min(remaining, 0.05))

    def get_file(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            stored = self.files.get(params.get("file_id") or "")
        if stored is None:
            raise TelegramError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }
