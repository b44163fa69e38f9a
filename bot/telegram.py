"""The python-telegram-bot client, pointed at TELEGRAM_API_BASE_URL (a stand-in in tests).

Its HTTP transport is aiohttp rather than the default httpx: per request it costs about a
third of the CPU (measured with bench/bot_pipeline.py), and sending is most of what the outbox
sender does. python-telegram-bot supports custom transports through `BaseRequest`."""

import aiohttp
from django.conf import settings
from telegram import Bot
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    def __init__(self, *, pool_size: int = 8, timeout: float = 10.0, media_timeout: float = 30.0):
        self._pool_size = pool_size
        self._timeout = timeout
        self._media_timeout = media_timeout  # uploads (photos, PDFs) get longer to be written
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        data = None
        if files:  # multipart: the parameters and the files as parts
            data = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                data.add_field(name, value)
            for name, (filename, content, mime_type) in files.items():
                data.add_field(name, content, filename=filename, content_type=mime_type)
        elif request_data:
            data = request_data.json_parameters  # form-encoded, as python-telegram-bot sends them
        default = self._media_timeout if files else self._timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_seconds(pool_timeout, default),
            sock_connect=_seconds(connect_timeout, default),
            sock_read=_seconds(read_timeout, default),
        )
        try:
            async with self._session.request(method, url, data=data, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _seconds(value, default: float) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def telegram_bot(*, timeout: float = 10.0, pool_size: int = 8) -> Bot:
    base = settings.TELEGRAM_API_BASE_URL.rstrip("/")
    return Bot(
        settings.TELEGRAM_BOT_TOKEN,
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        request=AiohttpRequest(pool_size=pool_size, timeout=timeout),
    )
