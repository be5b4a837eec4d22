"""`make lock`: re-resolve every dependency together and rewrite requirements.lock (and
requirements-tools.lock, resolved on its own for build/tools-venv).

Rasa 3.6.21 and rasa-sdk 3.6.2 declare Python < 3.11, so pip on 3.11 cannot resolve them directly.
We read their own dependency lists from the wheels' METADATA, evaluate the markers as for Python
3.10 on Linux x86_64, keep the `spacy` extra, replace matplotlib<3.6 (no wheel for 3.11) by 3.6.x,
and resolve those lists together with requirements.in in one scratch virtualenv; then the two
packages themselves are added without deps (../shared/reference/rasa-on-python311.md, measured).
"""

from __future__ import annotations

import email
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
# Installed without their dependencies, which are resolved from their metadata instead.
WITHOUT_DEPS = ["rasa==3.6.21", "rasa-sdk==3.6.2"]
AS_PYTHON_310 = {
    "python_version": "3.10",
    "python_full_version": "3.10.12",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
}


def declared_requirements(package: str, scratch: Path) -> list[str]:
    """``package``'s Requires-Dist for Python 3.10 on Linux (with the `spacy` extra), markers removed."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--ignore-requires-python",
            "-d",
            str(scratch),
            package,
        ],
        check=True,
    )
    name, version = package.split("==")
    wheel = next(scratch.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata_name = next(entry for entry in archive.namelist() if entry.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(metadata_name))
    wanted = []
    for line in metadata.get_all("Requires-Dist"):
        requirement = Requirement(line)
        if requirement.name in ("rasa-sdk", "matplotlib"):
            continue
        extras = [""] + (["spacy"] if requirement.marker and "extra" in str(requirement.marker) else [])
        if requirement.marker and not any(
            requirement.marker.evaluate({**AS_PYTHON_310, "extra": e}) for e in extras
        ):
            continue
        requirement.marker = None
        wanted.append(str(requirement))
    return wanted


def lock_tools() -> None:
    """requirements-tools.lock: requirements-tools.in resolved alone (build/tools-venv, on this Python)."""
    lock = ROOT / "requirements-tools.lock"
    with tempfile.TemporaryDirectory() as tmp:
        venv_python = Path(tmp) / "venv" / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", str(Path(tmp) / "venv")], check=True)
        pip = [str(venv_python), "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "-q", "-r", str(ROOT / "requirements-tools.in")], check=True)
        frozen = subprocess.run([*pip, "freeze"], check=True, capture_output=True, text=True).stdout
    pins = sorted(frozen.splitlines(), key=str.lower)
    lock.write_text("\n".join(lock.read_text().splitlines()[:2] + pins) + "\n")
    print(f"lock: {len(pins)} pins written to requirements-tools.lock")


def main() -> None:
    lock_tools()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        requirements = scratch / "requirements.txt"
        declared = {line for package in WITHOUT_DEPS for line in declared_requirements(package, scratch)}
        requirements.write_text("\n".join(sorted(declared) + ["matplotlib>=3.6,<3.7"]) + "\n")
        venv_python = scratch / "venv" / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", str(scratch / "venv")], check=True)
        pip = [str(venv_python), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
        subprocess.run([*pip, "-r", str(requirements), "-r", str(ROOT / "requirements.in")], check=True)
        subprocess.run([*pip, "--no-deps", "--ignore-requires-python", *WITHOUT_DEPS], check=True)
        frozen = subprocess.run(
            [str(venv_python), "-m", "pip", "freeze", "--all"], check=True, capture_output=True, text=True
        ).stdout.splitlines()
    pins = sorted((line for line in frozen if not line.startswith("pip==")), key=str.lower)
    header = (ROOT / "requirements.lock").read_text().splitlines()[:3]
    (ROOT / "requirements.lock").write_text("\n".join(header + pins) + "\n")
    print(f"lock: {len(pins)} pins written to requirements.lock")


if __name__ == "__main__":
    main()
