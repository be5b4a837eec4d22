"""Calls to a platform's HTTP API from inside Rasa's event loop: asynchronous (aiohttp), each attempt
with a timeout, bounded retries with exponential backoff on network errors, 429 and 5xx.

A call that still fails returns a ``Response`` with ``ok`` False after logging why: the caller carries
on, so that a platform outage never loses the conversation Rasa is saving.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

TIMEOUT_S = 10.0
ATTEMPTS = 3
BACKOFF_S = 0.5
MAX_RETRY_AFTER_S = 10.0  # a platform asking to wait longer is not waited for


@dataclass
class Response:
    status: int  # 0: no answer (network error or timeout)
    body: Any  # the JSON answer, else its text

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    content_type: str


class ApiClient:
    """One platform's API client. The aiohttp session is opened on first use, inside the loop that
    serves the webhook (a session opened in another loop fails with "Event loop is closed")."""

    def __init__(
        self,
        platform: str,
        timeout_s: float = TIMEOUT_S,
        attempts: int = ATTEMPTS,
        backoff_s: float = BACKOFF_S,
    ):
        self.platform = platform
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.attempts = attempts
        self.backoff_s = backoff_s
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _current_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
            self._loop = loop
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def call(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        form: dict[str, str] | None = None,
        upload: tuple[str, Upload] | None = None,
        params: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        what: str = "",
    ) -> Response:
        """``method url`` with a JSON body, a form, or a form with one file (``(field, Upload)``)."""
        what = what or url.rsplit("/", 1)[-1]
        response = Response(0, None)
        for attempt in range(1, self.attempts + 1):
            response, wait = await self._attempt(method, url, json, form, upload, params, auth)
            if response.ok or wait is None:
                break
            if attempt < self.attempts:
                await asyncio.sleep(
                    wait if wait is not None and wait > 0 else self.backoff_s * 2 ** (attempt - 1)
                )
        if not response.ok:
            logger.error(
                "%s: %s failed after %d attempt(s): status %s, %s",
                self.platform,
                what,
                attempt,
                response.status or "no answer",
                str(response.body)[:300],
            )
        return response

    async def _attempt(self, method, url, json, form, upload, params, auth) -> tuple[Response, float | None]:
        """One try; the wait before the next (0: the usual backoff), None when retrying is useless."""
        data = None
        if upload is not None or form is not None:
            data = aiohttp.FormData()
            for key, value in (form or {}).items():
                data.add_field(key, value)
            if upload is not None:
                name, file = upload
                data.add_field(name, file.content, filename=file.filename, content_type=file.content_type)
        basic = aiohttp.BasicAuth(*auth) if auth else None
        try:
            async with self._current_session().request(
                method, url, json=json, data=data, params=params, auth=basic
            ) as answer:
                text = await answer.text()
                try:
                    body = await answer.json(content_type=None)
                except ValueError:
                    body = text
                response = Response(answer.status, body)
                if response.ok:
                    return response, None
                if answer.status == 429 or answer.status >= 500:
                    return response, _retry_after(answer.headers.get("Retry-After"), body)
                return response, None
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            return Response(0, f"{type(error).__name__}: {error}"), 0


def _retry_after(header: str | None, body: Any) -> float | None:
    """How long the platform asks to wait (the Retry-After header, or Telegram's
    ``parameters.retry_after``); 0 when it does not say; None when it asks too much."""
    asked = header
    if isinstance(body, dict) and isinstance(body.get("parameters"), dict):
        asked = body["parameters"].get("retry_after", asked)
    try:
        seconds = float(asked) if asked is not None else 0.0
    except (TypeError, ValueError):
        seconds = 0.0
    return seconds if seconds <= MAX_RETRY_AFTER_S else None
