"""Talk to the assistant in a terminal, through the same pipeline Telegram updates take."""

import itertools
import time

from django.core.management.base import BaseCommand, CommandError

from bot.intake import update_store
from bot.tasks import account_updates_process
from shared_apps.accounts.models import User
from shared_apps.botrouting.models import OutboxMessage, OutboxStatus, TelegramAccount

# Console conversations use ids below any real Telegram id (those are positive).
CONSOLE_ID_BASE = -9_000_000_000


class Command(BaseCommand):
    help = "Chat with the assistant as a user: manage.py chat --company demo --as someone@example.com"

    def add_arguments(self, parser):
        parser.add_argument("--company", required=True, help="company slug (shown for orientation)")
        parser.add_argument("--as", dest="email", required=True, help="the user you speak as")
        parser.add_argument("--language", default="en", choices=["en", "ru", "bg"])

    def handle(self, *args, company, email, language, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user {email!r}. Create one, e.g. through an invite, first.")
        chat_id = CONSOLE_ID_BASE - user.pk
        account, _ = TelegramAccount.objects.get_or_create(
            telegram_user_id=chat_id, defaults={"chat_id": chat_id, "user": user, "language_code": language}
        )
        if account.user_id != user.pk:
            raise CommandError("This console conversation belongs to another user.")
        sender = {"id": chat_id, "first_name": user.first_name or email, "language_code": language}
        update_ids = itertools.count(int(time.time() * 1000))
        self.stdout.write(
            f"Talking to the {company} assistant as {email}. Press a button by typing #1, #2 …; "
            "an empty line or Ctrl-D leaves."
        )
        buttons: list[str] = []
        while True:
            try:
                text = input("you> ").strip()
            except EOFError:
                break
            if not text:
                break
            update_store(self._update(next(update_ids), sender, chat_id, text, buttons))
            account_updates_process.call_local(chat_id)  # here and now, not through the queue
            buttons = self._show_replies(chat_id) or buttons

    @staticmethod
    def _update(update_id: int, sender: dict, chat_id: int, text: str, buttons: list[str]) -> dict:
        chat = {"id": chat_id, "type": "private"}
        if text.startswith("#") and text[1:].isdigit() and 0 < int(text[1:]) <= len(buttons):
            return {
                "update_id": update_id,
                "callback_query": {
                    "id": str(update_id),
                    "from": sender,
                    "data": buttons[int(text[1:]) - 1],
                    "message": {"message_id": 1, "chat": chat},
                },
            }
        return {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": chat,
                "from": sender,
                "text": text,
            },
        }

    def _show_replies(self, chat_id: int) -> list[str]:
        """Prints what the assistant queued for this chat and marks it delivered."""
        buttons: list[str] = []
        pending = OutboxMessage.objects.filter(chat_id=chat_id, status=OutboxStatus.PENDING).order_by("id")
        for message in pending:
            if message.method == "sendMessage":
                self.stdout.write(f"bot> {message.payload.get('text', '')}")
                for row in (message.payload.get("reply_markup") or {}).get("inline_keyboard", []):
                    for button in row:
                        buttons.append(button["callback_data"])
                        self.stdout.write(f"     #{len(buttons)} {button['text']}")
            message.status = OutboxStatus.SENT
            message.save(update_fields=["status", "updated_at"])
        return buttons
