"""End-to-end: the cluster profile (bot/ops/cluster.py) with Debian's PostgreSQL, Redis and HAProxy, two
Rasa replicas and two action servers (marker `e2e`; `make install` installs the engines)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import socketio

from bot.config import PROJECT_ROOT
from bot.ops.cluster import SERVED_BY, Cluster, ClusterPorts, rate_limits
from bot.ops.serve import BUILD, DEFAULT_MODEL, answers, auth_token, free_port, secret
from bot.texts import t
from tests.e2e.test_rest import MAP_LINK

pytestmark = pytest.mark.e2e

LOGS = PROJECT_ROOT / "test-artifacts" / "cluster-logs"


@pytest.fixture(scope="module")
def cluster():
    assert DEFAULT_MODEL.exists(), f"no trained model at {DEFAULT_MODEL}: run `make train` first"
    root = (
        BUILD / f"cluster-test-{uuid.uuid4().hex[:8]}"
    )  # PostgreSQL's user must reach it: not /tmp/pytest-of-root
    running = Cluster(ClusterPorts.free(2), log_dir=LOGS, root=root)
    running.start(timeout_s=300)
    yield running
    running.stop()
    shutil.rmtree(root, ignore_errors=True)


def say(cluster: Cluster, sender: str, message: str) -> tuple[str, str]:
    """The reply's text and the replica that answered (HAProxy's header)."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"{cluster.rasa_url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=90) as response:
        replies = json.loads(response.read())
        return "\n".join(reply.get("text") or "" for reply in replies), response.headers[SERVED_BY]


def tracker(cluster: Cluster, sender: str) -> dict:
    url = f"{cluster.rasa_url}/conversations/{sender}/tracker?token={auth_token()}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def test_a_replica_killed_mid_conversation_is_replaced_by_another_with_the_whole_history(cluster):
    sender = f"cluster-{uuid.uuid4().hex[:8]}"
    say(cluster, sender, "Je voudrais un circuit")
    text, replica = say(cluster, sender, "Arras")
    assert "thèmes" in text, text
    before = tracker(cluster, sender)

    killed = cluster.service(replica).process
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    text, other = say(cluster, sender, "la Première Guerre mondiale")
    assert other != replica
    assert "combien de temps" in text, text
    after = tracker(cluster, sender)
    assert after["events"][: len(before["events"])] == before["events"]
    assert after["slots"]["start_place"] == before["slots"]["start_place"]
    final, _ = say(cluster, sender, "une journée")
    assert MAP_LINK.search(final) and "Arras" in final, final

    cluster.raise_if_dead()  # the supervisor's round: the dead replica starts again
    restarted = cluster.service(replica)
    assert restarted.process is not killed
    deadline = time.monotonic() + 240
    while not answers(restarted.ready_url):
        assert restarted.process.poll() is None, f"{replica} exited again, see {LOGS / replica}.log"
        assert time.monotonic() < deadline, f"{replica} did not come back"
        time.sleep(1)


def test_the_websites_chat_works_through_the_load_balancer(cluster):
    replies = []
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", replies.append)
    client.connect(
        cluster.rasa_url,
        headers={"Origin": cluster.web_url},
        socketio_path="/socket.io",
        transports=["polling"],
    )
    try:
        session = uuid.uuid4().hex
        client.emit("session_request", {"session_id": session})
        time.sleep(1)
        client.emit("user_uttered", {"message": "Bonjour", "session_id": session})
        deadline = time.monotonic() + 60
        while not replies and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        client.disconnect()
    assert replies and replies[0].get("text"), replies


def test_with_redis_down_the_visitor_is_told_and_the_conversation_resumes_when_it_is_back(cluster):
    sender = f"cluster-redis-{uuid.uuid4().hex[:8]}"
    say(cluster, sender, "Je voudrais un circuit")
    redis = cluster.service("redis")
    os.killpg(redis.process.pid, signal.SIGTERM)
    redis.process.wait(30)
    try:
        text, _ = say(cluster, sender, "Arras")
        assert text == t("fr", "dialogue.chat.unavailable")
    finally:
        cluster.restart("redis")
    text, _ = say(cluster, sender, "Arras")
    assert "thèmes" in text, text


