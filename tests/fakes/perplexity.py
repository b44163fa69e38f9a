"""A fake Perplexity API on 127.0.0.1 (point PERPLEXITY_BASE_URL at `base_url`).

Every route requires `Authorization: Bearer <api_key>`.

`POST /v1/agent` (the Agent API, Responses-style) answers from a script, one entry per
request, in order; with the script empty it answers `default_answer` as a completed run:

    fake_perplexity.answer({"intent": "help", "params": {}, ...})   # completed, JSON output text
    fake_perplexity.answer_text("not json")                         # completed, any output text
    fake_perplexity.answer_failed()                                 # HTTP 200, status "failed"
    fake_perplexity.answer_status("incomplete")                     # HTTP 200, another status
    fake_perplexity.fail_next(500)                                  # HTTP error (base class)
    fake_perplexity.hang_next(2.0)                                  # slow answer (base class)

A request without `model` or `input`, with an unknown model, or with a `response_format`
that is not a named json_schema is refused with HTTP 400 like the real API.
`agent_requests` / `last_agent_body()` give what the client sent.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from tests.fakes.http import FakeRequest, FakeServer, Response, json_response

DEFAULT_API_KEY = "pplx-test-fake-key"
AGENT_PATH = "/v1/agent"
DEFAULT_ANSWER = {"intent": "unknown", "params": {}, "candidates": [], "reply": None, "summary": None}


def perplexity_error(status: int, message: str, error_type: str) -> Response:
    return json_response(status, {"error": {"message": message, "type": error_type, "code": status}})


class FakePerplexity(FakeServer):
    name = "fake-perplexity"

    def __init__(self, api_key: str = DEFAULT_API_KEY) -> None:
        super().__init__()
        self.api_key = api_key
        self.models = ["perplexity/sonar", "openai/gpt-5-mini", "sonar"]
        self.default_answer: dict[str, Any] = dict(DEFAULT_ANSWER)
        self._script: deque[Callable[[dict], Response]] = deque()
        self._script_lock = threading.Lock()
        self._ids = itertools.count(1)
        self.route("GET", "/v1/models", self._authorized(self.list_models))
        self.route("POST", AGENT_PATH, self._authorized(self.create_response))

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

    # --- the script -------------------------------------------------------------------------
    def _push(self, step: Callable[[dict], Response], times: int) -> None:
        with self._script_lock:
            self._script.extend([step] * times)

    def answer(self, understanding: dict[str, Any], *, times: int = 1) -> None:
        """The next run(s) complete with `understanding` as their JSON output text."""
        self.answer_text(json.dumps(understanding, ensure_ascii=False), times=times)

    def answer_text(self, text: str, *, times: int = 1) -> None:
        """The next run(s) complete with `text` as their output text (e.g. invalid JSON)."""
        self._push(lambda body: self._completed(body, text), times)

    def answer_failed(
        self, message: str = "The model failed to produce a response.", code: str = "server_error", *, times=1
    ) -> None:
        """The next run(s) fail: HTTP 200 with status "failed" and an error object."""
        self._push(
            lambda body: self._run(body, status="failed", error={"code": code, "message": message}), times
        )

    def answer_status(self, status: str, *, times: int = 1) -> None:
        """The next run(s) end with another status ("incomplete", "in_progress", ...)."""
        details = {"reason": "max_output_tokens"} if status == "incomplete" else None
        self._push(lambda body: self._run(body, status=status, incomplete_details=details), times)

    def clear_script(self) -> None:
        with self._script_lock:
            self._script.clear()

    def reset(self) -> None:
        super().reset()
        self.clear_script()

    # --- the request log ----------------------------------------------------------------------
    @property
    def agent_requests(self) -> list[FakeRequest]:
        return self.requests_to(AGENT_PATH, "POST")

    def last_agent_body(self) -> dict[str, Any]:
        requests = self.agent_requests
        if not requests:
            raise AssertionError("no request reached POST /v1/agent")
        return requests[-1].json()

    # --- serving ----------------------------------------------------------------------------
    def create_response(self, request: FakeRequest) -> Response:
        try:
            body = request.json()
        except ValueError:
            return perplexity_error(400, "Request body is not valid JSON.", "invalid_request_error")
        refusal = self._refusal(body)
        if refusal:
            return perplexity_error(400, refusal, "invalid_request_error")
        with self._script_lock:
            step = self._script.popleft() if self._script else None
        if step is None:
            return self._completed(body, json.dumps(self.default_answer, ensure_ascii=False))
        return step(body)

    def _refusal(self, body: Any) -> str | None:
        if not isinstance(body, dict):
            return "Request body must be a JSON object."
        if not body.get("model") and not body.get("preset"):
            return "Either model or preset is required."
        if body.get("model") and body["model"] not in self.models:
            return f"Invalid model '{body['model']}'."
        if not body.get("input"):
            return "input is required."
        response_format = body.get("response_format")
        if response_format is not None:
            schema = response_format.get("json_schema") if isinstance(response_format, dict) else None
            if (
                response_format.get("type") != "json_schema"
                or not isinstance(schema, dict)
                or not schema.get("name")
                or not isinstance(schema.get("schema"), dict)
            ):
                return "response_format must be a json_schema with a name and a schema."
        return None

    def _completed(self, body: dict, text: str) -> Response:
        message = {
            "type": "message",
            "id": f"msg_fake_{next(self._ids)}",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }
        return self._run(body, status="completed", output=[message], output_tokens=len(text.split()))

    def _run(
        self,
        body: dict,
        *,
        status: str,
        output: list | None = None,
        error: dict | None = None,
        incomplete_details: dict | None = None,
        output_tokens: int = 0,
    ) -> Response:
        input_tokens = len(json.dumps(body.get("input")).split())
        return json_response(
            200,
            {
                "id": f"resp_fake_{next(self._ids)}",
                "object": "response",
                "created_at": int(time.time()),
                "model": body.get("model"),
                "status": status,
                "output": output or [],
                "error": error,
                "incomplete_details": incomplete_details,
                "usage": {
                    "input_tokens": input_tokens,
                    "output_tokens": output_tokens,
                    "total_tokens": input_tokens + output_tokens,
                },
            },
        )
