"""Processing queued updates, one person at a time and in order (SPEC §6), and the daily
retention of the conversation store."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bot.intake import processing_started
from bot.processing import try_later, turn_handle
from bot.understanding.ai import AIUnavailable
from shared_apps.botrouting.models import ConversationMessage, TelegramAccount, TelegramUpdate, UpdateStatus
from shared_apps.core.cleanup import soft_delete_in_batches

AI_RETRIES = 2
AI_RETRY_DELAY_SECONDS = 5


@db_task(retries=2, retry_delay=5)
def account_updates_process(telegram_user_id: int) -> int:
    """Handles every pending update of one person, oldest first. A row lock on the person's
    account keeps two workers from answering them out of order (it is held while the AI
    thinks: one person's messages wait for each other, nobody else's do)."""
    processing_started(telegram_user_id)
    finished: dict[str, list[int]] = {UpdateStatus.DONE: [], UpdateStatus.IGNORED: []}
    with transaction.atomic():
        account = (
            TelegramAccount.objects.select_for_update().filter(telegram_user_id=telegram_user_id).first()
        )
        if account is None:  # first contact: create, then lock like everyone else
            TelegramAccount.objects.get_or_create(
                telegram_user_id=telegram_user_id, defaults={"chat_id": telegram_user_id}
            )
            account = TelegramAccount.objects.select_for_update().get(telegram_user_id=telegram_user_id)
        pending = TelegramUpdate.objects.filter(
            telegram_user_id=telegram_user_id, status=UpdateStatus.PENDING
        )
        for update in pending.order_by("update_id"):
            try:
                with transaction.atomic():
                    turn = turn_handle(update.payload, update_id=update.update_id, account=account)
            except AIUnavailable as error:
                account.refresh_from_db()  # the turn's changes were rolled back
                update.attempts += 1
                if error.retryable and update.attempts <= AI_RETRIES:
                    update.error = str(error)[:300]
                    update.save(update_fields=["attempts", "error", "updated_at"])
                    transaction.on_commit(
                        lambda: account_updates_process.schedule(
                            args=(telegram_user_id,), delay=AI_RETRY_DELAY_SECONDS
                        )
                    )
                    break  # later updates wait: order per person is kept
                try_later(update.payload)
                update.save(update_fields=["attempts", "updated_at"])
                turn = None
            finished[
                UpdateStatus.DONE if turn is not None or update.attempts else UpdateStatus.IGNORED
            ].append(update.pk)
        now = timezone.now()
        for status, ids in finished.items():  # one statement per outcome, not one per update
            if ids:
                TelegramUpdate.objects.filter(pk__in=ids).update(
                    status=status, processed_at=now, updated_at=now
                )
    return sum(len(ids) for ids in finished.values())


@db_periodic_task(crontab(hour="4", minute="0"))
def messages_cleanup_daily() -> dict:
    """Daily at 04:00 UTC: conversation messages and raw updates past BOT_MESSAGE_RETENTION_DAYS
    are soft-deleted (SPEC §13)."""
    cutoff = timezone.now() - timedelta(days=settings.BOT_MESSAGE_RETENTION_DAYS)
    return {
        "messages": soft_delete_in_batches(ConversationMessage.objects.filter(created_at__lt=cutoff)).rows,
        "updates": soft_delete_in_batches(TelegramUpdate.objects.filter(created_at__lt=cutoff)).rows,
    }
