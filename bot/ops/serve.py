"""Start the three servers of the assistant and supervise them: ``python -m bot.ops.serve``.

- the action server (rasa-sdk, ``actions/``), default :5055
- Rasa (REST and socket.io channels, HTTP API behind a token), default :5005
- the website (``bot.webapp``), default :8080

The servers listen on loopback unless ``--host`` says otherwise. The admin token of Rasa's HTTP API
and the action server's token are generated on first run into the untracked ``.env`` and passed in
the environment. CORS is limited to the website's origin. Conversations are kept in Rasa's SQL
tracker store, on a SQLite file (``MEMHISTO_TRACKER_DB``, default ``build/conversations.db``): a stop
and a start continue each one where it was; ``bot.ops.retention`` deletes them after 30 days. Ctrl-C (or
SIGTERM) stops all three; if one dies, the others are stopped too. End-to-end tests use
:class:`Stack` to start the same processes on free ports.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT, allowed_origins
from bot.ops import retention
from channels.settings import CHANNELS, ChannelSetting, channel_credentials, enabled_channels

ENV_FILE = PROJECT_ROOT / ".env"
BUILD = PROJECT_ROOT / "build"
DEFAULT_MODEL = PROJECT_ROOT / "models" / "memhisto.tar.gz"
# Rasa reads its admin token only from its command line, which `ps` shows to every user of the machine:
# this starts Rasa's command line tool with the token added from the environment once running.
RASA_WITH_TOKEN_FROM_ENV = (
    "import os, sys; from rasa.__main__ import main; "
    "sys.argv += ['--auth-token', os.environ['RASA_AUTH_TOKEN']]; main()"
)
# Rasa opens SQL_POOL_SIZE + SQL_MAX_OVERFLOW connections per replica to PostgreSQL (Rasa's defaults,
# 50 + 100, exceed PostgreSQL's default max_connections of 100 on their own); SQLite ignores them.
SQL_POOL = {"SQL_POOL_SIZE": "5", "SQL_MAX_OVERFLOW": "5"}


def tracker_database() -> Path:
    """The SQLite file of the conversations (``MEMHISTO_TRACKER_DB``)."""
    return Path(os.environ.get("MEMHISTO_TRACKER_DB") or BUILD / "conversations.db").resolve()


def read_env_file(path: Path = ENV_FILE) -> dict[str, str]:
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.strip().startswith("#"):
                values[key.strip()] = value.strip()
    return values


def secret(name: str, path: Path = ENV_FILE) -> str:
    """The secret ``name``, created on first use and kept in ``.env`` (never committed, mode 600)."""
    token = read_env_file(path).get(name)
    if not token:
        token = secrets.token_urlsafe(24)
        with path.open("a") as env:
            env.write(f"{name}={token}\n")
        path.chmod(0o600)
    return token


def auth_token(path: Path = ENV_FILE) -> str:
    """The admin token of Rasa's HTTP API (``?token=``)."""
    return secret("RASA_AUTH_TOKEN", path)


