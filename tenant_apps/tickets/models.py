"""Tickets of a company (company schema): a problem reported by a resident or staff, its category,
assignee, comments, attachments, rating and the history of every status change (SPEC §8)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from shared_apps.core.models import TimeStampedModel
from tenant_apps.condos.models import Condo, Unit
from tenant_apps.residents.models import StaffProfile


class TicketStatus(models.TextChoices):
    NEW = "new", "New"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    REVIEW = "review", "Review"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


# A staff member's load: the tickets they still have to finish.
OPEN_STATUSES = (TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.REVIEW)


class AuthorKind(models.TextChoices):
    RESIDENT = "resident", "Resident"
    STAFF = "staff", "Staff"


class TicketSource(models.TextChoices):
    BOT = "bot", "Bot"
    API = "api", "API"
    PANEL = "panel", "Panel"


class TicketCategory(TimeStampedModel):
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    # Codes from the company's Specialization list: who can work tickets of this category.
    specialization_codes = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    auto_assign = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ticket categories"
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(deleted_at__isnull=True),
                name="tickets_category_unique_live",
            )
        ]

    def __str__(self):
        return self.name


class Ticket(TimeStampedModel):
    """`id` is the number people use: "ticket 42"."""

    condo = models.ForeignKey(Condo, on_delete=models.PROTECT, related_name="tickets")
    # None: an incident in a common area (staff report those).
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    category = models.ForeignKey(TicketCategory, on_delete=models.PROTECT, related_name="tickets")
    description = models.TextField()
    status = models.CharField(max_length=16, choices=TicketStatus.choices, default=TicketStatus.NEW)
    emergency = models.BooleanField(default=False)
    emergency_reason = models.CharField(max_length=500, blank=True)
    # May staff enter when nobody is home; None until the resident answers.
    entry_allowed = models.BooleanField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    author_kind = models.CharField(max_length=10, choices=AuthorKind.choices)
    assignee = models.ForeignKey(
        StaffProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    source = models.CharField(max_length=8, choices=TicketSource.choices, default=TicketSource.API)
    assigned_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    review_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["condo", "status"], name="tickets_condo_status"),
            models.Index(fields=["assignee", "status"], name="tickets_assignee_status"),
            models.Index(fields=["status", "resolved_at"], name="tickets_status_resolved"),
            models.Index(fields=["author"], name="tickets_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="tickets_rating_1_to_5",
            )
        ]

    def __str__(self):
        return f"ticket {self.pk}"


class TicketComment(TimeStampedModel):
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    text = models.TextField(blank=True)
    # Between staff, condo admins and the director: never shown to residents.
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"comment {self.pk} on ticket {self.ticket_id}"


class TicketAttachment(TimeStampedModel):
    """A photo (JPEG, PNG, WebP) or a PDF; served only by views that check who asks, never as a
    public URL."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="attachments")
    comment = models.ForeignKey(
        TicketComment, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to="tickets/", max_length=255)
    file_name = models.CharField(max_length=255)  # as uploaded, for downloads
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.file_name


class TicketEventKind(models.TextChoices):
    CREATED = "created", "Created"
    ASSIGNED = "assigned", "Assigned"
    UNASSIGNED = "unassigned", "Unassigned"
    STATUS = "status", "Status changed"
    RATED = "rated", "Rated"


class TicketEvent(TimeStampedModel):
    """One line of a ticket's history; `actor` None: done by the system (auto-assignment, jobs)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=TicketEventKind.choices)
    from_status = models.CharField(max_length=16, choices=TicketStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=TicketStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Who the ticket went to (assignment events).
    assignee = models.ForeignKey(
        StaffProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} {self.from_status}→{self.to_status} on ticket {self.ticket_id}"
