"""The soft-delete base every model of the product inherits.

`objects` hides deleted rows, `all_objects` shows them. Neither `Model.delete()` nor
`QuerySet.delete()` issues a SQL DELETE: both set `deleted_at`.
"""

from django.db import models
from django.utils import timezone


class SoftDeleteQuerySet(models.QuerySet):
    def delete(self):
        """Soft-delete every row of the queryset; returns the number of rows marked."""
        return self.filter(deleted_at__isnull=True).update(deleted_at=timezone.now())

    def restore(self):
        return self.filter(deleted_at__isnull=False).update(deleted_at=None)

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """Default manager: live rows only."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class AllObjectsManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """Every row, deleted ones included (admin restore, audits, cleaners)."""


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)

    objects = SoftDeleteManager()
    all_objects = AllObjectsManager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        if self.deleted_at is None:
            self.deleted_at = timezone.now()
            self.save(update_fields=["deleted_at"])

    def restore(self) -> None:
        if self.deleted_at is not None:
            self.deleted_at = None
            self.save(update_fields=["deleted_at"])

    def delete(self, using=None, keep_parents=False):
        """Never a hard delete: `delete()` is `soft_delete()`."""
        self.soft_delete()
        return 1, {self._meta.label: 1}


class TimeStampedModel(SoftDeleteModel):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(SoftDeleteModel.Meta):
        abstract = True
