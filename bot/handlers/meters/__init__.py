"""Meter intents (SPEC §7): readings by text or photo, with confirmation, and reading history."""

from bot.handlers.meters import history, readings  # noqa: F401  (registers the handlers and flow)
