"""The cluster profile: ``python -m bot.ops.serve --profile cluster --replicas N`` (``make run-cluster``).

Debian's engines, started and supervised like the single-process default (``bot.ops.serve.Stack``):

- PostgreSQL (the conversations: Rasa's SQL tracker store), its data under ``build/cluster/``;
- Redis (the lock store: one message of a conversation at a time across replicas; tickets issued
  atomically, ``stores.locks``, where Rasa's own Redis lock store can race);
- N Rasa replicas and N action servers;
- HAProxy in front of both: on the Rasa port a client keeps its replica (a cookie; clients without
  cookies take turns), so that a socket.io session (kept in one replica's memory) stays there, and moves to
  another when that one dies (health checks every second); the action port spreads calls round robin;
- the website.

HAProxy also limits requests per address and messages per REST sender (``rate_limits``), answering
429 with a friendly reply. Secrets (``POSTGRES_PASSWORD``, ``REDIS_PASSWORD``, and the two tokens) are generated into ``.env``
and reach the servers in files of mode 600 or in their environment, never on a command line.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.ops.serve import BUILD, Ports, Service, Stack, answers, free_port, secret
from bot.texts import t

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "memhisto"
DATABASE_USER = "memhisto"
SERVED_BY = "X-Served-By"  # HAProxy's response header naming the replica that answered
READY_PATH = "/cluster-ready"


@dataclass
class ClusterPorts(Ports):
    postgres: int = 5432
    redis: int = 6379
    rasa_replicas: list[int] = field(default_factory=list)
    actions_replicas: list[int] = field(default_factory=list)

    @classmethod
    def free(cls, replicas: int = 2) -> ClusterPorts:
        return cls(
            rasa=free_port(),
            actions=free_port(),
            web=free_port(),
            postgres=free_port(),
            redis=free_port(),
            rasa_replicas=[free_port() for _ in range(replicas)],
            actions_replicas=[free_port() for _ in range(replicas)],
        )


def rate_limits() -> tuple[int, int]:
    """Requests per 10 s allowed from one address (socket.io polls about twice a second) and messages
    per 10 s from one REST sender: ``RATE_LIMIT_IP``, ``RATE_LIMIT_SENDER``."""
    return int(os.environ.get("RATE_LIMIT_IP") or 200), int(os.environ.get("RATE_LIMIT_SENDER") or 10)


def rate_limited_reply() -> str:
    """What a visitor over the limit reads, as the REST channel's JSON: the load balancer does not know
    their language, so both."""
    text = f"{t('fr', 'dialogue.chat.rate_limited')} / {t('en', 'dialogue.chat.rate_limited')}"
    return json.dumps([{"text": text}], ensure_ascii=False)


def haproxy_config(ports: ClusterPorts, limited_reply: Path) -> str:
    rasa = "\n".join(
        f"  server rasa{index} 127.0.0.1:{port} check inter 1s fall 2 rise 2 cookie rasa{index}"
        for index, port in enumerate(ports.rasa_replicas, 1)
    )
    actions = "\n".join(
        f"  server actions{index} 127.0.0.1:{port} check inter 1s fall 2 rise 2"
        for index, port in enumerate(ports.actions_replicas, 1)
    )
    per_ip, per_sender = rate_limits()
    return f"""global
  maxconn 4000

defaults
  mode http
  timeout connect 5s
  timeout client 90s
  timeout server 90s
  # A replica that died: its connection fails or closes without an answer; the request goes to another.
  retry-on conn-failure empty-response
  option redispatch 1
  retries 3

frontend rasa
  bind 127.0.0.1:{ports.rasa}
  # 200 when every replica is in service, else 503: the cluster's readiness
  monitor-uri {READY_PATH}
  acl degraded nbsrv(rasa) lt {len(ports.rasa_replicas)}
  acl degraded nbsrv(actions) lt {len(ports.actions_replicas)}
  monitor fail if degraded
  # Rate limits, per address and per REST sender (read from the JSON body), with a friendly 429.
  option http-buffer-request
  stick-table type ip size 100k expire 60s store http_req_rate(10s)
  http-request track-sc0 src
  acl rest_message path /webhooks/rest/webhook
  http-request track-sc1 req.body,json_query('$.sender') table per_sender if rest_message METH_POST
  acl too_fast sc_http_req_rate(0) gt {per_ip}
  acl too_fast sc_http_req_rate(1,per_sender) gt {per_sender}
  http-request return status 429 content-type "application/json; charset=utf-8" file {limited_reply} if too_fast
  default_backend rasa

backend per_sender
  stick-table type string len 128 size 100k expire 60s store http_req_rate(10s)

backend rasa
  # socket.io sessions live in one replica: a client keeps its replica (a cookie) while it is up.
  # Others take turns: conversations are in PostgreSQL and locked in Redis, so any replica answers
  # any of them, and the many senders behind one address (a messaging platform's webhooks, an
  # office's proxy) are not all sent to one replica as hashing the address would.
  cookie MEMHISTO_REPLICA insert indirect nocache httponly
  balance roundrobin
  option httpchk GET /
  http-response set-header {SERVED_BY} %s
{rasa}

frontend actions
  bind 127.0.0.1:{ports.actions}
  default_backend actions

