"""People inside a company's property: residents of units, staff, and the invites that bring
them in (company schema). Each row keeps the public Membership in step (services.py)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from shared_apps.core.models import TimeStampedModel
from tenant_apps.condos.models import Condo, Unit


class ResidentKind(models.TextChoices):
    OWNER = "owner", "Owner"
    TENANT = "tenant", "Tenant"


class Resident(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="residents")
    kind = models.CharField(max_length=8, choices=ResidentKind.choices, default=ResidentKind.OWNER)
    since = models.DateField(default=timezone.localdate)
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                condition=models.Q(deleted_at__isnull=True, until__isnull=True),
                name="residents_resident_one_active_link",
            )
        ]

    def __str__(self):
        return f"{self.user_id} @ unit {self.unit_id}"

    @property
    def is_active(self) -> bool:
        """A link is active until it is ended; `until` then records the last day."""
        return self.until is None


class Specialization(TimeStampedModel):
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(deleted_at__isnull=True),
                name="residents_specialization_unique_live",
            )
        ]

    def __str__(self):
        return self.name


class StaffRole(models.TextChoices):
    CONDO_ADMIN = "condo_admin", "Condo admin"
    STAFF = "staff", "Staff"


class StaffProfile(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    role = models.CharField(max_length=16, choices=StaffRole.choices, default=StaffRole.STAFF)
    # Codes from the company's Specialization list (validated by the services).
    specialization_codes = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    is_active = models.BooleanField(default=True)
    # On call: told about emergency tickets of their specializations at once, day or night.
    on_call = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(deleted_at__isnull=True),
                name="residents_staff_unique_live",
            )
        ]

    def __str__(self):
        return f"{self.role} {self.user_id}"


class StaffCondo(TimeStampedModel):
    """A staff member works in a condo (one public membership per row)."""

    staff = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, related_name="condo_links")
    condo = models.ForeignKey(Condo, on_delete=models.PROTECT, related_name="staff_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "condo"],
                condition=models.Q(deleted_at__isnull=True),
                name="residents_staffcondo_unique_live",
            )
        ]


class InviteKind(models.TextChoices):
    RESIDENT = "resident", "Resident"
    STAFF = "staff", "Staff"


class Invite(TimeStampedModel):
    """A Telegram deep-link invite. Resident invites are bound to a unit and multi-use (a family
    joins with one link); staff invites carry the role, condo and specializations."""

    kind = models.CharField(max_length=10, choices=InviteKind.choices)
    token = models.CharField(max_length=64, unique=True)
    condo = models.ForeignKey(Condo, on_delete=models.PROTECT, related_name="invites")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="invites")
    resident_kind = models.CharField(max_length=8, choices=ResidentKind.choices, blank=True)
    staff_role = models.CharField(max_length=16, choices=StaffRole.choices, blank=True)
    specialization_codes = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=InviteKind.RESIDENT, unit__isnull=False)
                    | models.Q(kind=InviteKind.STAFF, unit__isnull=True)
                ),
                name="residents_invite_scope",
            )
        ]

    def __str__(self):
        return f"{self.kind} invite {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class InviteAcceptance(TimeStampedModel):
    """Who joined through which invite (idempotency of invite_accept and the invite's history)."""

    invite = models.ForeignKey(Invite, on_delete=models.PROTECT, related_name="acceptances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invite", "user"],
                condition=models.Q(deleted_at__isnull=True),
                name="residents_acceptance_unique_live",
            )
        ]
