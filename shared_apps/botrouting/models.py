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


class TelegramAccount(TimeStampedModel):
    """A Telegram user as the bot knows them, linked to a platform User once they join.
    Also holds the conversation's state: the company/unit in focus, the running multi-step
    flow and the assistant's summary of the person — so flows survive restarts."""

    telegram_user_id = models.BigIntegerField(unique=True)
    chat_id = models.BigIntegerField()
    username = models.CharField(max_length=64, blank=True)
    first_name = models.CharField(max_length=128, blank=True)
    language_code = models.CharField(max_length=8, blank=True)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="telegram_accounts"
    )
    privacy_shown_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    context_schema = models.CharField(max_length=63, blank=True)
    context_unit_id = models.BigIntegerField(null=True, blank=True)
    flow = models.CharField(max_length=40, blank=True)
    flow_data = models.JSONField(default=dict, blank=True)
    summary = models.TextField(blank=True)

    def __str__(self):
        return f"telegram {self.telegram_user_id}"

    @property
    def language(self) -> str:
        code = (self.language_code or "en")[:2]
        return code if code in ("en", "ru", "bg") else "en"


class UpdateStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    IGNORED = "ignored", "Ignored"
    FAILED = "failed", "Failed"


class TelegramUpdate(TimeStampedModel):
    """Every update exactly as Telegram sent it; `update_id` makes a redelivery a no-op."""

    update_id = models.BigIntegerField(unique=True)
    telegram_user_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["telegram_user_id", "status", "update_id"])]

    def __str__(self):
        return f"update {self.update_id}"


class Direction(models.TextChoices):
    IN = "in", "Incoming"
    OUT = "out", "Outgoing"


class ConversationMessage(TimeStampedModel):
    """The conversation store: what people wrote, what the assistant understood and answered."""

    account = models.ForeignKey(TelegramAccount, on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    text = models.TextField(blank=True)
    intent = models.CharField(max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    schema_name = models.CharField(max_length=63, blank=True)
    update_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self):
        return f"{self.direction} {self.account_id}: {self.text[:40]}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxMessage(TimeStampedModel):
    """A message for Telegram. Handlers write rows; only the sender talks to Telegram."""

    chat_id = models.BigIntegerField()
    account = models.ForeignKey(
        TelegramAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="outbox"
    )
    # sendMessage, sendPhoto, sendDocument, editMessageText, answerCallbackQuery
    method = models.CharField(max_length=32, default="sendMessage")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Retry time of a row that failed: the chat's later rows wait behind it (order is kept).
    not_before = models.DateTimeField(null=True, blank=True)
    # Scheduled delivery (quiet hours): until then the row stands aside and the chat's other
    # messages go out; it takes its place in the chat's order once due.
    deliver_after = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    telegram_message_id = models.BigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "not_before", "id"]),
            # The sender asks, per chat, which open row comes first: keep that lookup small.
            models.Index(
                fields=["chat_id", "id"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="botrouting_outbox_open_chat",
            ),
        ]

    def __str__(self):
        return f"outbox {self.pk} → {self.chat_id} ({self.status})"
