"""A fake Perplexity API on 127.0.0.1 (point PERPLEXITY_BASE_URL at `base_url`).

Every route requires `Authorization: Bearer <api_key>`; add endpoints with
`self.route("POST", "/v1/agent", self._authorized(handler))`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fakes.http import FakeRequest, FakeServer, Response, json_response

DEFAULT_API_KEY = "pplx-test-fake-key"


def perplexity_error(status: int, message: str, error_type: str) -> Response:
    return json_response(status, {"error": {"message": message, "type": error_type, "code": status}})


class FakePerplexity(FakeServer):
    name = "fake-perplexity"

    def __init__(self, api_key: str = DEFAULT_API_KEY) -> None:
        super().__init__()
        self.api_key = api_key
        self.models = ["sonar"]
        self.route("GET", "/v1/models", self._authorized(self.list_models))

    def error_payload(self, status: int) -> Any:
        return {"error": {"message": "Fake failure", "type": "server_error", "code": status}}

    def _authorized(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(request: FakeRequest, **kwargs: Any) -> Any:
            if request.bearer_token != self.api_key:
                return perplexity_error(401, "Invalid API key provided.", "invalid_api_key")
            return handler(request, **kwargs)

        return guarded

    def list_models(self, request: FakeRequest) -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model} for model in self.models]}
