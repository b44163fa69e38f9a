"""Account emails. Rendered from templates, sent by a job after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=30, retry_backoff=2)
def email_send(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def email_send_on_commit(*, to: str, template: str, context: dict) -> None:
    """Render `accounts/email/<template>.txt` (first line: subject) and queue it after commit."""
    subject, _, body = render_to_string(f"accounts/email/{template}.txt", context).partition("\n")
    transaction.on_commit(lambda: email_send(to=to, subject=subject.strip(), body=body.strip() + "\n"))
