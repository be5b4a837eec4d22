"""channels.http: timeouts, bounded retries with backoff, failures logged and returned, not raised."""

from __future__ import annotations

import asyncio
import logging

from channels.http import ApiClient
from tests.stubs.servers import Reply, refused_url, serve
from tests.threads import run_async


def scripted(*replies: Reply):
    remaining = list(replies)
    return lambda path, query: remaining.pop(0) if len(remaining) > 1 else remaining[0]


def fast_client(**options) -> ApiClient:
    return ApiClient("test", **{"timeout_s": 0.5, "attempts": 3, "backoff_s": 0.01, **options})


def test_a_server_error_is_retried_until_it_succeeds():
    app = scripted(Reply(503, {"error": "down"}), Reply(502, "bad gateway"), Reply(200, {"ok": True}))
    with serve(app) as (url, received):
        response = run_async(fast_client().call("GET", url + "/send"))
    assert response.ok and response.body == {"ok": True} and len(received) == 3


def test_retries_are_bounded_and_the_failure_is_logged_not_raised(caplog):
    with serve(scripted(Reply(500, {"error": "down"}))) as (url, received):
        with caplog.at_level(logging.ERROR):
            response = run_async(fast_client().call("GET", url + "/send", what="sendMessage"))
    assert not response.ok and response.status == 500 and len(received) == 3
    assert "test: sendMessage failed after 3 attempt(s): status 500" in caplog.text


def test_a_client_error_is_not_retried():
    with serve(scripted(Reply(400, {"ok": False, "description": "Bad Request: chat not found"}))) as (
        url,
        received,
    ):
        response = run_async(fast_client().call("GET", url + "/send"))
    assert (
        response.status == 400
        and response.body["description"].endswith("chat not found")
        and len(received) == 1
    )


def test_too_many_requests_waits_what_the_platform_asks():
    app = scripted(Reply(429, {"ok": False, "parameters": {"retry_after": 0.3}}), Reply(200, {"ok": True}))
    with serve(app) as (url, _):
        started = run_async(_timed(fast_client().call("GET", url + "/send")))
    assert started[0].ok and started[1] >= 0.3


def test_each_attempt_has_a_timeout_and_a_dead_server_is_no_answer():
    with serve(scripted(Reply(200, {"ok": True}, delay=1.0))) as (url, received):
        response, seconds = run_async(
            _timed(fast_client(timeout_s=0.2, attempts=2).call("GET", url + "/slow"))
        )
    assert response.status == 0 and "Timeout" in response.body and len(received) == 2 and seconds < 1.5
    refused = run_async(fast_client().call("GET", refused_url() + "/send"))
    assert refused.status == 0 and not refused.ok


def test_the_client_works_in_successive_event_loops():
    """Rasa's stock Telegram channel opened its session in one loop and used it in another."""
    client = fast_client()
    with serve(scripted(Reply(200, {"ok": True}))) as (url, received):
        for _ in range(2):
            assert run_async(_then_close(client, client.call("GET", url + "/send"))).ok
    assert len(received) == 2


async def _timed(call):
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await call
    return result, loop.time() - start


async def _then_close(client, call):
    try:
        return await call
    finally:
        await client.close()
