"""Company API of meters (filled in by the feature)."""

from ninja import Router

router = Router(tags=["meters"])
