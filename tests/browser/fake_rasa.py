"""A stand-in for Rasa's socket.io channel, for the browser tests (fast, no model needed).

It speaks the same events as ``rasa.core.channels.socketio`` with ``session_persistence: true``:
``session_request`` -> ``session_confirm``, ``user_uttered`` -> ``bot_uttered``. Replies are
shaped like Rasa's: ``{"text", "quick_replies"}`` for text with buttons, and a custom payload is
emitted as its ``data`` member, as ``SocketIOOutput.send_custom_json`` does.

What it answers is set by the test (``replies``); it records what it received (``received``).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import socketio
from aiohttp import web

Reply = dict  # one bot_uttered payload
Responder = Callable[[str], list[Reply]]


def echo(message: str) -> list[Reply]:
    return [{"text": f"echo: {message}"}]


class FakeRasa:
    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.responder: Responder = echo
        self.received: list[dict] = []
        self.sessions: list[str] = []

    def start(self) -> FakeRasa:
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("fake Rasa did not start")
        return self

    def message(self, number: int, timeout: float = 10) -> str:
        """The text of the ``number``-th message received (from 1), waiting for it to arrive: the page
        shows a user's message as soon as it is sent, before the server has received it."""
        deadline = time.monotonic() + timeout
        while len(self.received) < number:
            if time.monotonic() > deadline:
                raise AssertionError(f"fake Rasa received {len(self.received)} messages, not {number}")
            time.sleep(0.05)
        return self.received[number - 1].get("message", "")

    def restart(self) -> None:
        """Stop and start again on the same port, like a Rasa server restarted by its operator."""
        self.stop()
        self.start()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        await self._runner.cleanup()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        app = web.Application()
        sio.attach(app, socketio_path="/socket.io/")

        @sio.on("session_request")
        async def session_request(sid, data):
            session = (data or {}).get("session_id")
            self.sessions.append(session)
            sio.enter_room(sid, session)
            await sio.emit("session_confirm", session, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid, data):
            self.received.append(data)
            for reply in self.responder(data.get("message", "")):
                await sio.emit("bot_uttered", reply, room=data.get("session_id") or sid)

        # Long-polling requests stay open: do not wait for them when stopping.
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
        self._started.set()
        self._loop.run_forever()
