"""End-to-end: the cluster profile (bot/cluster.py) with Debian's PostgreSQL, Redis and HAProxy, two
Rasa replicas and two action servers (marker `e2e`; `make install` installs the engines)."""

from __future__ import annotations

import json
import shutil
import signal
import time
import urllib.request
import uuid

import pytest
import socketio

from bot.cluster import SERVED_BY, Cluster, ClusterPorts
from bot.config import PROJECT_ROOT
from bot.serve import BUILD, DEFAULT_MODEL, auth_token
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

    cluster.service(replica).process.send_signal(signal.SIGKILL)
    text, other = say(cluster, sender, "la Première Guerre mondiale")
    assert other != replica
    assert "combien de temps" in text, text
    after = tracker(cluster, sender)
    assert after["events"][: len(before["events"])] == before["events"]
    assert after["slots"]["start_place"] == before["slots"]["start_place"]
    final, _ = say(cluster, sender, "une journée")
    assert MAP_LINK.search(final) and "Arras" in final, final

    cluster.raise_if_dead()  # the supervisor's round: the dead replica starts again
    deadline = time.monotonic() + 240
    while cluster.service(replica).process.poll() is None:
        try:
            with urllib.request.urlopen(cluster.service(replica).ready_url, timeout=2):
                break
        except OSError:
            assert time.monotonic() < deadline, f"{replica} did not come back"
            time.sleep(1)
    assert cluster.service(replica).process.poll() is None


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
