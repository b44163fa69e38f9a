"""Public routing the bot needs before it knows a company: invite token → company schema."""

from django.db import models

from shared_apps.core.models import TimeStampedModel


class InviteRoute(TimeStampedModel):
    token = models.CharField(max_length=64, unique=True)
    company = models.ForeignKey("tenants.Company", on_delete=models.PROTECT, related_name="+")
    schema_name = models.CharField(max_length=63)
    invite_id = models.BigIntegerField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"invite route → {self.schema_name}#{self.invite_id}"
