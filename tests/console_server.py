"""The staff console's blueprint on a Sanic app of its own (``python -m bot console serve``), on a
free port, for the HTTP and browser tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.console.accounts import AccountStore
from bot.ops.serve import free_port

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
LEWARDE = "lewarde-centre-historique-minier"
# (username, password, role, site)
ACCOUNTS = [
    ("office", "office password 1", "counter", None),
    ("chm", "lewarde password 1", "editor", LEWARDE),
    ("coupole", "coupole password 1", "editor", "la-coupole"),
    ("network", "network password 1", "admin", None),
]
PASSWORDS = {username: password for username, password, _, _ in ACCOUNTS}


def console_env(folder: Path, **extra: str) -> dict[str, str]:
    """Accounts, edits and knowledge database of their own in ``folder``, with ACCOUNTS created."""
    env = {
        "CONSOLE_DB": str(folder / "console.db"),
        "MEMHISTO_EDITS_DB": str(folder / "edits.db"),
        "MEMHISTO_DB": str(folder / "knowledge.db"),
        **extra,
    }
    store = AccountStore(env["CONSOLE_DB"])
    for username, password, role, site in ACCOUNTS:
        store.add(username, password, role, site)
    return env


@contextmanager
def serve_console(env: dict[str, str], log_name: str):
    """The console's base URL (``http://localhost:<port>/console/``: ``localhost``, which browsers
    treat as secure, so that the Secure cookie is kept over plain HTTP)."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / log_name).open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "serve", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://localhost:{port}/console/"
        deadline = time.monotonic() + 60
        try:
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"the console did not start: see test-artifacts/{log_name}"
                        ) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:  # a loaded machine: do not leave it running
                process.kill()
                process.wait(10)
