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
def telegram_api(settings, fake_telegram) -> FakeTelegram:
    """The fake Bot API with TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL pointed at it, so
    `bot.telegram.telegram_bot()` (and the outbox sender) talk to it."""
    settings.TELEGRAM_BOT_TOKEN = fake_telegram.token
    settings.TELEGRAM_API_BASE_URL = fake_telegram.base_url
    return fake_telegram


@pytest.fixture
def fake_perplexity() -> Iterator[FakePerplexity]:
    with FakePerplexity() as server:
        yield server


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    with FakeStripe() as server:
        yield server
