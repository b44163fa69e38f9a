"""Meters intents (placeholder until the feature lands)."""

from bot.engine import handler
from bot.handlers.core import not_available

for _intent in (
    "submit_readings",
    "reading_history",
):
    handler(_intent)(not_available)
