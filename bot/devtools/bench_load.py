"""Load benchmark: ``python -m bot.devtools.bench_load`` (``make bench-load``): simulated visitors with Locust.

For each profile (``single``: ``make run``'s one Rasa on SQLite; ``cluster``: ``make run-cluster``'s
HAProxy, PostgreSQL, Redis and ``--replicas`` Rasa and action servers), started on free ports with
the trained model, Locust (headless, from build/tools-venv: ``make tools``) runs one stage per count
of ``--users``: that many visitors holding realistic five-turn conversations (``bot/devtools/bench_locust.py``)
with ``--think`` seconds of think time, for ``--seconds`` once all have arrived (the visitors of a
stage go on with their conversations in the next, as more arrive). Printed per stage:
messages per second, errors (HTTP errors, timeouts after 30 s, empty replies, "I cannot answer right
now"), p50/p95/p99 overall and per intent; then the knee, the fewest visitors at which p95 passes
500 ms, and the cluster's figures as ratios of the single process's, measured in the same run.

All the visitors come from this machine's address: the cluster's per-address rate limit
(``RATE_LIMIT_IP``) is lifted for the run, as thousands of visitors would come from as many addresses.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.devtools.bench_dialogue import TOWNS, percentile
from bot.knowledge import open_kb
from bot.ops.serve import BUILD, Ports, Stack
from bot.texts import t

LOCUST = BUILD / "tools-venv" / "bin" / "locust"
LOCUSTFILE = Path(__file__).with_name("bench_locust.py")
LOGS = PROJECT_ROOT / "test-artifacts" / "bench-load"  # servers' logs, Locust's CSV files and summaries
KNEE_MS = 500
START = "(start)"  # the row bench_locust.py writes when Locust starts its stages
RAMP_S = 5  # visitors arrive over this long; figures are counted from when all are there

# One conversation per visitor: (intent, French text, English text); {…} filled from the knowledge base.
SCRIPT = [
    ("circuit_request", "Je voudrais un circuit depuis {town} pour une journée", "I'd like a one-day trip from {town}"),
    ("circuit_themes", "{theme}", "{theme}"),
    ("refinement", "plutôt depuis {other_town}", "and from {other_town} instead"),
    ("question", "Quels sont les horaires de {site} ?", "What are the opening hours of {site}?"),
    ("nearby", '/share_location{{"latitude": {lat}, "longitude": {lon}}}', '/share_location{{"latitude": {lat}, "longitude": {lon}}}'),
]  # fmt: skip


def conversations(count: int, seed: int) -> list[dict]:
    kb = open_kb()
    sites, themes = kb.sites(), kb.themes()
    rng = random.Random(seed)
    scripted = []
    for index in range(count):
        lang = ("fr", "en")[index % 2]
        site = rng.choice(sites)
        town, other_town = rng.sample(TOWNS, 2)
        values = {
            "town": town,
            "other_town": other_town,
            "theme": rng.choice(themes).label_in(lang),
            "site": site.name_in(lang),
            "lat": f"{site.lat + rng.uniform(-0.02, 0.02):.4f}",
            "lon": f"{site.lon + rng.uniform(-0.02, 0.02):.4f}",
        }
        turns = [
            {"intent": intent, "text": (fr if lang == "fr" else en).format(**values)}
            for intent, fr, en in SCRIPT
        ]
        scripted.append({"lang": lang, "turns": turns})
    return scripted


@dataclass
class Figures:
    requests: int
    errors: int
    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, times_ms: list[float], errors: int) -> Figures:
        if not times_ms:
            return cls(0, errors, 0.0, 0.0, 0.0)
        return cls(len(times_ms), errors, *(percentile(times_ms, share) for share in (0.5, 0.95, 0.99)))


@dataclass
class Stage:
    users: int
    messages_per_s: float
    overall: Figures
    intents: dict[str, Figures]
    error_kinds: dict[str, int] = field(default_factory=dict)


def schedule(users: list[int], seconds: int) -> list[tuple[int, float, float]]:
    """Locust's stages (``BENCH_STAGES``): visitors, until when (s), arrivals per second; each stage
    gives RAMP_S to its new visitors, then runs ``seconds``, the part counted."""
    stages, until, previous = [], 0.0, 0
    for count in users:
        until += RAMP_S + seconds
        stages.append((count, until, max(1.0, (count - previous) / RAMP_S)))
        previous = count
    return stages


def stage_figures(users: int, requests: list[tuple[str, float, str]], seconds: float) -> Stage:
    """One stage's figures from its requests (intent, milliseconds, error or empty)."""

    def figures(chosen: list[tuple[str, float, str]]) -> Figures:
        return Figures.of([ms for _, ms, _ in chosen], sum(1 for _, _, error in chosen if error))

    error_kinds: dict[str, int] = {}
    for _, _, error in requests:
        if error:
            error_kinds[error] = error_kinds.get(error, 0) + 1
    intents = {name: figures([r for r in requests if r[0] == name]) for name in {r[0] for r in requests}}
    return Stage(users, len(requests) / seconds, figures(requests), intents, error_kinds)


def read_stages(record: Path, plan: list[tuple[int, float, float]], seconds: int) -> list[Stage]:
    """Each stage's figures from the requests that ended in its counted part (after its arrivals)."""
    with record.open(newline="") as lines:
        rows = list(csv.reader(lines))
    started = next(float(at) for at, name, _, _ in rows if name == START)
    requests = [
        (float(at) - started, name, float(ms), error) for at, name, ms, error in rows if name != START
    ]
    stages, begin = [], 0.0
    for users, until, _ in plan:
        counted = [(name, ms, error) for at, name, ms, error in requests if begin + RAMP_S <= at < until]
        stages.append(stage_figures(users, counted, seconds))
        begin = until
    return stages


