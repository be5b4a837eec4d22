"""Train the Rasa model only when something it is built from has changed.

Rasa's own fingerprint covers config, domain and training data, but our custom NLU components read
the knowledge base and their own code too, so the fingerprint here covers all of them. It is stored
beside the model; a timestamp would retrain after every fresh clone or checkout.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MODEL_NAME = "memhisto"
MODEL = MODELS / f"{MODEL_NAME}.tar.gz"
FINGERPRINT = MODELS / f"{MODEL_NAME}.fingerprint"
INPUTS = [
    "config.yml",
    "domain.yml",
    "data",
    "bot/nlu",
    "bot/expressions.py",
    "bot/language.py",
    "bot/wordlists",
    "knowledge",
    "requirements.lock",
]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.exists() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def main() -> None:
    wanted = fingerprint()
    if MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text() == wanted:
        print(f"train: {MODEL.relative_to(ROOT)} is up to date")
        return
    FINGERPRINT.unlink(missing_ok=True)
    for old in MODELS.glob("*.tar.gz"):
        old.unlink()
    command = [
        str(ROOT / ".venv" / "bin" / "rasa"),
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--out",
        str(MODELS),
        "--fixed-model-name",
        MODEL_NAME,
    ]
    print("+", " ".join(command), flush=True)
    # Rasa's cache of trained components knows the config and data, not our components' code nor the
    # knowledge base: a component cached before a change there would come back stale. A fresh cache.
    with tempfile.TemporaryDirectory(prefix="rasa-cache-") as cache:
        if subprocess.call(command, cwd=ROOT, env={**os.environ, "RASA_CACHE_DIRECTORY": cache}):
            sys.exit("train: rasa train failed")
    FINGERPRINT.write_text(wanted)


if __name__ == "__main__":
    main()
