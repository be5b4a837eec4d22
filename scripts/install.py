"""`make install`: create .venv and install everything from the committed locks, idempotently
(`--tools`, run by `make tools`: build/tools-venv from requirements-tools.lock).

Rasa 3.6.21 declares Python < 3.11 but runs on 3.11 (TensorFlow 2.12): the lock was resolved as for
Python 3.10 (see scripts/lock.py), so it is installed with --no-deps --ignore-requires-python.
A stamp holding the hash of the locks makes a second run with unchanged locks finish in seconds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".install-stamp"
LOCKS = [ROOT / "requirements.lock", ROOT / "pyproject.toml", ROOT / "web" / "package-lock.json"]
PIP_NOISE = "is ignored: it is neither a file nor a directory"


TOOLS_VENV = ROOT / "build" / "tools-venv"
TOOLS_LOCK = ROOT / "requirements-tools.lock"


def fingerprint(locks: list[Path] = LOCKS) -> str:
    digest = hashlib.sha256()
    for lock in locks:
        if lock.exists():
            digest.update(lock.name.encode() + lock.read_bytes())
    return digest.hexdigest()


def run(command: list[str], cwd: Path = ROOT) -> None:
    print("+", " ".join(command), flush=True)
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if PIP_NOISE not in line:
            print(line, end="")
    if process.wait():
        sys.exit(f"install: command failed: {' '.join(command)}")


def install_browser() -> None:
    """Debian's Chromium drives the browser tests (never a downloaded browser)."""
    if shutil.which("chromium"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("install: Debian's chromium is missing; browser tests need `apt-get install chromium`.")
        return
    run(["apt-get", "update", "-q"])
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "fonts-dejavu-core"])


def install_engines() -> None:
    """Debian's PostgreSQL, Redis and HAProxy for the cluster profile (bot/ops/cluster.py) and its tests."""
    missing = [
        package
        for package, program in (
            ("postgresql", "/usr/lib/postgresql/15/bin/postgres"),
            ("redis-server", "redis-server"),
            ("haproxy", "haproxy"),
        )
        if not (Path(program).exists() if program.startswith("/") else shutil.which(program))
    ]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"install: the cluster profile needs Debian's {', '.join(missing)} (apt-get install).")
        return
    run(["apt-get", "update", "-q"])
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing])


def install_tools() -> None:
    """build/tools-venv from requirements-tools.lock: Locust (make bench-load) and the deployment files'
    validators, whose dependencies clash with Rasa's lock (see requirements-tools.in)."""
    stamp, wanted = TOOLS_VENV / ".install-stamp", fingerprint([TOOLS_LOCK])
    if stamp.exists() and stamp.read_text() == wanted:
        print("install: build/tools-venv is up to date with its lock")
        return
    run([sys.executable, "-m", "venv", "--clear", str(TOOLS_VENV)])
    pip = [str(TOOLS_VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "-q", "--no-deps", "-r", str(TOOLS_LOCK)])
    stamp.write_text(wanted)
    print("install: build/tools-venv done")


def main() -> None:
    if sys.version_info < (3, 10):  # noqa: UP036 (this script runs before the venv exists)
        sys.exit(f"install: Python 3.10 or 3.11 is needed, this is {sys.version.split()[0]}")
    if sys.argv[1:] == ["--tools"]:
        install_tools()
        return
    install_browser()
    install_engines()
    wanted = fingerprint()
    if VENV_PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        print("install: .venv is up to date with the locks")
        return
    if not VENV_PYTHON.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    pip = [str(VENV_PYTHON), "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "-q", "--no-deps", "--ignore-requires-python", "-r", "requirements.lock"])
    run([*pip, "install", "-q", "--no-deps", "--no-build-isolation", "-e", "."])
    if (ROOT / "web" / "package-lock.json").exists():
        run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT / "web")
    STAMP.write_text(wanted)
    print("install: done")


if __name__ == "__main__":
    main()
