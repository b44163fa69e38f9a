"""A fake Stripe API on 127.0.0.1 for stripe-python pointed at it
(`StripeClient(key, base_addresses={"api": fake.base_url})`).

Every route requires the secret key (Bearer, or Basic with the key as user name, as Stripe
accepts); add endpoints with `self.route("POST", "/v1/...", self._authorized(handler))`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from tests.fakes.http import FakeRequest, FakeServer, Response, json_response

DEFAULT_SECRET_KEY = "sk_test_fake_0123456789"


def stripe_error(status: int, message: str, error_type: str = "invalid_request_error") -> Response:
    return json_response(status, {"error": {"type": error_type, "message": message}})


class FakeStripe(FakeServer):
    name = "fake-stripe"

    def __init__(self, api_key: str = DEFAULT_SECRET_KEY) -> None:
        super().__init__()
        self.api_key = api_key
        self.route("GET", "/v1/balance", self._authorized(self.balance))

    def error_payload(self, status: int) -> Any:
        return {"error": {"type": "api_error", "message": "Fake failure."}}

    def request_key(self, request: FakeRequest) -> str | None:
        if request.bearer_token:
            return request.bearer_token
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                return base64.b64decode(encoded).decode().partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                return None
        return None

    def _authorized(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(request: FakeRequest, **kwargs: Any) -> Any:
            if self.request_key(request) != self.api_key:
                return stripe_error(401, "Invalid API Key provided")
            return handler(request, **kwargs)

        return guarded

    def balance(self, request: FakeRequest) -> dict[str, Any]:
        return {
            "object": "balance",
            "available": [{"amount": 0, "currency": "eur", "source_types": {"card": 0}}],
            "pending": [],
            "livemode": False,
        }
