"""`manage.py runsender [--once] [--idle-sleep 0.2] [--lease 60]`: the outbox sender.

Without --once it runs until SIGTERM/SIGINT, then finishes the sends in flight and exits.
With --once it sends what is due (waiting out a flood pause it meets) and exits: tests, cron.
"""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bot.sender import DEFAULT_LEASE_S, Sender, SenderStopped


class Command(BaseCommand):
    help = "Send the outbox to Telegram, paced (BOT_SEND_PER_SECOND, BOT_SEND_CHAT_INTERVAL_SECONDS)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send what is due, then exit")
        parser.add_argument(
            "--idle-sleep", type=float, default=0.2, help="seconds between polls of an empty outbox"
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=DEFAULT_LEASE_S,
            help="rows 'sending' for longer than this many seconds belong to a dead sender and are resent",
        )

    def handle(self, *args, once: bool, idle_sleep: float, lease: float, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set: there is no bot to send with")
        if idle_sleep <= 0 or lease < 0:
            raise CommandError("--idle-sleep must be positive and --lease not negative")
        sender = Sender(idle_sleep=idle_sleep, lease_seconds=lease)
        previous = {}
        if threading.current_thread() is threading.main_thread():  # signals reach the main thread only
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, lambda *_: sender.stop())
        if not once:
            self.stdout.write(
                f"Sending the outbox: {sender.per_second} msg/s, one per chat every "
                f"{settings.BOT_SEND_CHAT_INTERVAL_SECONDS:g} s. Stop with Ctrl+C."
            )
        try:
            stats = sender.run(once=once)
        except SenderStopped as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(
            f"Sent {stats.sent}, failed {stats.failed}, retried {stats.retried} "
            f"(flood waits {stats.flood_waits}, reclaimed {stats.reclaimed}) in {stats.seconds:.1f} s."
        )
