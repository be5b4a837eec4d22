"""What a container of the deployment runs (deploy/: Docker Compose, Kubernetes): ``python -m bot.ops.container rasa``.

In a container, the orchestrator supervises and restarts each server: one server per container, every
setting from the environment (README, "Deploy", lists them), nothing written but temporary files.

- ``rasa``: Rasa on every interface (``BIND_HOST``), its HTTP API behind ``RASA_AUTH_TOKEN`` (read from the environment,
  never on a command line), conversations in PostgreSQL (``POSTGRES_HOST``…), one message of a
  conversation at a time across replicas with the atomic Redis lock store (``REDIS_HOST``…), custom
  actions at ``ACTION_SERVER_URL``, and the messaging channels whose variables are set;
- ``retention``: deletes the conversations older than ``RETENTION_DAYS`` (a Kubernetes CronJob).

The action server and the website need nothing of this: ``python -m actions.server --host 0.0.0.0``,
``python -m bot.webapp --host 0.0.0.0``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from bot.config import allowed_origins, settings
from bot.ops import retention
from bot.ops.cluster import DATABASE, DATABASE_USER, cluster_endpoints_yaml
from bot.ops.serve import DEFAULT_MODEL, credentials_yaml, rasa_command

REQUIRED = ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "POSTGRES_HOST", "POSTGRES_PASSWORD", "REDIS_HOST")


class MissingSettings(SystemExit):
    def __init__(self, names: list[str]):
        super().__init__(f"container: set {', '.join(names)} (see README, 'Deploy')")


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    return int(env.get(name) or default)


def endpoints(env: Mapping[str, str]) -> str:
    """Rasa's endpoints from the environment (passwords and the action token stay ``${NAME}``s,
    which Rasa reads from its environment)."""
    actions_url = (env.get("ACTION_SERVER_URL") or "http://actions:5055").rstrip("/")
    return cluster_endpoints_yaml(
        actions_url,
        (env["POSTGRES_HOST"], _port(env, "POSTGRES_PORT", 5432)),
        (env["REDIS_HOST"], _port(env, "REDIS_PORT", 6379)),
        database=env.get("POSTGRES_DB") or DATABASE,
        user=env.get("POSTGRES_USER") or DATABASE_USER,
    )


def tracker_url(env: Mapping[str, str]) -> str:
    """The SQLAlchemy URL of the conversations, for ``bot.ops.retention``."""
    user, database = env.get("POSTGRES_USER") or DATABASE_USER, env.get("POSTGRES_DB") or DATABASE
    address = f"{env['POSTGRES_HOST']}:{_port(env, 'POSTGRES_PORT', 5432)}"
    return f"postgresql://{user}:{quote(env['POSTGRES_PASSWORD'], safe='')}@{address}/{database}"


def check(env: Mapping[str, str], names: tuple[str, ...]) -> None:
    missing = [name for name in names if not env.get(name)]
    if missing:
        raise MissingSettings(missing)


def rasa(env: Mapping[str, str]) -> list[str]:
    """Writes Rasa's endpoints and credentials into a temporary folder; returns the command to run."""
    check(env, REQUIRED)
    folder = Path(tempfile.mkdtemp(prefix="memhisto-rasa-"))
    (folder / "endpoints.yml").write_text(endpoints(env))
    (folder / "credentials.yml").write_text(credentials_yaml(dict(env)))
    return rasa_command(
        env.get("BIND_HOST") or "0.0.0.0",
        _port(env, "RASA_PORT", 5005),
        allowed_origins(settings().website_url),
        folder / "credentials.yml",
        folder / "endpoints.yml",
        Path(env.get("MEMHISTO_MODEL") or DEFAULT_MODEL),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.container", description=__doc__.splitlines()[0])
    parser.add_argument("server", choices=["rasa", "retention"])
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.server == "retention":
        check(env, ("POSTGRES_HOST", "POSTGRES_PASSWORD"))
        # In process, not as a command: a command line would show the password in the URL.
        return retention.main(["--url", tracker_url(env)])
    command = rasa(env)
    os.execv(command[0], command)  # Rasa takes this process's place: the orchestrator's signals reach it


if __name__ == "__main__":
    sys.exit(main())
