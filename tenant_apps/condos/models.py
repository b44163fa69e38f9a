"""The property a company manages: condos → buildings → entrances → units (company schema)."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from shared_apps.core.models import TimeStampedModel


def default_reminder_days() -> list[int]:
    return [20, 25]


def timezone_is_known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def validate_timezone(name: str) -> None:
    if not timezone_is_known(name):
        raise ValidationError(f"Unknown time zone {name!r}; use an IANA name such as Europe/Sofia.")


class Condo(TimeStampedModel):
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, blank=True)
    city = models.CharField(max_length=120, blank=True)
    street = models.CharField(max_length=200, blank=True)
    house = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    # Settings (SPEC defaults): invites, meter validation, reading reminders.
    invite_lifetime_days = models.PositiveSmallIntegerField(default=7, validators=[MinValueValidator(1)])
    invite_active_limit = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    readings_allow_decimals = models.BooleanField(default=True)
    readings_must_not_decrease = models.BooleanField(default=True)
    reading_reminder_days = models.JSONField(default=default_reminder_days, blank=True)
    emergency_phone = models.CharField(max_length=32, blank=True)
    # Local time of the condo: proactive messages to residents wait out the quiet hours.
    timezone = models.CharField(max_length=64, default="Europe/Sofia", validators=[validate_timezone])
    quiet_hours_start = models.TimeField(default=time(21, 0))
    quiet_hours_end = models.TimeField(default=time(9, 0))

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def quiet_hours_end_after(self, moment: datetime) -> datetime | None:
        """When the quiet hours around `moment` end (aware datetime), or None outside them.
        The window may cross midnight (21:00–09:00); equal start and end mean no quiet hours."""
        start, end = self.quiet_hours_start, self.quiet_hours_end
        local = moment.astimezone(ZoneInfo(self.timezone))
        now = local.time()
        if start == end:
            return None
        quiet = start <= now < end if start < end else now >= start or now < end
        if not quiet:
            return None
        day = local.date() if now < end else local.date() + timedelta(days=1)
        return datetime.combine(day, end, tzinfo=ZoneInfo(self.timezone))

    @property
    def address(self) -> str:
        return ", ".join(
            part
            for part in (
                self.street and f"{self.street} {self.house}".strip(),
                self.city,
                self.postal_code,
                self.country,
            )
            if part
        )


class Building(TimeStampedModel):
    condo = models.ForeignKey(Condo, on_delete=models.PROTECT, related_name="buildings")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["condo_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["condo", "name"],
                condition=models.Q(deleted_at__isnull=True),
                name="condos_building_unique_live",
            )
        ]

    def __str__(self):
        return self.name


class Entrance(TimeStampedModel):
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="entrances")
    name = models.CharField(max_length=30)

    class Meta:
        ordering = ["building_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "name"],
                condition=models.Q(deleted_at__isnull=True),
                name="condos_entrance_unique_live",
            )
        ]

    def __str__(self):
        return self.name


class UnitTypeCode(models.TextChoices):
    RESIDENTIAL = "residential", "Residential"
    NON_RESIDENTIAL = "non_residential", "Non-residential"
    COMMERCIAL = "commercial", "Commercial"
    PARKING = "parking", "Parking"


# Unit types that may stand outside any entrance (shops on the ground floor, parking).
ENTRANCE_OPTIONAL_TYPES = (UnitTypeCode.COMMERCIAL, UnitTypeCode.PARKING, UnitTypeCode.NON_RESIDENTIAL)


class UnitType(TimeStampedModel):
    condo = models.ForeignKey(Condo, on_delete=models.PROTECT, related_name="unit_types")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["condo_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["condo", "code"],
                condition=models.Q(deleted_at__isnull=True),
                name="condos_unittype_unique_live",
            )
        ]

    def __str__(self):
        return self.name


class Unit(TimeStampedModel):
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="units")
    entrance = models.ForeignKey(
        Entrance, null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    unit_type = models.ForeignKey(UnitType, on_delete=models.PROTECT, related_name="units")
    number = models.CharField(max_length=20)
    floor = models.SmallIntegerField(null=True, blank=True)
    area = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["building_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "number"],
                condition=models.Q(deleted_at__isnull=True),
                name="condos_unit_unique_live",
            ),
            models.CheckConstraint(condition=models.Q(area__gt=0), name="condos_unit_area_positive"),
        ]
        indexes = [models.Index(fields=["building", "entrance", "number"])]

    def __str__(self):
        return f"{self.building.name}-{self.number}"

    @property
    def condo(self) -> Condo:
        return self.building.condo

    @property
    def full_address(self) -> str:
        condo = self.building.condo
        parts = [condo.address or condo.name, f"building {self.building.name}"]
        if self.entrance_id:
            parts.append(f"entrance {self.entrance.name}")
        if self.floor is not None:
            parts.append(f"floor {self.floor}")
        parts.append(f"unit {self.number}")
        return ", ".join(parts)


class JobStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a mapping"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def import_upload_path(instance, filename: str) -> str:
    return f"imports/condo-{instance.condo_id}/{instance.created_at:%Y/%m/%d}/{filename}"


class UnitImport(TimeStampedModel):
    """An uploaded unit list and the background job importing it (progress, counters, errors)."""

    condo = models.ForeignKey(Condo, on_delete=models.PROTECT, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    file = models.FileField(upload_to="imports/", blank=True)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)
    detected_columns = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    failure = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"import {self.pk} ({self.file_name})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
