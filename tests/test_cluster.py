"""The cluster profile's generated configuration (bot/ops/cluster.py), checked by the engines' own tools."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from bot.ops.cluster import (
    READY_PATH,
    ClusterPorts,
    cluster_endpoints_yaml,
    haproxy_config,
    rate_limited_reply,
)
from bot.texts import t

REPLY = Path("/dev/null")
PORTS = ClusterPorts(
    rasa=15005, actions=15055, web=18080, postgres=15432, redis=16379,
    rasa_replicas=[15006, 15007, 15008], actions_replicas=[15056, 15057, 15058],
)  # fmt: skip


def test_haproxy_accepts_the_configuration(tmp_path):  # make install installs Debian's haproxy
    reply = tmp_path / "rate-limited.json"
    reply.write_text(rate_limited_reply())
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(PORTS, reply))
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_replica_is_behind_the_load_balancer_and_counted_for_readiness():
    config = haproxy_config(PORTS, REPLY)
    for port in [*PORTS.rasa_replicas, *PORTS.actions_replicas]:
        assert f"127.0.0.1:{port} check" in config
    assert f"monitor-uri {READY_PATH}" in config
    assert "nbsrv(rasa) lt 3" in config and "nbsrv(actions) lt 3" in config
    assert "cookie MEMHISTO_REPLICA insert" in config  # socket.io sessions stay on their replica


def test_rasa_shares_conversations_in_postgresql_and_locks_in_redis_without_secrets_in_files():
    endpoints = yaml.safe_load(
        cluster_endpoints_yaml(
            "http://localhost:15055", ("127.0.0.1", PORTS.postgres), ("127.0.0.1", PORTS.redis)
        )
    )
    assert endpoints["tracker_store"]["type"] == "stores.sql.CheckedSQLTrackerStore"
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["tracker_store"]["port"] == PORTS.postgres
    assert endpoints["tracker_store"]["password"] == "${POSTGRES_PASSWORD}"
    assert endpoints["lock_store"] == {
        "type": "stores.locks.AtomicRedisLockStore", "url": "127.0.0.1", "port": PORTS.redis, "password": "${REDIS_PASSWORD}",
        "db": 1, "key_prefix": "memhisto",
    }  # fmt: skip
    assert endpoints["action_endpoint"]["url"] == "http://localhost:15055/webhook"


def test_visitors_over_the_rate_limits_read_why_in_both_languages(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_SENDER", "7")
    assert "sc_http_req_rate(1,per_sender) gt 7" in haproxy_config(PORTS, REPLY)
    (reply,) = json.loads(rate_limited_reply())
    assert t("fr", "dialogue.chat.rate_limited") in reply["text"]
    assert t("en", "dialogue.chat.rate_limited") in reply["text"]
