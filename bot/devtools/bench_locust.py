"""Locust's side of ``make bench-load`` (``bot/devtools/bench_load.py`` drives it): simulated visitors.

Each visitor holds whole conversations over the REST channel, one at a time, as a person would: a
circuit asked, then the themes (the circuit comes back), a refinement, a question on a site, the
sites near a shared location, with think time (``BENCH_THINK_S``, about that many seconds, more or
less half) before each message. Every request is named after the turn's intent.

Visitors arrive in stages (``BENCH_STAGES``: ``[[visitors, until_s, arrivals_per_s], …]``) and keep
their conversations going from one stage to the next. Every request is written to ``BENCH_RECORD``
(CSV: when it ended, intent, milliseconds, error or empty), from which the driver computes each
stage's figures.

It runs in build/tools-venv, Locust's own environment: it imports nothing of the project. The
conversations come as JSON (``BENCH_CONVERSATIONS``: a list of ``{"turns": [{"intent", "text"}]}``),
written by the driver from the knowledge base, and so do the replies that count as errors
(``BENCH_ERROR_REPLIES``: the assistant's "I cannot answer right now" in each language).
"""

from __future__ import annotations

import csv
import json
import os
import random
import time
import uuid
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events, task

CONVERSATIONS = json.loads(Path(os.environ["BENCH_CONVERSATIONS"]).read_text())
ERROR_REPLIES = set(json.loads(os.environ.get("BENCH_ERROR_REPLIES") or "[]"))
THINK_S = float(os.environ.get("BENCH_THINK_S") or 10)
STAGES = json.loads(os.environ["BENCH_STAGES"])
RECORD = open(os.environ["BENCH_RECORD"], "w", newline="")  # noqa: SIM115 (open while Locust runs)
TIMEOUT_S = 30

_record = csv.writer(RECORD)


@events.request.add_listener
def record(name: str, response_time: float, exception: Exception | None, **_: object) -> None:
    error = "" if exception is None else str(getattr(exception, "args", [exception])[0])[:80]
    _record.writerow([f"{time.time():.3f}", name, f"{response_time:.1f}", error])


@events.test_start.add_listener
def record_start(**_: object) -> None:
    _record.writerow([f"{time.time():.3f}", "(start)", "", ""])


@events.quitting.add_listener
def close_record(**_: object) -> None:
    RECORD.close()


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


class Stages(LoadTestShape):
    def tick(self) -> tuple[int, float] | None:
        elapsed = self.get_run_time()
        return next(((users, rate) for users, until, rate in STAGES if elapsed < until), None)
