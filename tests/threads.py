"""Running asyncio code from a test: in a thread of its own.

The browser tests' Playwright sync API (the session-wide ``browser`` fixture) keeps an event loop
running in the main thread for the rest of the session, and ``asyncio.run`` refuses to start under a
running loop; a worker thread has none.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def in_thread(function: Callable[..., T], *args: Any) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    return in_thread(asyncio.run, coroutine)