backend actions
  balance roundrobin
  option httpchk GET /health
{actions}
"""


def cluster_endpoints_yaml(
    actions_url: str,
    postgres: tuple[str, int],
    redis: tuple[str, int],
    database: str = DATABASE,
    user: str = DATABASE_USER,
) -> str:
    """Rasa's endpoints in the cluster (and in containers, ``bot.ops.container``): PostgreSQL tracker store
    at ``postgres`` (host, port), atomic Redis lock store at ``redis``; passwords and the action token
    come from the environment (Rasa substitutes ``${NAME}``)."""
    return (
        f'action_endpoint:\n  url: "{actions_url}/webhook"\n'
        "  headers:\n    X-Action-Token: ${ACTION_SERVER_TOKEN}\n"
        "tracker_store:\n  type: stores.sql.CheckedSQLTrackerStore\n  dialect: postgresql\n"
        f"  url: {postgres[0]}\n  port: {postgres[1]}\n  db: {database}\n"
        f"  username: {user}\n  password: ${{POSTGRES_PASSWORD}}\n  login_db: postgres\n"
        "lock_store:\n  type: stores.locks.AtomicRedisLockStore\n"
        f"  url: {redis[0]}\n  port: {redis[1]}\n  password: ${{REDIS_PASSWORD}}\n  db: 1\n"
        "  key_prefix: memhisto\n"
    )


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, its commands run as Debian's ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster(Stack):
    ports: ClusterPorts = field(default_factory=ClusterPorts.free)
    root: Path = BUILD / "cluster"

    @property
    def data_dir(self) -> Path:
        return self.root / "postgres"

    def _environment(self) -> dict[str, str]:
        env = super()._environment()
        env.update(POSTGRES_PASSWORD=secret("POSTGRES_PASSWORD"), REDIS_PASSWORD=secret("REDIS_PASSWORD"))
        return env

    def tracker_url(self) -> str:
        password = secret("POSTGRES_PASSWORD")
        return f"postgresql://{DATABASE_USER}:{password}@127.0.0.1:{self.ports.postgres}/{DATABASE}"

    def _prepare_postgres(self) -> None:
        """A database cluster of our own, created once (``initdb``), with a password for Rasa's user."""
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=self.root, delete=False) as password_file:
            password_file.write(secret("POSTGRES_PASSWORD"))
        try:
            if os.geteuid() == 0:
                shutil.chown(self.data_dir, "postgres", "postgres")
                shutil.chown(password_file.name, "postgres", "postgres")
            os.chmod(password_file.name, 0o600)
            command = [
                str(POSTGRES_BIN / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                DATABASE_USER,
                "--auth=scram-sha-256",
                f"--pwfile={password_file.name}",
                "--encoding=UTF8",
            ]
            subprocess.run(_as_postgres(command), check=True, capture_output=True)
        finally:
            os.unlink(password_file.name)

    def _redis_config(self) -> Path:
        path = self.root / "redis.conf"
        path.write_text(
            f'port {self.ports.redis}\nbind 127.0.0.1\nsave ""\nappendonly no\n'
            f"requirepass {secret('REDIS_PASSWORD')}\n"
        )
        path.chmod(0o600)
        return path

    def _define(self) -> list[Service]:
        self.root.mkdir(parents=True, exist_ok=True)
        self._prepare_postgres()
        sockets = self.root / "sockets"
        sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(sockets, "postgres", "postgres")
        limited_reply = self.root / "rate-limited.json"
        limited_reply.write_text(rate_limited_reply())
        haproxy = self.root / "haproxy.cfg"
        haproxy.write_text(haproxy_config(self.ports, limited_reply))
        endpoints = self.root / "endpoints.yml"
        local = "127.0.0.1"
        endpoints.write_text(
            cluster_endpoints_yaml(self.actions_url, (local, self.ports.postgres), (local, self.ports.redis))
        )
        postgres = [
            str(POSTGRES_BIN / "postgres"),
            *("-D", str(self.data_dir), "-p", str(self.ports.postgres), "-k", str(sockets)),
            *("-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100"),
        ]
        replicas = range(len(self.ports.rasa_replicas))
        return [
            # Fast shutdown (SIGINT): Rasa's pooled connections would hold a smart one (SIGTERM).
            Service(
                "postgres",
                _as_postgres(postgres),
                f"tcp://127.0.0.1:{self.ports.postgres}",
                None,
                signal.SIGINT,
            ),
            Service(
                "redis", ["redis-server", str(self._redis_config())], f"tcp://127.0.0.1:{self.ports.redis}"
            ),
            *(self._actions_service(f"actions{i + 1}", self.ports.actions_replicas[i]) for i in replicas),
            Service("haproxy", ["haproxy", "-db", "-f", str(haproxy)], f"{self.rasa_url}{READY_PATH}"),
            self._website_service(),
            *(self._rasa_service(f"rasa{i + 1}", self.ports.rasa_replicas[i], endpoints) for i in replicas),
        ]

    def service(self, name: str) -> Service:
        return next(service for service in self.services if service.name == name)

    def restart(self, name: str, timeout_s: float = 120) -> None:
        """Stops the server ``name`` as ``stop`` would and starts it again (PostgreSQL after an upgrade)."""
        service = self.service(name)
        if service.process.poll() is None:
            os.killpg(service.process.pid, service.stop_signal)
            service.process.wait(timeout_s)
        self._launch(service, log_mode="a")
        deadline = time.monotonic() + timeout_s
        while not answers(service.ready_url):
            if time.monotonic() > deadline:
                raise RuntimeError(f"cluster: {name} not ready after {timeout_s:.0f} s")
            time.sleep(0.5)

    def raise_if_dead(self) -> None:
        """A dead replica is started again (HAProxy sends its visitors to the others meanwhile); any
        other dead server stops the cluster."""
        for service in self.services:
            if service.process and service.process.poll() is not None and service.name in self._replicas():
                print(
                    f"cluster: {service.name} exited ({service.process.returncode}), restarting", flush=True
                )
                self._launch(service, log_mode="a")
        super().raise_if_dead()

    def _replicas(self) -> set[str]:
        count = len(self.ports.rasa_replicas)
        return {f"{kind}{index}" for kind in ("rasa", "actions") for index in range(1, count + 1)}
