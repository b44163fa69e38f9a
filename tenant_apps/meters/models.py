"""Meters and their readings (company schema, SPEC §7).

A meter type says what is measured and how (unit of measure, tariff zones, the largest
believable monthly increase); it belongs to the whole company (condo null) or to one condo.
Each unit has meters of those types; each meter gets one counting reading per zone and month.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from shared_apps.core.models import TimeStampedModel
from tenant_apps.condos.models import Condo, Unit

ZONES = ("day", "night")
# Readings: up to 12 digits, 3 of them after the point (1 234 567.891 m³ would be plenty).
VALUE_DIGITS = 12
VALUE_DECIMALS = 3


class MeterType(TimeStampedModel):
    condo = models.ForeignKey(
        Condo, null=True, blank=True, on_delete=models.PROTECT, related_name="meter_types"
    )
    code = models.SlugField(max_length=50)
    # What the meter measures in the assistant's words (cold_water, hot_water, electricity, gas,
    # heating or a custom code): the readings people send name this, not the type's own code.
    kind = models.SlugField(max_length=50)
    name = models.CharField(max_length=80)
    unit_of_measure = models.CharField(max_length=16)
    zones = models.JSONField(default=list, blank=True)  # [] or ["day", "night"]
    max_monthly_increase = models.DecimalField(
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_DECIMALS,
        validators=[MinValueValidator(Decimal("0.001"))],
    )

    class Meta:
        ordering = ["condo_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(deleted_at__isnull=True, condo__isnull=True),
                name="meters_metertype_unique_company_code",
            ),
            models.UniqueConstraint(
                fields=["condo", "code"],
                condition=models.Q(deleted_at__isnull=True),
                name="meters_metertype_unique_condo_code",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def zone_choices(self) -> list[str]:
        """The zones a reading of this type carries: [""] for a single tariff."""
        return list(self.zones) or [""]


class Meter(TimeStampedModel):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="meters")
    meter_type = models.ForeignKey(MeterType, on_delete=models.PROTECT, related_name="meters")
    serial = models.CharField(max_length=60, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["unit_id", "meter_type_id", "id"]
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self):
        return f"{self.meter_type.name} {self.serial}".strip()


class ReadingSource(models.TextChoices):
    BOT_TEXT = "bot_text", "Assistant (text)"
    BOT_PHOTO = "bot_photo", "Assistant (photo)"
    PANEL = "panel", "Company panel / API"
    IMPORT = "import", "Import"


class ReadingPhoto(TimeStampedModel):
    """A meter photo, downscaled to about 512×512 JPEG. Kept in the company's own schema and
    only ever served through the authorised API endpoint, never as a public file."""

    content = models.BinaryField()
    content_type = models.CharField(max_length=32, default="image/jpeg")
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()

    def __str__(self):
        return f"photo {self.pk} ({self.width}×{self.height})"


class Reading(TimeStampedModel):
    """One submitted value. Nothing is overwritten: a later submission for the same meter, zone
    and month replaces the earlier one (`replaced_at`), which stays as history; the live row is
    the one that counts. Readings are never removed by any cleaner before 12 months have passed
    (SPEC §7) — nothing in this feature deletes them at all."""

    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="readings")
    zone = models.CharField(max_length=8, blank=True)  # "" / "day" / "night"
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    period = models.DateField()  # first day of the month the reading is for
    source = models.CharField(max_length=16, choices=ReadingSource.choices)
    photo = models.OneToOneField(
        ReadingPhoto, null=True, blank=True, on_delete=models.PROTECT, related_name="reading"
    )
    # Accepted although a rule refused it, because the person entered the same value twice.
    forced = models.BooleanField(default=False)
    forced_reason = models.CharField(max_length=32, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    replaced_at = models.DateTimeField(null=True, blank=True)
    # A correction keeps the value as submitted here (readings outlive the 90-day audit log).
    corrected_from = models.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, null=True, blank=True
    )
    correction_reason = models.CharField(max_length=500, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-period", "meter_id", "zone", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "zone", "period"],
                condition=models.Q(deleted_at__isnull=True, replaced_at__isnull=True),
                name="meters_reading_one_live_per_period",
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="meters_reading_value_positive"),
            # OR rather than IN: the schema clone re-creates an IN list in another (equal) form.
            models.CheckConstraint(
                condition=models.Q(zone="") | models.Q(zone="day") | models.Q(zone="night"),
                name="meters_reading_zone_known",
            ),
        ]
        indexes = [models.Index(fields=["meter", "zone", "period"])]

    def __str__(self):
        zone = f" {self.zone}" if self.zone else ""
        return f"{self.meter_id}{zone} {self.period:%Y-%m}: {self.value}"


class ReadingAttempt(TimeStampedModel):
    """A value a rule refused (decrease, jump). The same value entered again next, for the same
    meter and zone, is accepted as forced — in the bot and the API alike."""

    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="attempts")
    zone = models.CharField(max_length=8, blank=True)
    period = models.DateField()
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    code = models.CharField(max_length=32)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Set once a reading for this meter and zone was accepted after the attempt.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["meter", "zone", "period"])]
