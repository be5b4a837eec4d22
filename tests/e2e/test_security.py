"""End-to-end: what the running stack exposes (marker `e2e`): loopback only, an action server that
answers only Rasa, no secret in process listings or logs."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.ops.serve import action_token, auth_token
from tests.e2e.conftest import LOGS

pytestmark = pytest.mark.e2e

FORGED_CALL = {
    "next_action": "action_plan_circuit",
    "sender_id": "forger",
    "tracker": {"sender_id": "forger", "slots": {}, "latest_message": {}, "events": [], "paused": False},
    "domain": {},
    "version": "3.6.21",
}


def call_action_server(stack, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        f"{stack.actions_url}/webhook",
        json.dumps(FORGED_CALL).encode(),
        {"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_action_server_refuses_callers_without_the_token(stack):
    assert call_action_server(stack, {}) == 401
    assert call_action_server(stack, {"X-Action-Token": "guess"}) == 401
    assert call_action_server(stack, {"X-Action-Token": action_token()}) == 200  # what Rasa sends
    with urllib.request.urlopen(f"{stack.actions_url}/health", timeout=30) as response:
        assert response.status == 200


def test_rasa_calls_the_action_server_with_the_token(conversation):
    assert "D'où partez-vous" in conversation.text("Bonjour, je voudrais un circuit")


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, port_hex = local.partition(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(stack):
    loopback = "0100007F"  # 127.0.0.1, as /proc/net/tcp writes it
    for port in (stack.ports.rasa, stack.ports.actions, stack.ports.web):
        assert listening_addresses(port) == {loopback}, port


def stack_processes(stack) -> list[int]:
    groups = {service.process.pid for service in stack.services}
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) in groups:
                    pids.append(int(entry.name))
            except ProcessLookupError:
                continue
    return pids


def test_no_secret_in_process_listings_or_logs(stack, conversation):
    conversation.say("Bonjour")
    tracker = f"{stack.rasa_url}/conversations/{conversation.sender}/tracker?token={auth_token()}"
    with urllib.request.urlopen(tracker, timeout=30) as response:  # the token in a URL Rasa may log
        assert response.status == 200
    secrets = [auth_token().encode(), action_token().encode()]
    pids = stack_processes(stack)
    assert len(pids) >= 3
    for pid in pids:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        assert not any(secret in command_line for secret in secrets), command_line.replace(b"\0", b" ")[:200]
    for log in LOGS.glob("*.log"):
        assert not any(secret in log.read_bytes() for secret in secrets), log