def action_token(path: Path = ENV_FILE) -> str:
    """The token Rasa sends the action server (``X-Action-Token``), which refuses calls without it."""
    return secret("ACTION_SERVER_TOKEN", path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Ports:
    rasa: int = 5005
    actions: int = 5055
    web: int = 8080

    @classmethod
    def free(cls) -> Ports:
        return cls(rasa=free_port(), actions=free_port(), web=free_port())


@dataclass
class Service:
    name: str
    command: list[str]
    ready_url: str  # http://… (any status under 500) or tcp://host:port (a connection)
    process: subprocess.Popen | None = None
    stop_signal: int = signal.SIGTERM


@dataclass
class Stack:
    """The three servers, started together and stopped together."""

    ports: Ports = field(default_factory=Ports)
    model: Path = DEFAULT_MODEL
    log_dir: Path | None = None  # None: children write to this terminal
    extra_env: dict[str, str] = field(default_factory=dict)
    tracker_db: Path = field(default_factory=tracker_database)
    host: str = "127.0.0.1"  # the interface every server listens on: loopback unless told otherwise
    services: list[Service] = field(default_factory=list)

    @property
    def address(self) -> str:
        """Where this machine reaches the servers."""
        return "localhost" if self.host in ("127.0.0.1", "0.0.0.0", "localhost") else self.host

    @property
    def rasa_url(self) -> str:
        return f"http://{self.address}:{self.ports.rasa}"

    @property
    def web_url(self) -> str:
        return f"http://{self.address}:{self.ports.web}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.address}:{self.ports.actions}"

    def tracker_url(self) -> str:
        """The conversations' database, as an SQLAlchemy URL (for ``bot.ops.retention``)."""
        return retention.sqlite_url(self.tracker_db)

    def _endpoints_file(self) -> Path:
        BUILD.mkdir(exist_ok=True)
        self.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        path = BUILD / f"endpoints-{self.ports.actions}.yml"
        path.write_text(endpoints_yaml(self.actions_url, self.tracker_db))
        return path

    def _credentials_file(self, env: dict[str, str]) -> Path:
        """credentials.yml plus the messaging channels whose variables ``env`` sets."""
        BUILD.mkdir(exist_ok=True)
        path = BUILD / f"credentials-{self.ports.rasa}.yml"
        path.write_text(credentials_yaml(env))
        return path

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(read_env_file())
        env.update(RASA_AUTH_TOKEN=auth_token(), ACTION_SERVER_TOKEN=action_token())
        for name, value in SQL_POOL.items():
            env.setdefault(name, value)
        env.update(WEBSITE_URL=self.web_url, RASA_URL=self.rasa_url, PYTHONUNBUFFERED="1")
        env.update(self.extra_env)
        return env

    @property
    def channels(self) -> list[ChannelSetting]:
        """The messaging channels this stack turns on (their variables are set)."""
        return enabled_channels(self._environment())

    def _define(self) -> list[Service]:
        return [
            self._actions_service("actions", self.ports.actions),
            self._website_service(),
            self._rasa_service("rasa", self.ports.rasa, self._endpoints_file()),
        ]

    def _actions_service(self, name: str, port: int) -> Service:
        return Service(
            name,
            [sys.executable, "-m", "actions.server", "--port", str(port), "--host", self.host],
            f"http://{self.address}:{port}/health",
        )

    def _website_service(self) -> Service:
        return Service(
            "website",
            [sys.executable, "-m", "bot.webapp", "--port", str(self.ports.web), "--host", self.host],
            f"{self.web_url}/api/config",
        )

    def _rasa_service(self, name: str, port: int, endpoints: Path) -> Service:
        credentials = self._credentials_file(self._environment())
        return Service(
            name,
            rasa_command(self.host, port, allowed_origins(self.web_url), credentials, endpoints, self.model),
            f"http://{self.address}:{port}/",
        )

    def start(self, timeout_s: float = 180) -> Stack:
        if not self.model.exists():
            raise SystemExit(f"serve: no model at {self.model}: run `make train` (make run does it)")
        self.services = self._define()
        for service in self.services:
            self._launch(service)
        try:
            self.wait_ready(timeout_s)
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self, service: Service, log_mode: str = "w") -> None:
        output = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = (self.log_dir / f"{service.name}.log").open(log_mode)
        # Each child leads its own process group so that stopping it stops its workers too.
        service.process = subprocess.Popen(
            service.command,
            cwd=PROJECT_ROOT,
            env=self._environment(),
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )

    def wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        pending = list(self.services)
        while pending:
            self.raise_if_dead()
            pending = [service for service in pending if not answers(service.ready_url)]
            if time.monotonic() > deadline:
                names = ", ".join(service.name for service in pending)
                raise RuntimeError(f"serve: {names} not ready after {timeout_s:.0f} s")
            time.sleep(0.5)

    def raise_if_dead(self) -> None:
        for service in self.services:
            if service.process and service.process.poll() is not None:
                raise RuntimeError(f"serve: {service.name} exited with code {service.process.returncode}")

    def stop(self) -> None:
        for service in self.services:
            if service.process and service.process.poll() is None:
                os.killpg(service.process.pid, service.stop_signal)
        deadline = time.monotonic() + 15
        for service in self.services:
            if service.process is None:
                continue
            try:
                service.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(service.process.pid, signal.SIGKILL)
                service.process.wait()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def rasa_command(
    host: str, port: int, origins: tuple[str, ...], credentials: Path, endpoints: Path, model: Path
) -> list[str]:
    """Rasa's server with its HTTP API behind the admin token from the environment (RASA_AUTH_TOKEN)."""
    return [
        *(sys.executable, "-c", RASA_WITH_TOKEN_FROM_ENV, "run", "--enable-api"),
        *("--interface", host, "--port", str(port), "--cors", *origins),
        *("--credentials", str(credentials), "--endpoints", str(endpoints), "--model", str(model)),
    ]


