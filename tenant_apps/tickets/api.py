"""Company API of tickets (filled in by the feature)."""

from ninja import Router

router = Router(tags=["tickets"])
