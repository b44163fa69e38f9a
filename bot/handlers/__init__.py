"""Intent handlers, one module per feature. Importing the package registers them all with
the engine (`bot.engine.handler`)."""

from bot.handlers import core, meters, tickets  # noqa: F401