def run_stages(host: str, users: list[int], seconds: int, env: dict[str, str], folder: Path) -> list[Stage]:
    """One Locust run through every stage: visitors keep their conversations as more arrive."""
    folder.mkdir(parents=True, exist_ok=True)
    plan = schedule(users, seconds)
    record = folder / "requests.csv"
    env = {**env, "BENCH_STAGES": json.dumps(plan), "BENCH_RECORD": str(record)}
    command = [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--only-summary", "--host", host]
    # Locust exits with 1 when a request failed: the errors are figures here, not a crash.
    with (folder / "locust.log").open("w") as log:  # its own summary
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    return read_stages(record, plan, seconds)


def knee(stages: list[Stage]) -> int | None:
    """The fewest visitors at which p95 passes KNEE_MS (None: not within the stages run)."""
    return next((stage.users for stage in stages if stage.overall.p95 > KNEE_MS), None)


def report(profile: str, stages: list[Stage]) -> str:
    lines = [
        f"{'users':>6}{'msg/s':>8}{'requests':>10}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}",
        *(
            f"{s.users:>6}{s.messages_per_s:>8.1f}{s.overall.requests:>10}{s.overall.errors:>8}"
            f"{s.overall.p50:>8.0f}{s.overall.p95:>8.0f}{s.overall.p99:>8.0f}"
            for s in stages
        ),
        "per intent (p50 / p95 / p99 ms, errors):",
    ]
    for stage in stages:
        per_intent = ", ".join(
            f"{name} {f.p50:.0f}/{f.p95:.0f}/{f.p99:.0f}" + (f" ({f.errors} errors)" if f.errors else "")
            for name, f in sorted(stage.intents.items())
        )
        lines.append(f"  {stage.users:>4} users: {per_intent}")
        if stage.error_kinds:
            lines.append(f"             errors: {stage.error_kinds}")
    found = knee(stages)
    lines.append(
        f"knee (p95 > {KNEE_MS} ms): "
        + (f"{found} users" if found else f"not reached up to {stages[-1].users} users")
    )
    return f"== {profile}\n" + "\n".join(lines)


def compare(single: list[Stage], cluster: list[Stage]) -> str:
    lines = ["== cluster / single, same users:"]
    for one, many in zip(single, cluster, strict=True):
        throughput = many.messages_per_s / one.messages_per_s if one.messages_per_s else float("nan")
        p95 = many.overall.p95 / one.overall.p95 if one.overall.p95 else float("nan")
        lines.append(f"  {one.users:>4} users: msg/s x{throughput:.2f}, p95 x{p95:.2f}")
    return "\n".join(lines)


def bench_profile(profile: str, args: argparse.Namespace, env: dict[str, str], folder: Path) -> list[Stage]:
    LOGS.mkdir(parents=True, exist_ok=True)
    if profile == "single":
        stack = Stack(Ports.free(), log_dir=LOGS / "single", tracker_db=folder / "conversations.db")
        root = None
    else:
        from bot.ops.cluster import Cluster, ClusterPorts

        os.environ["RATE_LIMIT_IP"] = "1000000"  # read when HAProxy's configuration is written
        root = BUILD / f"bench-cluster-{uuid.uuid4().hex[:8]}"  # PostgreSQL's user must reach it
        stack = Cluster(ClusterPorts.free(args.replicas), log_dir=LOGS / "cluster", root=root)
    print(f"{profile}: starting…", file=sys.stderr, flush=True)
    stack.start(timeout_s=300)
    try:
        print(f"{profile}: {args.users} visitors, {args.seconds} s each…", file=sys.stderr, flush=True)
        return run_stages(stack.rasa_url, args.users, args.seconds, env, LOGS / profile)
    finally:
        stack.stop()
        if root:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.devtools.bench_load", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--profiles", default="single,cluster", help="comma-separated: single, cluster")
    parser.add_argument("--users", default="25,50,100,200", help="visitors of each stage, comma-separated")
    parser.add_argument(
        "--seconds", type=int, default=60, help="length of each stage once all visitors are there"
    )
    parser.add_argument("--think", type=float, default=10.0, help="think time before each message, seconds")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    args.users = sorted(int(users) for users in args.users.split(","))
    profiles = [profile.strip() for profile in args.profiles.split(",")]
    if not LOCUST.exists():
        raise SystemExit(f"bench-load: no Locust at {LOCUST}: run `make tools`")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        folder = Path(scratch)
        (folder / "conversations.json").write_text(json.dumps(conversations(200, args.seed)))
        env = {
            **os.environ,
            "BENCH_CONVERSATIONS": str(folder / "conversations.json"),
            "BENCH_THINK_S": str(args.think),
            "BENCH_ERROR_REPLIES": json.dumps(
                [t(lang, "dialogue.chat.unavailable") for lang in ("fr", "en")]
            ),
        }
        results = {profile: bench_profile(profile, args, env, folder) for profile in profiles}
    print(
        f"Load benchmark: {os.cpu_count()} cores (load average now {os.getloadavg()[0]:.1f}), think time "
        f"{args.think:g} s, {args.seconds} s per stage, 5-turn conversations over REST (Locust)"
    )
    for profile, stages in results.items():
        print(report(profile if profile == "single" else f"cluster, {args.replicas} replicas", stages))
    if "single" in results and "cluster" in results:
        print(compare(results["single"], results["cluster"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
