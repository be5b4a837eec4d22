"""Hostile input against the running assistant: ``python -m bot.devtools.fuzz --count 10000`` (``make fuzz``).

Generated messages (random Unicode, control characters and lone surrogates, 100 kB bodies, malformed
JSON, wrong content types and field types, intent payloads injecting absurd values and unknown
names) go through the REST channel and the website's socket.io channel of a real stack. Checked:

- REST: a request that is a message (a JSON object with a text ``message``) gets 200 and a non-empty
  reply; any other request gets 400, 413 or 415 with a JSON error; never a 5xx or a dropped connection;
- socket.io: every message gets a non-empty reply;
- afterwards, through Rasa's HTTP API: every conversation's tracker is strict JSON (no NaN) and no
  slot holds a value the dialogue could not have set (``slot_problems``);
- no server died.

The generator is seeded: a failure is replayed with the same ``--seed`` and ``--count``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.ops.serve import Ports, Stack, auth_token
from bot.texts import LANGUAGES

TIMEOUT_S = 60
SOCKET_SHARE = 0.2  # of the messages go through socket.io, the rest through REST
SETTLE_S = 0.3  # a socket.io reply is complete once nothing more came for this long
INTENTS = ["inform", "plan_circuit", "share_location", "refine_circuit", "ask_hours", "find_nearby", "nope"]
ENTITY_NAMES = [
    "latitude", "longitude", "party", "number", "transport_mode", "date", "duration", "town", "site",
    "theme", "language", "change", "accessibility", "start_lat", "first_date", "requested_slot",
    "fallback_count", "last_circuit", "no_such_slot",
]  # fmt: skip
ABSURD = [
    1e308, -1e308, 1e400, -5, 0, 10**30, -0.0, 91, -181, 3.5, True, None, [], {}, [1, 2], {"a": 1},
    "rocket", "../../etc/passwd", "9999-12-31", "0001-01-01", "31/12/9999", "le 31 décembre 9999",
    "x" * 5000, "\ud800", "<script>alert(1)</script>", "'; DROP TABLE events; --", "NaN", "Infinity",
]  # fmt: skip
WORDS = (
    "je voudrais un circuit Arras Lille Amiens Péronne demain samedi une journée deux jours en voiture "
    "à vélo avec enfants école groupe Somme Grande Guerre WW2 V-weapons horaires prix Coupole Vimy "
    "near here what is open Sunday how much wheelchair hello bonjour merci oui non"
).split()
SENTENCES = [
    "Je voudrais un circuit",
    "Arras",
    "la Première Guerre mondiale",
    "une journée",
    "We are in Lille for half a day, WW2",
    "horaires de la Coupole dimanche ?",
    "what is near Amiens?",
]


@dataclass
class Case:
    transport: str  # rest | socketio
    kind: str
    sender: str
    body: bytes = b""  # REST: the raw body
    content_type: str | None = "application/json"
    message: Any = None  # socket.io: the event's message
    is_message: bool = True  # REST: a well-formed message, which must be answered


def _random_text(rng: random.Random, length: int) -> str:
    pools = [
        (0x20, 0x7E),  # ASCII
        (0x00, 0x1F),  # control characters
        (0x80, 0x9F),  # C1 controls
        (0xA0, 0x24F),  # Latin
        (0x400, 0x4FF),  # Cyrillic
        (0x590, 0x6FF),  # Hebrew, Arabic (right to left)
        (0x200B, 0x202E),  # zero widths, bidi controls
        (0x4E00, 0x4FFF),  # CJK
        (0xD800, 0xDFFF),  # lone surrogates
        (0x1F300, 0x1F6FF),  # emoji
        (0xFFF0, 0xFFFF),  # specials, non-characters
    ]
    chars = []
    for _ in range(length):
        low, high = rng.choice(pools)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def _json_bytes(data: Any) -> bytes:
    """JSON as a client would send it; lone surrogates escaped (``\\ud800``), as JavaScript does."""
    return json.dumps(data, ensure_ascii=True).encode("ascii")


def _payload(rng: random.Random) -> str:
    entities = {rng.choice(ENTITY_NAMES): rng.choice(ABSURD) for _ in range(rng.randint(1, 4))}
    text = json.dumps(entities, ensure_ascii=False)  # NaN and Infinity come out as JSON would not allow
    if rng.random() < 0.2:
        text = text[: rng.randint(1, len(text))]  # truncated JSON
    return f"/{rng.choice(INTENTS)}{text}"


def _message_text(rng: random.Random, kind: str) -> str:
    if kind == "unicode":
        return _random_text(rng, rng.randint(0, 300))
    if kind == "controls":
        sentence = rng.choice(SENTENCES)
        cut = rng.randint(0, len(sentence))
        return sentence[:cut] + _random_text(rng, rng.randint(1, 5)) + sentence[cut:]
    if kind == "huge":
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12_000, 16_000)))[:100_000]
    if kind == "payload":
        return _payload(rng)
    return rng.choice(SENTENCES) if rng.random() < 0.6 else " ".join(rng.sample(WORDS, rng.randint(1, 12)))


MALFORMED_BODIES = [
    b"",
    b"null",
    b"[]",
    b"123",
    b'"string"',
    b'{"sender": "x", "message": ',
    b'{"sender": "x", "message": NaN}',
    b'{"sender": "x", "message": "hi", "metadata": Infinity}',
    b"\xff\xfe\x00{",
    b"{" * 5000,
]


def _rest_case(rng: random.Random, sender: str) -> Case:
    roll = rng.random()
    if roll < 0.08:
        return Case("rest", "malformed_json", sender, rng.choice(MALFORMED_BODIES), is_message=False)
    if roll < 0.14:
        content_type = rng.choice(["text/plain", "application/x-www-form-urlencoded", None, "text/xml"])
        body = _json_bytes({"sender": sender, "message": rng.choice(SENTENCES)})
        return Case("rest", "content_type", sender, body, content_type, is_message=False)
    if roll < 0.22:
        field_name, value = rng.choice(
            [
                ("message", rng.choice([None, 5, [], {"text": "hi"}, True])),
                ("metadata", rng.choice(["x", 5, [1], True])),
                ("sender", rng.choice([5, [], {}, "", "s" * 300, "a\ud800"])),
            ]
        )
        body = {"sender": sender, "message": "Bonjour", field_name: value}
        return Case("rest", "wrong_type", sender, _json_bytes(body), is_message=False)
    kind = rng.choices(["unicode", "controls", "huge", "payload", "words"], [3, 2, 0.3, 4, 2])[0]
    body = {"sender": sender, "message": _message_text(rng, kind)}
    if rng.random() < 0.1:
        body["metadata"] = {"language": rng.choice(["fr", "en", "xx", 5, None])}
    return Case("rest", kind, sender, _json_bytes(body))


def generate(count: int, seed: int) -> list[Case]:
    """``count`` cases; a conversation (sender) gets several, so that payloads land on forms in progress."""
    rng = random.Random(seed)
    senders = [f"fuzz-{seed}-{index}" for index in range(max(1, count // 6))]
    cases = []
    for _ in range(count):
        sender = rng.choice(senders)
        if rng.random() < SOCKET_SHARE:
            kind = rng.choices(["unicode", "controls", "payload", "words", "not_text"], [3, 2, 4, 2, 1])[0]
            message = rng.choice([None, 5, [], {"a": 1}]) if kind == "not_text" else _message_text(rng, kind)
            cases.append(Case("socketio", kind, f"sio-{sender}", message=message))
        else:
            cases.append(_rest_case(rng, sender))
    return cases


# Checking slots -----------------------------------------------------------------------------------
def _finite_between(low: float, high: float):
    return lambda value: isinstance(value, int | float) and math.isfinite(value) and low <= value <= high


def _iso_date_near(value: Any) -> bool:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return abs((day - date.today()).days) <= 3 * 366


def _party(value: Any) -> bool:
    if not isinstance(value, dict) or value.get("kind") not in (
        "solo",
        "couple",
        "family",
        "school",
        "group",
    ):
        return False
    counts = [value.get(name) for name in ("size", "adults", "children")]
    return all(count is None or (isinstance(count, int) and 0 <= count <= 500) for count in counts)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and len(item) <= 200 for item in value)


SLOT_CHECKS = {
    "language": lambda value: value in LANGUAGES,
    "start_lat": _finite_between(-90, 90),
    "start_lon": _finite_between(-180, 180),
    "days": _finite_between(1, 30),
    "minutes_per_day": _finite_between(1, 24 * 60),
    "first_date": _iso_date_near,
    "transport_mode": lambda value: value in ("car", "bike", "foot", "transit"),
    "party": _party,
    "themes": _strings,
    "wanted_sites": _strings,
    "excluded_sites": _strings,
    "wheelchair": lambda value: isinstance(value, bool),
    "fallback_count": _finite_between(0, 100),
    "last_day": _iso_date_near,
    "start_place": lambda value: isinstance(value, str) and len(value) <= 200,
}


def slot_problems(slots: dict[str, Any]) -> list[str]:
    """The slots whose value the dialogue could not have set (None is always fine)."""
    return [
        f"{name}={slots[name]!r:.80}"
        for name, check in SLOT_CHECKS.items()
        if slots.get(name) is not None and not check(slots[name])
    ]


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


# Running ------------------------------------------------------------------------------------------
@dataclass
class Results:
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, outcome: str, failure: str | None = None) -> None:
        with self.lock:
            self.counts[outcome] += 1
            if failure:
                self.failures.append(failure)


def _replied(replies: Any) -> bool:
    return isinstance(replies, list) and any(
        isinstance(reply, dict) and (reply.get("text") or reply.get("custom") or reply.get("buttons"))
        for reply in replies
    )


def send_rest(rasa_url: str, case: Case, results: Results) -> None:
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    request = urllib.request.Request(f"{rasa_url}/webhooks/rest/webhook", case.body, headers, method="POST")
    if case.content_type is None:
        request.remove_header("Content-type")  # urllib adds a form type to bodies without one
    label = f"rest/{case.kind} {case.body[:80]!r}"
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    except OSError as error:
        results.record("rest_connection_error", f"{label}: {error}")
        return
    if status >= 500:
        results.record("rest_5xx", f"{label}: HTTP {status}")
    elif case.is_message and status == 200:
        ok = _replied(json.loads(payload or b"[]"))
        results.record("rest_answered" if ok else "rest_empty_reply", None if ok else f"{label}: empty reply")
    elif not case.is_message and status in (400, 413, 415):
        results.record(f"rest_refused_{status}")
    else:
        results.record("rest_unexpected_status", f"{label}: HTTP {status} {payload[:200]!r}")


class SocketVisitor:
    """One website visitor on socket.io (polling, as the page): emits a message, collects the reply."""

    def __init__(self, rasa_url: str):
        import socketio  # python-socketio, the client of Rasa's socket.io channel

        self.replies: list[dict] = []
        self.session: str | None = None
        self.last_reply = 0.0
        self.confirmed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self._received)
        self.client.on("session_confirm", lambda *_: self.confirmed.set())
        self.client.connect(rasa_url, socketio_path="/socket.io", transports=["polling"], wait_timeout=30)

    def _received(self, message: dict) -> None:
        self.replies.append(message)
        self.last_reply = time.monotonic()

    def join(self, session: str) -> None:
        if session != self.session:
            self.confirmed.clear()
            self.client.emit("session_request", {"session_id": session})
            if not self.confirmed.wait(30):
                raise TimeoutError("no session_confirm")
            self.session = session

    def say(self, message: Any) -> list[dict]:
        self.replies = []
        self.client.emit("user_uttered", {"message": message, "session_id": self.session})
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            if self.replies and time.monotonic() - self.last_reply > SETTLE_S:
                break
            time.sleep(0.05)
        return self.replies

    def close(self) -> None:
        self.client.disconnect()


def send_socket(visitor: SocketVisitor, case: Case, results: Results) -> None:
    label = f"socketio/{case.kind} {str(case.message)[:80]!r}"
    try:
        visitor.join(case.sender)
        replies = visitor.say(case.message)
    except Exception as error:  # a dropped connection is a finding, not a crash of the fuzzer
        results.record("socketio_error", f"{label}: {error!r}")
        return
    ok = _replied(replies)
    results.record(
        "socketio_answered" if ok else "socketio_empty_reply", None if ok else f"{label}: no reply"
    )


def check_trackers(rasa_url: str, senders: set[str], results: Results) -> None:
    token = auth_token()
    for sender in sorted(senders):
        url = f"{rasa_url}/conversations/{urllib.request.quote(sender)}/tracker?token={token}"
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
                tracker = _strict_json(response.read().decode("utf-8"))
        except (OSError, ValueError) as error:
            results.record("tracker_unreadable", f"tracker {sender}: {error}")
            continue
        problems = slot_problems(tracker.get("slots") or {})
        results.record(
            "tracker_bad_slots" if problems else "tracker_ok", f"{sender}: {problems}" if problems else None
        )


def run(stack: Stack, cases: list[Case], workers: int = 4) -> Results:
    results = Results()
    rest = [case for case in cases if case.transport == "rest"]
    sockets = [case for case in cases if case.transport == "socketio"]
    by_sender: dict[str, list[Case]] = {}
    for case in sockets:
        by_sender.setdefault(case.sender, []).append(case)

    def socket_conversations(groups: list[list[Case]]) -> None:
        visitor = SocketVisitor(stack.rasa_url)
        try:
            for group in groups:
                for case in group:
                    send_socket(visitor, case, results)
        finally:
            visitor.close()

    def rest_conversation(group: list[Case]) -> None:
        for case in group:  # one sender's messages in order, as a visitor sends them
            send_rest(stack.rasa_url, case, results)

    rest_by_sender: dict[str, list[Case]] = {}
    for case in rest:
        rest_by_sender.setdefault(case.sender, []).append(case)
    socket_groups = list(by_sender.values())
    halves = [socket_groups[0::2], socket_groups[1::2]]  # two website visitors at a time
    with ThreadPoolExecutor(max_workers=workers + len(halves)) as pool:
        socket_jobs = [pool.submit(socket_conversations, half) for half in halves if half]
        list(pool.map(rest_conversation, rest_by_sender.values()))
        for job in socket_jobs:
            job.result()
    stack.raise_if_dead()
    check_trackers(stack.rasa_url, {case.sender for case in cases}, results)
    stack.raise_if_dead()
    return results


def report(results: Results, cases: list[Case], seconds: float) -> str:
    kinds = Counter(f"{case.transport}/{case.kind}" for case in cases)
    lines = [f"fuzz: {len(cases)} generated messages in {seconds:.0f} s"]
    lines += [f"  sent {kind}: {count}" for kind, count in sorted(kinds.items())]
    lines += [f"  {outcome}: {count}" for outcome, count in sorted(results.counts.items())]
    lines.append(f"  failures: {len(results.failures)}")
    lines += [f"    {failure}" for failure in results.failures[:30]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    cases = generate(args.count, args.seed)
    logs = Path("test-artifacts") / "fuzz-logs"
    started = time.monotonic()
    with Stack(
        Ports.free(), log_dir=logs, tracker_db=logs / f"conversations-{uuid.uuid4().hex[:8]}.db"
    ) as stack:
        results = run(stack, cases, args.workers)
    print(report(results, cases, time.monotonic() - started), flush=True)
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())
