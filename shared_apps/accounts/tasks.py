"""Daily at 05:00 UTC: expired or revoked tokens are soft-deleted (SPEC §13)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from shared_apps.accounts.selectors import email_tokens_past_use, refresh_tokens_past_use
from shared_apps.core.cleanup import soft_delete_in_batches


@db_periodic_task(crontab(hour="5", minute="0"), retries=3, retry_delay=60)
def tokens_cleanup_daily():
    return {
        "refresh_tokens": soft_delete_in_batches(refresh_tokens_past_use()).rows,
        "email_tokens": soft_delete_in_batches(email_tokens_past_use()).rows,
    }