def test_after_a_postgresql_restart_the_conversations_are_all_there(cluster):
    sender = f"cluster-pg-{uuid.uuid4().hex[:8]}"
    say(cluster, sender, "Je voudrais un circuit")
    say(cluster, sender, "Arras")
    before = tracker(cluster, sender)
    cluster.restart("postgres")
    # The replicas' pooled connections died with the server: at most one message per replica is told
    # that the assistant cannot answer, then the pools reconnect.
    for _ in range(3):
        text, _ = say(cluster, sender, "la Première Guerre mondiale")
        if text != t("fr", "dialogue.chat.unavailable"):
            break
    assert "combien de temps" in text, text
    after = tracker(cluster, sender)
    assert after["slots"]["start_place"] == before["slots"]["start_place"]
    assert after["slots"]["themes"]


def test_a_sender_over_the_rate_limit_gets_a_friendly_429_and_others_are_served(cluster):
    flooder = f"cluster-flood-{uuid.uuid4().hex[:8]}"
    statuses, refusal = [], None
    for _ in range(rate_limits()[1] + 3):
        try:
            say(cluster, flooder, "Bonjour")
            statuses.append(200)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            refusal = json.loads(error.read())
    assert 429 in statuses and statuses[0] == 200, statuses
    assert t("fr", "dialogue.chat.rate_limited") in refusal[0]["text"]
    text, _ = say(cluster, f"cluster-calm-{uuid.uuid4().hex[:8]}", "Bonjour")
    assert text and text != t("fr", "dialogue.chat.unavailable")


def test_messages_of_one_conversation_sent_at_once_to_two_replicas_are_handled_one_after_the_other(cluster):
    """The lock store (stores.locks, in Redis) lets one replica at a time handle a conversation: each
    message's turn ends (action_listen) before the next message is read, and none is lost."""
    sender = f"cluster-lock-{uuid.uuid4().hex[:8]}"
    messages = ["Bonjour", "Je voudrais un circuit", "Arras", "la Première Guerre mondiale"]
    served = set()
    with ThreadPoolExecutor(2) as pool:  # no cookies: HAProxy sends them to the replicas in turn
        for first, second in zip(messages, reversed(messages), strict=True):
            answers_ = list(pool.map(lambda message: say(cluster, sender, message), [first, second]))
            served |= {replica for _, replica in answers_}
            assert all(text and text != t("fr", "dialogue.chat.unavailable") for text, _ in answers_), (
                answers_
            )
    assert len(served) == 2, served
    events = tracker(cluster, sender)["events"]
    turns = [event["event"] for event in events if event["event"] in ("user", "action")]
    assert turns.count("user") == 2 * len(messages)
    for index, event in enumerate(events):
        if event["event"] == "user" and index:
            before = [e for e in events[:index] if e["event"] in ("user", "action")]
            assert before[-1].get("name") == "action_listen", before[-3:]  # the previous turn had ended
    red = redis.Redis(port=cluster.ports.redis, password=secret("REDIS_PASSWORD"), db=1)
    assert int(red.get(f"memhisto:lock:{sender}:last_issued")) == 2 * len(messages)  # the atomic store's


def test_a_rasa_container_joins_the_cluster_and_continues_its_conversations(cluster):
    """What deploy/'s Rasa containers run (``python -m bot.ops.container rasa``), configured only by the
    environment, shares the conversations and the locks of the cluster's replicas."""
    sender = f"cluster-container-{uuid.uuid4().hex[:8]}"
    say(cluster, sender, "Je voudrais un circuit")
    say(cluster, sender, "Arras")
    port = free_port()
    env = {
        **os.environ,
        **{
            name: secret(name)
            for name in ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "POSTGRES_PASSWORD", "REDIS_PASSWORD")
        },
        "BIND_HOST": "127.0.0.1",
        "RASA_PORT": str(port),
        "ACTION_SERVER_URL": cluster.actions_url,
        "POSTGRES_HOST": "127.0.0.1",
        "POSTGRES_PORT": str(cluster.ports.postgres),
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(cluster.ports.redis),
        "WEBSITE_URL": cluster.web_url,
    }
    with (LOGS / "container-rasa.log").open("w") as log:
        container = subprocess.Popen(
            [sys.executable, "-m", "bot.ops.container", "rasa"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300
        while not answers(f"http://127.0.0.1:{port}/"):
            assert container.poll() is None, f"bot.ops.container rasa exited, see {LOGS}/container-rasa.log"
            assert time.monotonic() < deadline, "bot.ops.container rasa not ready"
            time.sleep(1)
        assert env["RASA_AUTH_TOKEN"] not in " ".join(container.args)
        body = json.dumps({"sender": sender, "message": "la Première Guerre mondiale"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=90) as response:
            text = "\n".join(reply.get("text") or "" for reply in json.loads(response.read()))
        assert "combien de temps" in text, text  # it knew the start and the themes asked before
    finally:
        os.killpg(container.pid, signal.SIGTERM)
        container.wait(60)
