"""Per-language NLU report on the held-out test sets: ``python -m bot.devtools.nlu_eval``.

For French and English separately: intent macro-F1 and the worst intents, entity F1 per entity type
(each type scored on the extractor that owns it), and the accuracy of ``bot.language.detect_language``.
``--compare`` also trains one model per language on its own data and scores it on its own test set.

Rasa is run as its CLI (``rasa train nlu``, ``rasa test nlu``) so that this is exactly what a person
would type; the reports Rasa writes (``intent_report.json``, ``<Extractor>_report.json``) are read back.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.language import detect_language, requested_language
from bot.nlu.rules import RULES
from bot.texts import LANGUAGES

RASA = str(Path(sys.executable).parent / "rasa")
TEST_SETS = {lang: PROJECT_ROOT / "tests" / "nlu" / f"{lang}.yml" for lang in LANGUAGES}
TRAINING = PROJECT_ROOT / "data" / "nlu"
EXTRACTOR_OF = {entity: "RuleEntityExtractor" for entity in RULES} | {
    entity: "GazetteerEntityExtractor" for entity in ("site", "theme", "town")
}
WORST = 5


@dataclass
class Report:
    lang: str
    macro_f1: float
    accuracy: float
    worst: list[tuple[str, float]]
    entities: dict[str, tuple[float, int]] = field(default_factory=dict)  # type -> (f1, support)


def examples(path: Path) -> list[str]:
    """The plain text of every example of a Rasa YAML NLU file (entity markup removed)."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [message.get("text") for message in load_data(str(path)).intent_examples]


def language_accuracy() -> dict[str, dict[str, float]]:
    """For each test set: how often the detector keeps the right language (``previous`` = the right
    one, i.e. no false switch) and finds it (``previous`` = the other one: neutral messages fail here
    by design, they keep the conversation's language). A switch request expects the language asked for."""
    scores = {}
    for lang, path in TEST_SETS.items():
        other = next(other for other in LANGUAGES if other != lang)
        texts = examples(path)
        expected = [requested_language(text) or lang for text in texts]
        kept = sum(
            detect_language(text, previous=lang) == want for text, want in zip(texts, expected, strict=True)
        )
        found = sum(
            detect_language(text, previous=other) == want for text, want in zip(texts, expected, strict=True)
        )
        scores[lang] = {"keeps": kept / len(texts), "finds": found / len(texts), "examples": len(texts)}
    return scores


def train(nlu_data: Path, out: Path, name: str) -> tuple[Path, float]:
    """A fresh training: Rasa's component cache does not know our components' code (see
    scripts/train_if_stale.py), so it starts empty, in ``out``."""
    started = time.monotonic()
    command = [RASA, "train", "nlu", "--config", "config.yml", "--nlu", str(nlu_data), "--out", str(out)]
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(out / "cache")}
    subprocess.run(
        [*command, "--fixed-model-name", name], cwd=PROJECT_ROOT, check=True, capture_output=True, env=env
    )
    return out / f"{name}.tar.gz", time.monotonic() - started


def evaluate(model: Path, lang: str, out: Path) -> Report:
    command = [RASA, "test", "nlu", "--model", str(model), "--nlu", str(TEST_SETS[lang]), "--out", str(out)]
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True)
    intents = json.loads((out / "intent_report.json").read_text())
    per_intent = {
        name: values["f1-score"]
        for name, values in intents.items()
        if isinstance(values, dict)
        and "f1-score" in values
        and name not in ("macro avg", "weighted avg", "micro avg")
    }
    report = Report(
        lang=lang,
        macro_f1=intents["macro avg"]["f1-score"],
        accuracy=intents.get("accuracy", 0.0),
        worst=sorted(per_intent.items(), key=lambda item: item[1])[:WORST],
    )
    for entity, extractor in EXTRACTOR_OF.items():
        path = out / f"{extractor}_report.json"
        scores = json.loads(path.read_text()).get(entity) if path.exists() else None
        if scores and scores.get("support"):
            report.entities[entity] = (scores["f1-score"], scores["support"])
    return report


def print_report(title: str, report: Report) -> None:
    print(f"{title} [{report.lang}] intent macro-F1 {report.macro_f1:.3f}  accuracy {report.accuracy:.3f}")
    print("   worst intents: " + ", ".join(f"{name} {f1:.2f}" for name, f1 in report.worst))
    if report.entities:
        print(
            "   entity F1: "
            + ", ".join(f"{n} {f1:.2f} ({s})" for n, (f1, s) in sorted(report.entities.items()))
        )


def model_path(given: str | None, scratch: Path) -> Path:
    """The model to evaluate: ``given`` (a file, or a directory holding one), else a fresh training."""
    if given:
        path = Path(given)
        found = sorted(path.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime) if path.is_dir() else [path]
        if found and found[-1].exists():
            return found[-1]
    model, seconds = train(TRAINING, scratch, "bilingual")
    print(f"trained the bilingual model in {seconds:.0f} s")
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.devtools.nlu_eval", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--model", help="model file or directory (default: train one in a scratch directory)")
    parser.add_argument("--out", default=None, help="where Rasa's reports go (default: a scratch directory)")
    parser.add_argument("--compare", action="store_true", help="also train and score one model per language")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="nlu-eval-") as scratch_dir:
        scratch = Path(scratch_dir)
        out = Path(args.out) if args.out else scratch / "results"
        model = model_path(args.model, scratch / "models")
        reports = {lang: evaluate(model, lang, out / lang) for lang in LANGUAGES}
        separate = {}
        if args.compare:
            for lang in LANGUAGES:
                alone, seconds = train(TRAINING / lang, scratch / "models", f"only-{lang}")
                print(f"trained the {lang}-only model in {seconds:.0f} s")
                separate[lang] = evaluate(alone, lang, out / f"only-{lang}")
        detector = language_accuracy()

    if args.json:
        print(json.dumps({
            "bilingual": {lang: vars(report) for lang, report in reports.items()},
            "per_language": {lang: vars(report) for lang, report in separate.items()},
            "language_detection": detector,
        }, indent=2, default=list))  # fmt: skip
        return 0
    for lang in LANGUAGES:
        print_report("bilingual model    ", reports[lang])
        if lang in separate:
            print_report(f"{lang}-only model      ", separate[lang])
    for lang, scores in detector.items():
        print(
            f"language detector [{lang}] {scores['examples']} test messages: keeps {scores['keeps']:.1%} "
            f"(no false switch), finds {scores['finds']:.1%} (from the other language; neutral messages stay)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
