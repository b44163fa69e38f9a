"""Understanding of residents' and staff's messages: one interface, several adapters.

`Understanding` / `UnderstandingContext` / `INTENTS` / `validate_params` are the contract
(SPEC §6); `understand_offline` is the rule-based adapter that needs no service.
"""

from bot.understanding.offline import understand_offline
from bot.understanding.types import (
    INTENTS,
    LANGUAGES,
    STANDARD_METERS,
    TICKET_CATEGORIES,
    ZONES,
    Understanding,
    UnderstandingContext,
    validate_params,
)

__all__ = [
    "INTENTS",
    "LANGUAGES",
    "STANDARD_METERS",
    "TICKET_CATEGORIES",
    "ZONES",
    "Understanding",
    "UnderstandingContext",
    "understand_offline",
    "validate_params",
]