def credentials_yaml(env: dict[str, str]) -> str:
    """credentials.yml plus the messaging channels whose variables ``env`` sets."""
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text()) or {}
    credentials.update(channel_credentials(env))
    return yaml.safe_dump(credentials, sort_keys=False)


def endpoints_yaml(actions_url: str, tracker_db: Path) -> str:
    """Rasa's endpoints: the action server (with its token, which Rasa reads from the environment),
    and the SQL tracker store on a SQLite file."""
    return (
        f'action_endpoint:\n  url: "{actions_url}/webhook"\n'
        "  headers:\n    X-Action-Token: ${ACTION_SERVER_TOKEN}\n"
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{tracker_db}"\n'
    )


def answers(url: str) -> bool:
    """Whether ``url`` answers: an HTTP status under 500, or for ``tcp://host:port`` a connection."""
    if url.startswith("tcp://"):
        host, _, port = url.removeprefix("tcp://").rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=2):
                return True
        except OSError:
            return False
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except (urllib.error.URLError, OSError):
        return False


def start_website(
    env: dict[str, str], log=subprocess.DEVNULL, timeout_s: float = 60
) -> tuple[subprocess.Popen, str]:
    """The website alone (``python -m bot.webapp``) on a free port with ``env`` added to the
    environment, once it answers: (process, base URL). For the browser tests and ``make bench-web``."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.webapp", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while not answers(f"{url}/api/config"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the website did not start")
        time.sleep(0.2)
    return process, url


def channels_summary(stack: Stack) -> str:
    """Which messaging channels are on (their webhook) and which are off (the variables they need)."""
    on = stack.channels
    lines = [f"  {channel.platform:<15} {stack.rasa_url}{channel.webhook}\n" for channel in on]
    off = [channel for channel in CHANNELS if channel not in on]
    if off:
        lines.append("  messaging channels off (set their variables, see README):\n")
        lines += [f"    {channel.platform}: {', '.join(channel.required.values())}\n" for channel in off]
    return "".join(lines)


def forget_old_conversations(tracker_url: str) -> None:
    """The scheduled run of ``bot.ops.retention``: a failure is reported, the servers keep running."""
    days = retention.retention_days()
    try:
        deleted = retention.delete_old_conversations(tracker_url, days)
    except Exception as error:  # a locked or damaged file must not stop the assistant
        print(f"retention: not done: {error}", file=sys.stderr, flush=True)
        return
    if deleted.conversations:
        print(f"retention: deleted {deleted.conversations} conversations older than {days} days", flush=True)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM behaves like Ctrl-C, so that `kill` also stops the three servers cleanly."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8080)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument(
        "--host",
        default=os.environ.get("BIND_HOST") or "127.0.0.1",
        help="interface the three servers listen on (default: loopback; 0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--profile",
        choices=["single", "cluster"],
        default="single",
        help="cluster: PostgreSQL, Redis and HAProxy in front of --replicas Rasa and action servers",
    )
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args(argv)
    if args.profile == "cluster":
        from bot.ops.cluster import Cluster, ClusterPorts

        ports = ClusterPorts.free(args.replicas)
        ports.rasa, ports.actions, ports.web = args.rasa_port, args.actions_port, args.web_port
        stack = Cluster(ports, model=args.model)
    else:
        ports = Ports(rasa=args.rasa_port, actions=args.actions_port, web=args.web_port)
        stack = Stack(ports, model=args.model, host=args.host)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        stack.start()
        print(
            f"\nMem'Histo circuits is running:\n"
            f"  website         {stack.web_url}\n"
            f"  Rasa REST       {stack.rasa_url}/webhooks/rest/webhook\n"
            f"  Rasa socket.io  {stack.rasa_url}/socket.io/\n"
            f"  action server   {stack.actions_url}/webhook\n"
            f"  admin token     RASA_AUTH_TOKEN in .env (ACTION_SERVER_TOKEN: Rasa's key to the action server)\n"
            f"{channels_summary(stack)}"
            f"Press Ctrl-C to stop.\n",
            flush=True,
        )
        next_retention = time.monotonic()
        while True:
            stack.raise_if_dead()
            if time.monotonic() >= next_retention:  # at start, then once a day
                forget_old_conversations(stack.tracker_url())
                next_retention = time.monotonic() + retention.SECONDS_PER_DAY
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
