"""Files people send the bot (photos of meters, pictures of a leak, PDFs): fetched from
Telegram with python-telegram-bot's getFile + download, only when a handler needs them."""

import asyncio

from django.conf import settings

from bot.telegram import telegram_bot

# Bots may download files up to 20 MB (https://core.telegram.org/bots/api#getfile).
FILE_LIMIT_BYTES = 20 * 1024 * 1024


class FileUnavailable(Exception):
    """The file could not be fetched (too big, gone, Telegram unreachable)."""


async def _download(file_id: str) -> bytes:
    bot = telegram_bot()
    async with bot:
        telegram_file = await bot.get_file(file_id)
        if telegram_file.file_size and telegram_file.file_size > FILE_LIMIT_BYTES:
            raise FileUnavailable(f"file is larger than {FILE_LIMIT_BYTES // (1024 * 1024)} MB")
        return bytes(await telegram_file.download_as_bytearray())


def telegram_file_download(file_id: str) -> bytes:
    if not settings.TELEGRAM_BOT_TOKEN:
        raise FileUnavailable("no Telegram bot is configured")
    try:
        return asyncio.run(_download(file_id))
    except FileUnavailable:
        raise
    except Exception as exc:  # network errors, unknown file id: the handler tells the person
        raise FileUnavailable(str(exc)) from exc
