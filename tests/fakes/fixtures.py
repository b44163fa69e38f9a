"""pytest fixtures of the fakes (registered by `pytest_plugins` in tests/conftest.py).

Each yields a started server — `.base_url` and its key/token (`.token` for Telegram,
`.api_key` for Perplexity and Stripe) — and stops it after the test.
"""

from collections.abc import Iterator

import pytest

from tests.fakes.perplexity import FakePerplexity
from tests.fakes.stripe import FakeStripe
from tests.fakes.telegram import FakeTelegram


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def fake_perplexity() -> Iterator[FakePerplexity]:
    with FakePerplexity() as server:
        yield server


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    with FakeStripe() as server:
        yield server
