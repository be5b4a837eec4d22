"""`make eval-conversations`: replay the written conversations against a live stack and print the
pass rates per language, persona and class, and the failing conversations of the development part.

    python -m bot.devtools.eval_conversations [--url http://localhost:5005] [--only ID-PREFIX]

Without ``--url`` it starts the stack (bot.ops.serve.Stack) on free ports. Conversations under
``tests/conversations/heldout/`` are counted but never shown: they are kept out of development.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.devtools.conversations import Catalogue, check_turn, observe
from bot.expressions import fold
from bot.knowledge import open_kb
from bot.texts import LANGUAGES

SUITE = PROJECT_ROOT / "tests" / "conversations"
HELD_OUT = "heldout"
RESULTS = PROJECT_ROOT / "results" / "conversations"


@dataclass
class Result:
    conversation: dict
    part: str  # "dev" or "heldout"
    failures: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (turn, said, failures)
    transcript: list[tuple[str, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_suite(root: Path = SUITE) -> list[tuple[str, dict]]:
    found = []
    for path in sorted(root.glob("*/*.yaml")):
        part = HELD_OUT if path.parent.name == HELD_OUT else "dev"
        found += [(part, conversation) for conversation in yaml.safe_load(path.read_text()) or []]
    return found


def site_catalogue() -> Catalogue:
    kb = open_kb()
    names, themes = {}, {}
    for site in kb.sites():
        names[site.id] = sorted({fold(name) for name in site.name.values() if len(name) > 5})
        themes[site.id] = set(site.themes)
    return Catalogue(names, themes)


class Client:
    def __init__(self, rasa_url: str, token: str):
        self.rasa_url, self.token = rasa_url.rstrip("/"), token

    def _call(self, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.rasa_url + path, data, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def say(self, sender: str, message: str, lang: str | None = None) -> list[dict]:
        """``message`` with the hint the visitor's channel gives: the website its page's language,
        Telegram and Messenger the app's, WhatsApp the number's country (``platform_language``)."""
        metadata = {"platform_language": lang} if lang else {}
        body = {"sender": sender, "message": message, "metadata": metadata}
        return self._call("/webhooks/rest/webhook", body) or []

    def tracker(self, sender: str) -> dict:
        query = urllib.parse.urlencode({"token": self.token})
        return self._call(f"/conversations/{urllib.parse.quote(sender)}/tracker?{query}") or {}


def turn_events(tracker: dict) -> list[dict]:
    events = tracker.get("events") or []
    last_user = max((i for i, event in enumerate(events) if event.get("event") == "user"), default=-1)
    return events[last_user + 1 :]


def run_conversation(client: Client, part: str, conversation: dict, sites: Catalogue) -> Result:
    result, sender, given = Result(conversation, part), f"eval-{uuid.uuid4().hex[:12]}", set()
    today = date.today()
    for number, turn in enumerate(conversation.get("turns") or [], start=1):
        said = str(turn.get("say", ""))
        try:
            replies = client.say(sender, said, conversation["lang"])
            tracker = client.tracker(sender)
        except OSError as error:
            result.failures.append((number, said, [f"HTTP failure: {error}"]))
            break
        observed = observe(replies, turn_events(tracker), tracker.get("slots") or {})
        result.transcript.append((said, observed.text))
        failures = check_turn(turn.get("expect") or {}, observed, conversation["lang"], given, sites, today)
        if failures:
            result.failures.append((number, said, failures))
        given |= set(turn.get("gives") or [])
    return result


def rate(results: list[Result]) -> str:
    passed = sum(result.passed for result in results)
    return f"{passed}/{len(results)} ({100 * passed / len(results):.0f} %)" if results else "-"


def table(results: list[Result]) -> str:
    lines = []
    for part in ("dev", HELD_OUT, "all"):
        chosen = [r for r in results if part == "all" or r.part == part]
        by_lang = {lang: [r for r in chosen if r.conversation["lang"] == lang] for lang in LANGUAGES}
        lines.append(f"{part:8} all {rate(chosen):16} fr {rate(by_lang['fr']):16} en {rate(by_lang['en'])}")
    for label, key in (("persona", "persona"), ("class", "classes")):
        groups = defaultdict(list)
        for result in results:
            values = result.conversation.get(key) or ["-"]
            for value in [values] if isinstance(values, str) else values:
                groups[str(value)].append(result)
        lines.append(f"\nper {label} (dev + held-out):")
        for value, members in sorted(groups.items()):
            dev = [r for r in members if r.part == "dev"]
            held = [r for r in members if r.part == HELD_OUT]
            lines.append(f"  {value:16} all {rate(members):16} dev {rate(dev):16} held-out {rate(held)}")
    return "\n".join(lines)


def failures_report(results: list[Result]) -> str:
    lines = []
    for result in results:
        if result.part == HELD_OUT or result.passed:
            continue
        lines.append(
            f"\n## {result.conversation['id']} ({', '.join(result.conversation.get('classes') or [])})"
        )
        for said, answer in result.transcript:
            lines.append(f"> {said}\n{answer}")
        for number, said, failures in result.failures:
            lines.append(f"  turn {number} {said[:70]!r}: " + "; ".join(failures))
    return "\n".join(lines)


def evaluate(client: Client, conversations: list[tuple[str, dict]], workers: int = 4) -> list[Result]:
    sites = site_catalogue()
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda each: run_conversation(client, each[0], each[1], sites), conversations))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.eval_conversations")
    parser.add_argument("--url", help="a running Rasa (default: start the stack on free ports)")
    parser.add_argument("--only", default="", help="only conversations whose id starts with this")
    parser.add_argument("--suite", type=Path, default=SUITE)
    args = parser.parse_args(argv)
    conversations = [(part, c) for part, c in load_suite(args.suite) if c["id"].startswith(args.only)]
    if args.url:
        from bot.ops.serve import auth_token

        results = evaluate(Client(args.url, auth_token()), conversations)
    else:
        from bot.ops.serve import Ports, Stack, auth_token

        with Stack(Ports.free(), log_dir=PROJECT_ROOT / "test-artifacts" / "eval-logs") as stack:
            results = evaluate(Client(stack.rasa_url, auth_token()), conversations)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = failures_report(results)
    # One file per selection, so that two runs side by side (--only A, --only B) keep their own.
    failures = RESULTS / (f"failures-dev-{args.only}.md" if args.only else "failures-dev.md")
    failures.write_text(report)
    print("\n# Conversations that end with what the visitor needed\n" + table(results))
    print(f"\nfailing development conversations, with transcripts: {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
