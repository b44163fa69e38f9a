"""A fake Telegram Bot API on 127.0.0.1 for python-telegram-bot pointed at it:

    Bot(token, base_url=f"{fake.base_url}/bot", base_file_url=f"{fake.base_url}/file/bot")

Routes `GET|POST /bot<token>/<method>`. A wrong token (or `unauthorized = True`) answers
401 like Telegram. Bot API methods live in `self.methods` (name → handler returning the
`result`); add one with `fake.methods["sendPhoto"] = handler` or in a subclass.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from tests.fakes.http import FakeRequest, FakeServer, Response, json_response

DEFAULT_TOKEN = "123456:TEST-fake-telegram-token"
BOT_ID = 123456
BOT_USERNAME = "servai_test_bot"

MethodHandler = Callable[[FakeRequest, dict[str, Any]], Any]

DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


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
        self._message_ids = itertools.count(1)
        self.methods: dict[str, MethodHandler] = {
            "getMe": self.get_me,
            "sendMessage": self.send_message,
        }
        self.route(("GET", "POST"), r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)", self._bot_method)

    # --- helpers ----------------------------------------------------------------------------
    def error_payload(self, status: int) -> Any:
        return telegram_error(status).body

    def calls(self, method: str) -> list[FakeRequest]:
        """Requests made to one Bot API method (with the right token or not)."""
        with self._lock:
            return [r for r in self.requests if r.path.rsplit("/", 1)[-1] == method]

    def next_message_id(self) -> int:
        return next(self._message_ids)

    @staticmethod
    def chat(chat_id: Any) -> dict[str, Any]:
        try:
            return {"id": int(chat_id), "type": "private"}
        except (TypeError, ValueError):
            return {"id": -1000000000001, "type": "channel", "username": str(chat_id).lstrip("@")}

    def message(self, chat_id: Any, **fields: Any) -> dict[str, Any]:
        """A Message object sent by the bot."""
        return {
            "message_id": self.next_message_id(),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": self.bot_user,
            **fields,
        }

    # --- dispatch ---------------------------------------------------------------------------
    def _bot_method(self, request: FakeRequest, token: str, method: str) -> Response:
        if self.unauthorized or token != self.token:
            return telegram_error(401)
        handler = self.methods.get(method)
        if handler is None:
            return telegram_error(404)
        try:
            result = handler(request, request.params)
        except TelegramError as exc:
            return telegram_error(exc.error_code, exc.description, exc.parameters)
        return json_response(200, {"ok": True, "result": result})

    # --- Bot API methods ----------------------------------------------------------------------
    def get_me(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self.bot_user)

    def send_message(self, request: FakeRequest, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, text = params.get("chat_id"), params.get("text")
        if chat_id in (None, ""):
            raise TelegramError(400, "Bad Request: chat_id is empty")
        if not text:
            raise TelegramError(400, "Bad Request: message text is empty")
        message = self.message(chat_id, text=text)
        with self._lock:
            self.sent_messages.append(
                {"chat_id": chat_id, "text": text, "params": params, "message": message}
            )
        return message
