"""Long polling: getUpdates → the same intake as the webhook. For servers without a public URL."""

import asyncio
import signal

from asgiref.sync import sync_to_async
from django.core.management.base import BaseCommand

from bot.intake import update_receive
from bot.telegram import telegram_bot


class Command(BaseCommand):
    help = "Receive Telegram updates by long polling and queue them like the webhook does."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=int, default=30, help="long-poll seconds")

    def handle(self, *args, timeout, **options):
        asyncio.run(self._poll(timeout))

    async def _poll(self, timeout: int) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        receive = sync_to_async(update_receive, thread_sensitive=True)
        offset = None
        async with telegram_bot(timeout=timeout + 10) as bot:
            await bot.delete_webhook()  # Telegram refuses getUpdates while a webhook is set
            self.stdout.write(f"Polling as @{bot.username}")
            while not stop.is_set():
                updates = await bot.get_updates(
                    offset=offset,
                    timeout=timeout,
                    allowed_updates=[
                        "message",
                        "edited_message",
                        "callback_query",
                    ],
                )
                for update in updates:
                    await receive(update.to_dict())
                    offset = update.update_id + 1
        self.stdout.write("Stopped.")
