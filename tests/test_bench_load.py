"""make bench-load's pipeline (bot/devtools/bench_load.py driving bot/devtools/bench_locust.py in build/tools-venv's
Locust) against a stand-in of the REST channel: no figures checked, only that every turn is sent,
named after its intent, counted in its stage, and that what a visitor could not use is an error."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.devtools.bench_load import LOCUST, SCRIPT, Figures, Stage, conversations, knee, run_stages, schedule
from bot.texts import t

UNAVAILABLE = t("fr", "dialogue.chat.unavailable")


@pytest.fixture
def rest_channel():
    """Answers every message, except "silence" (no reply) and "busy" (the assistant cannot answer)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["message"]
            replies = {"silence": [], "busy": [{"text": UNAVAILABLE}]}.get(message, [{"text": "ok"}])
            body = json.dumps(replies).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_visitors_send_every_turn_named_by_intent_and_errors_are_counted(rest_channel, tmp_path):
    assert LOCUST.exists(), "run `make tools`"
    turns = [{"intent": "greeting", "text": "Bonjour"}, {"intent": "odd", "text": "silence"}]
    turns.append({"intent": "odd", "text": "busy"})
    (tmp_path / "conversations.json").write_text(json.dumps([{"turns": turns}]))
    env = {
        **os.environ,
        "BENCH_CONVERSATIONS": str(tmp_path / "conversations.json"),
        "BENCH_THINK_S": "0.05",
        "BENCH_ERROR_REPLIES": json.dumps([UNAVAILABLE]),
    }
    stages = run_stages(rest_channel, [1, 2], 2, env, tmp_path / "run")
    assert [stage.users for stage in stages] == [1, 2]
    for stage in stages:
        assert set(stage.intents) == {"greeting", "odd"}
        assert stage.intents["greeting"].requests > 0 and stage.intents["greeting"].errors == 0
        odd = stage.intents["odd"]
        assert odd.errors == odd.requests > 0  # silence and "cannot answer" are both errors
        assert set(stage.error_kinds) == {"no reply", "cannot answer right now"}, stage.error_kinds


def test_each_stage_gives_its_new_visitors_time_to_arrive_then_is_counted():
    assert schedule([10, 30, 60], 20) == [(10, 25.0, 2.0), (30, 50.0, 4.0), (60, 75.0, 6.0)]


def test_the_conversations_follow_the_script_in_both_languages():
    scripted = conversations(4, seed=1)
    assert [conversation["lang"] for conversation in scripted] == ["fr", "en", "fr", "en"]
    for conversation in scripted:
        assert [turn["intent"] for turn in conversation["turns"]] == [intent for intent, _, _ in SCRIPT]
        assert all(turn["text"] and "{" not in turn["text"][:1] for turn in conversation["turns"])
        assert json.loads(conversation["turns"][-1]["text"].removeprefix("/share_location"))["latitude"]


def test_the_knee_is_the_first_stage_whose_p95_passes_500_ms():
    def stage(users: int, p95: float) -> Stage:
        return Stage(users, 1.0, Figures(10, 0, 100, p95, p95), {})

    assert knee([stage(10, 200), stage(20, 480), stage(40, 900), stage(80, 300)]) == 40
    assert knee([stage(10, 200), stage(20, 499)]) is None
