"""End-to-end: conversations survive a stop and a start of the whole stack (`python -m bot.ops.serve`, as
`make run` starts it), because Rasa keeps them in its SQL tracker store on a SQLite file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.ops.serve import DEFAULT_MODEL, Ports, auth_token
from tests.e2e.conftest import Conversation, reply_text
from tests.e2e.test_rest import MAP_LINK

pytestmark = pytest.mark.e2e

LOGS = PROJECT_ROOT / "test-artifacts" / "e2e-logs"
START_TIMEOUT_S = 240


class ServeProcess:
    """``python -m bot.ops.serve`` on given ports and conversation file, stopped with SIGTERM like `kill`."""

    def __init__(self, ports: Ports, tracker_db: Path, log: Path):
        self.ports, self.tracker_db, self.log = ports, tracker_db, log
        self.rasa_url = f"http://localhost:{ports.rasa}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "MEMHISTO_TRACKER_DB": str(self.tracker_db), "TILE_URL": "http://127.0.0.1:9/"}
        command = [
            sys.executable,
            "-m",
            "bot.ops.serve",
            *("--rasa-port", str(self.ports.rasa)),
            *("--actions-port", str(self.ports.actions)),
            *("--web-port", str(self.ports.web)),
        ]
        starts = self.log.read_text().count("is running")
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while self.log.read_text().count("is running") == starts:
            assert self.process.poll() is None, f"bot.ops.serve exited early, see {self.log}"
            assert time.monotonic() < deadline, f"bot.ops.serve not ready after {START_TIMEOUT_S} s"
            time.sleep(0.5)

    def stop(self) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def tracker(self, sender: str) -> dict:
        url = f"{self.rasa_url}/conversations/{sender}/tracker?token={auth_token()}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())


@pytest.fixture
def serve(tmp_path):
    assert DEFAULT_MODEL.exists(), f"no trained model at {DEFAULT_MODEL}: run `make train` first"
    LOGS.mkdir(parents=True, exist_ok=True)
    LOGS.joinpath("persistence.log").write_text("")
    started = ServeProcess(Ports.free(), tmp_path / "conversations.db", LOGS / "persistence.log")
    yield started
    started.stop()


def test_a_conversation_continues_after_a_stop_and_a_start(serve):
    serve.start()
    conversation = Conversation(serve)
    for message in ["Je voudrais un circuit", "Arras", "la Première Guerre mondiale"]:
        replies = conversation.say(message)
    assert "combien de temps" in reply_text(replies), replies
    before = serve.tracker(conversation.sender)
    assert before["slots"]["requested_slot"] == "duration_text"

    assert serve.stop() == 0
    serve.start()

    after = serve.tracker(conversation.sender)
    assert len(after["events"]) == len(before["events"])
    for slot in ("start_place", "themes", "requested_slot", "language"):
        assert after["slots"][slot] == before["slots"][slot], slot
    final = conversation.text("une journée")
    assert MAP_LINK.search(final), final
    assert "Arras" in final, final
