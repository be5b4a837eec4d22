"""Locust's side of ``make bench-load`` (``bot/bench_load.py`` drives it): simulated visitors.

Each visitor holds whole conversations over the REST channel, one at a time, as a person would: a
circuit asked, then the themes (the circuit comes back), a refinement, a question on a site, the
sites near a shared location, with think time (``BENCH_THINK_S``, about that many seconds, more or
less half) before each message. Every request is named after the turn's intent, so that Locust's
figures come per intent.

It runs in build/tools-venv, Locust's own environment: it imports nothing of the project. The
conversations come as JSON (``BENCH_CONVERSATIONS``: a list of ``{"turns": [{"intent", "text"}]}``),
written by the driver from the knowledge base, and so do the replies that count as errors
(``BENCH_ERROR_REPLIES``: the assistant's "I cannot answer right now" in each language).
"""

from __future__ import annotations

import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, between, task

CONVERSATIONS = json.loads(Path(os.environ["BENCH_CONVERSATIONS"]).read_text())
ERROR_REPLIES = set(json.loads(os.environ.get("BENCH_ERROR_REPLIES") or "[]"))
THINK_S = float(os.environ.get("BENCH_THINK_S") or 10)
TIMEOUT_S = 30


def reply_problem(status: int, body: str) -> str | None:
    """Why a reply is an error for the visitor (None: it is an answer)."""
    if status != 200:
        return f"HTTP {status}"
    try:
        replies = json.loads(body)
    except ValueError:
        return "not JSON"
    texts = (
        [reply.get("text") for reply in replies if isinstance(reply, dict)]
        if isinstance(replies, list)
        else []
    )
    if not any(texts):
        return "no reply"
    if any(text in ERROR_REPLIES for text in texts):
        return "cannot answer right now"
    return None


class Visitor(HttpUser):
    wait_time = between(THINK_S / 2, THINK_S * 1.5)

    @task
    def converse(self) -> None:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for index, turn in enumerate(random.choice(CONVERSATIONS)["turns"]):
            if index:
                self.wait()
            with self.client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": turn["text"]},
                name=turn["intent"],
                catch_response=True,
                timeout=TIMEOUT_S,
            ) as response:
                problem = reply_problem(response.status_code, response.text)
                if problem:
                    response.failure(problem)
                else:
                    response.success()
