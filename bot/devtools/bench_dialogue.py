"""Dialogue benchmark: ``python -m bot.devtools.bench_dialogue [--url URL] [--conversations 200] [--train]``.

Plays scripted conversations in French and English over the REST channel and prints the turn
latency per predicted intent (p50, p95, max) and overall. Without ``--url`` it starts its own stack
(action server, Rasa, website) on free ports with the trained model. ``--train`` also times a full
``rasa train`` into a scratch folder. The intent of each turn is read back from Rasa's tracker (HTTP
API with the token), so the table shows what the model predicted, not what the script meant.

Baseline, measured in the same run on the same server: the same messages sent to Rasa's
``/model/parse`` (the NLU alone, no dialogue policy, no action server). The ratio says what the
whole turn costs beyond understanding the message, whatever the machine's speed or load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.knowledge import open_kb
from bot.ops.serve import Ports, Stack, auth_token
from bot.texts import LANGUAGES

TOWNS = [
    "Arras",
    "Lille",
    "Amiens",
    "Albert",
    "Péronne",
    "Calais",
    "Dunkerque",
    "Saint-Omer",
    "Lens",
    "Compiègne",
]
SCRIPTS = {
    "fr": [
        ["Bonjour", "Je voudrais un circuit", "{town}", "{theme}", "une journée"],
        ["Je suis à {town} avec 2 jours, {theme} m'intéresse"],
        ["Quels sont les horaires de {site} ?", "et le prix ?"],
        ["C'est accessible en fauteuil roulant {site} ?"],
        ['/share_location{{"latitude": {lat}, "longitude": {lon}}}', "Qu'est-ce qu'il y a près d'ici ?"],
        ["Quelles commémorations en novembre ?"],
        ["Je suis enseignant, je cherche une visite pour une classe"],
        ["asdfgh qwerty", "🤔", "aide"],
    ],
    "en": [
        ["Hello", "Can you plan a trip for me?", "{town}", "{theme}", "one day"],
        ["We are in {town} for half a day and we love {theme}"],
        ["What are the opening hours of {site}?", "how much is it?"],
        ["Is {site} wheelchair accessible?"],
        ['/share_location{{"latitude": {lat}, "longitude": {lon}}}', "What is near me?"],
        ["Any commemorations in November?"],
        ["I organise a school trip, what do you offer for groups?"],
        ["zxcvb poiuy", "🙂", "help"],
    ],
}


def post(url: str, payload: dict) -> list[dict]:
    request = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"[]")


def predicted_intents(base_url: str, sender: str, token: str) -> list[str]:
    with urllib.request.urlopen(
        f"{base_url}/conversations/{sender}/tracker?token={token}", timeout=60
    ) as response:
        events = json.loads(response.read())["events"]
    return [
        (e.get("parse_data") or {}).get("intent", {}).get("name") or "?"
        for e in events
        if e["event"] == "user"
    ]


def conversations(count: int, seed: int) -> list[tuple[str, list[str]]]:
    kb = open_kb()
    sites = kb.sites()
    themes = kb.themes()
    rng = random.Random(seed)
    scripted = []
    for index in range(count):
        lang = LANGUAGES[index % len(LANGUAGES)]
        site = rng.choice(sites)
        values = {
            "town": rng.choice(TOWNS),
            "theme": rng.choice(themes).label_in(lang),
            "site": site.name_in(lang),
            "lat": f"{site.lat:.4f}",
            "lon": f"{site.lon:.4f}",
        }
        script = rng.choice(SCRIPTS[lang])
        scripted.append((lang, [turn.format(**values) for turn in script]))
    return scripted


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_ms(url: str, payload: dict) -> float:
    started = time.perf_counter()
    post(url, payload)
    return (time.perf_counter() - started) * 1000


def run(base_url: str, count: int, seed: int) -> tuple[dict[str, list[float]], list[float]]:
    """Turn latencies by predicted intent, and the baseline: each message parsed by the NLU alone."""
    token = auth_token()
    latencies: dict[str, list[float]] = defaultdict(list)
    baseline = []
    for _lang, turns in conversations(count, seed):
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        timings = [
            timed_ms(f"{base_url}/webhooks/rest/webhook", {"sender": sender, "message": turn})
            for turn in turns
        ]
        for intent, ms in zip(predicted_intents(base_url, sender, token), timings, strict=True):
            latencies[intent].append(ms)
        baseline += [timed_ms(f"{base_url}/model/parse?token={token}", {"text": turn}) for turn in turns]
    return latencies, baseline


def print_table(latencies: dict[str, list[float]], baseline: list[float]) -> None:
    every = [ms for values in latencies.values() for ms in values]
    print(f"{'intent':<24}{'turns':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for intent in sorted(latencies, key=lambda name: -len(latencies[name])):
        values = latencies[intent]
        print(
            f"{intent:<24}{len(values):>7}{statistics.median(values):>9.0f}"
            f"{percentile(values, 0.95):>9.0f}{max(values):>9.0f}"
        )
    for name, values in [("ALL", every), ("baseline: NLU parse", baseline)]:
        print(
            f"{name:<24}{len(values):>7}{statistics.median(values):>9.0f}"
            f"{percentile(values, 0.95):>9.0f}{max(values):>9.0f}"
        )
    print(
        f"whole turn / NLU parse alone: p50 x{statistics.median(every) / statistics.median(baseline):.1f}, "
        f"p95 x{percentile(every, 0.95) / percentile(baseline, 0.95):.1f}"
    )


def time_training() -> float:
    """A training from scratch: an empty cache, or Rasa would reuse the components it trained before."""
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "rasa"), "train", "--out", scratch, "--quiet"],
            cwd=PROJECT_ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "RASA_CACHE_DIRECTORY": str(Path(scratch) / "cache")},
        )
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.devtools.bench_dialogue", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--url", help="a running Rasa, e.g. http://localhost:5005 (default: start one)")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--train", action="store_true", help="also time a full `rasa train`")
    args = parser.parse_args(argv)
    if args.train:
        print(f"full training: {time_training():.0f} s")
    if args.url:
        latencies, baseline = run(args.url.rstrip("/"), args.conversations, args.seed)
    else:
        with Stack(Ports.free(), log_dir=PROJECT_ROOT / "test-artifacts" / "bench-logs") as stack:
            latencies, baseline = run(stack.rasa_url, args.conversations, args.seed)
    print_table(latencies, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
