"""The generic batched cleaner behind every retention job (SPEC §13).

It soft-deletes, never deletes: rows get `deleted_at`, in batches of CLEANUP_BATCH_SIZE, each
batch in its own short transaction that skips rows locked by someone else, with a pause
between batches so the cleaner never starves the product of I/O.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CleanupResult:
    rows: int
    batches: int


def soft_delete_in_batches(
    queryset: QuerySet, *, batch_size: int | None = None, pause_seconds: float | None = None
) -> CleanupResult:
    """Soft-delete every live row of `queryset`, batch by batch."""
    batch_size = batch_size or settings.CLEANUP_BATCH_SIZE
    pause_seconds = settings.CLEANUP_PAUSE_SECONDS if pause_seconds is None else pause_seconds
    model = queryset.model
    live = queryset.filter(deleted_at__isnull=True).order_by("pk")
    total = batches = 0
    while True:
        with transaction.atomic():
            ids = list(live.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            total += model.all_objects.filter(pk__in=ids, deleted_at__isnull=True).update(
                deleted_at=timezone.now()
            )
        batches += 1
        if len(ids) < batch_size:
            break
        time.sleep(pause_seconds)
    if total:
        logger.info("cleanup", extra={"model": model._meta.label, "rows": total, "batches": batches})
    return CleanupResult(rows=total, batches=batches)
