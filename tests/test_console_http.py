"""The console's blueprint over HTTP (on a Sanic app of its own): cookie flags, CSRF, roles, the
login rate limit and the errors a client gets — never a 500."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from http.cookies import SimpleCookie

import pytest

from bot.console.accounts import MAX_FAILURES
from tests.console_server import LEWARDE, PASSWORDS, console_env, serve_console


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    with serve_console(console_env(tmp_path_factory.mktemp("console")), "console-http-tests.log") as url:
        yield url


def call(
    url: str,
    method: str = "GET",
    body=None,
    cookie: str | None = None,
    csrf: str | None = None,
    content_type: str = "application/json",
    raw: bytes | None = None,
):
    """(status, headers, JSON or text) of one request."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": content_type} if data is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    if csrf:
        headers["X-CSRF-Token"] = csrf
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, head, content = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        status, head, content = error.code, error.headers, error.read()
    try:
        return status, head, json.loads(content)
    except ValueError:
        return status, head, content.decode()


def log_in(console: str, username: str) -> tuple[str, str]:
    status, headers, body = call(
        console + "api/login", "POST", {"username": username, "password": PASSWORDS[username]}
    )
    assert status == 200, body
    morsel = SimpleCookie(headers["Set-Cookie"])["memhisto_console"]
    return f"memhisto_console={morsel.value}", body["csrf"]


def test_the_session_cookie_is_httponly_samesite_strict_and_secure(console):
    status, headers, body = call(
        console + "api/login", "POST", {"username": "chm", "password": PASSWORDS["chm"]}
    )
    assert status == 200 and body["role"] == "editor" and body["site_id"] == LEWARDE
    cookie = headers["Set-Cookie"].lower()
    assert (
        "httponly" in cookie
        and "samesite=strict" in cookie
        and "secure" in cookie
        and "path=/console" in cookie
    )
    assert (
        headers["Cache-Control"] == "no-store"
        and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    )


def test_no_session_no_data(console):
    assert call(console + "api/me")[0] == 401
    assert call(console + "api/sites/" + LEWARDE)[0] == 401
    assert call(console + "api/me", cookie="memhisto_console=forged")[0] == 401


def test_changes_need_the_csrf_token(console):
    cookie, csrf = log_in(console, "chm")
    body = {"block": "groups", "text": "fr: a\nen: b\nbooking: none\n", "source": "https://chm-lewarde.com/x"}
    assert call(console + f"api/sites/{LEWARDE}/preview", "POST", body, cookie)[0] == 403
    assert call(console + f"api/sites/{LEWARDE}/preview", "POST", body, cookie, csrf="wrong")[0] == 403
    status, _, answer = call(console + f"api/sites/{LEWARDE}/preview", "POST", body, cookie, csrf)
    assert status == 200 and answer["preview"][0]["question"] == "offer_groups"


def test_an_editor_of_another_museum_gets_403(console):
    cookie, csrf = log_in(console, "coupole")
    body = {"block": "groups", "text": "fr: a\nen: b\nbooking: none\n", "source": "https://example.org/x"}
    for path, method in [
        (f"api/sites/{LEWARDE}", "GET"),
        (f"api/sites/{LEWARDE}/edits", "GET"),
        (f"api/sites/{LEWARDE}/preview", "POST"),
        (f"api/sites/{LEWARDE}/edits", "POST"),
    ]:
        status, _, answer = call(console + path, method, body if method == "POST" else None, cookie, csrf)
        assert status == 403, (path, method, answer)
    status, _, sites = call(console + "api/sites", cookie=cookie)
    assert [site["id"] for site in sites] == ["la-coupole"]


def test_roles_keep_to_their_mode(console):
    cookie, csrf = log_in(console, "chm")
    assert call(console + "api/counter/plan", "POST", {"start": "Arras"}, cookie, csrf)[0] == 403
    cookie, csrf = log_in(console, "office")
    assert call(console + "api/sites", cookie=cookie)[2] == []
    assert call(console + f"api/sites/{LEWARDE}", cookie=cookie)[0] == 403
    cookie, csrf = log_in(console, "network")
    assert len(call(console + "api/sites", cookie=cookie)[2]) > 11  # the admin edits every site


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"block": "hours"}', "text/plain"),
    ],
)
def test_bad_bodies_get_400(console, raw, content_type):
    cookie, csrf = log_in(console, "chm")
    status, _, answer = call(
        console + f"api/sites/{LEWARDE}/preview",
        "POST",
        cookie=cookie,
        csrf=csrf,
        raw=raw,
        content_type=content_type,
    )
    assert status == 400 and answer["error"]


def test_invalid_edits_get_422_with_the_problems(console):
    cookie, csrf = log_in(console, "chm")
    body = {"block": "hours", "text": "status: known\nperiods: []\n", "source": "nope"}
    status, _, answer = call(console + f"api/sites/{LEWARDE}/edits", "POST", body, cookie, csrf)
    assert status == 422 and any(problem.startswith("source") for problem in answer["problems"])
    status, _, answer = call(console + "api/sites/no-such-site/edits", "POST", body, cookie, csrf)
    assert status == 404


def test_counter_form_problems_and_a_circuit(console):
    cookie, csrf = log_in(console, "office")
    status, _, answer = call(
        console + "api/counter/plan", "POST", {"start": "", "mode": "plane"}, cookie, csrf
    )
    assert status == 422 and {problem.split(":")[0] for problem in answer["problems"]} >= {"start", "mode"}
    form = {"start": "Péronne", "themes": ["ww1"], "adults": 2, "lang": "en"}
    status, _, answer = call(console + "api/counter/plan", "POST", form, cookie, csrf)
    assert status == 200 and answer["days"][0]["visits"], answer
    days = [[visit["site_id"] for visit in answer["days"][0]["visits"]][::-1]]
    status, _, timed = call(
        console + "api/counter/schedule",
        "POST",
        {"circuit": answer["circuit"], "days": days, "lang": "nl"},
        cookie,
        csrf,
    )
    assert status == 200 and [visit["site_id"] for visit in timed["days"][0]["visits"]] == days[0]
    status, _, refused = call(
        console + "api/counter/schedule",
        "POST",
        {"circuit": answer["circuit"], "days": [["no-such-site"]]},
        cookie,
        csrf,
    )
    assert status == 422
    status, _, page = call(console + "handout?" + answer["circuit"] + "&lang=nl", cookie=cookie)
    assert status == 200 and "Uw herdenkingsroute" in page
    assert call(console + "handout?" + answer["circuit"] + "&lang=it", cookie=cookie)[0] == 422
    status, _, answer = call(
        console + "api/counter/email",
        "POST",
        {"circuit": answer["circuit"], "to": "a@example.org"},
        cookie,
        csrf,
    )
    assert status == 503  # no SMTP server configured for this app


def test_logout_ends_the_session(console):
    cookie, csrf = log_in(console, "office")
    assert call(console + "api/logout", "POST", {}, cookie, csrf)[0] == 200
    assert call(console + "api/me", cookie=cookie)[0] == 401


def test_the_closure_form_sends_back_the_block_with_the_closure(console):
    cookie, csrf = log_in(console, "chm")
    status, _, site = call(console + f"api/sites/{LEWARDE}", cookie=cookie)
    closure = {"from": "2027-06-07", "to": "2027-06-09", "label_fr": "Travaux", "label_en": "Works"}
    body = {
        "block": "hours",
        "text": site["blocks"]["hours"],
        "source": "https://chm-lewarde.com/x",
        "closure": closure,
    }
    status, _, answer = call(console + f"api/sites/{LEWARDE}/preview", "POST", body, cookie, csrf)
    assert status == 200 and "2027-06-07" in answer["text"] and "Works" in answer["text"]
    assert "2027-06-07" not in site["blocks"]["hours"]


def test_login_rate_limit_gives_429_with_the_wait(tmp_path):
    # A console of its own: the failures block this client's address for every account.
    with serve_console(console_env(tmp_path), "console-rate-limit-tests.log") as console:
        for _ in range(MAX_FAILURES):
            assert (
                call(console + "api/login", "POST", {"username": "network", "password": "wrong one"})[0]
                == 401
            )
        right = {"username": "network", "password": PASSWORDS["network"]}
        status, _, answer = call(console + "api/login", "POST", right)
        assert status == 429 and answer["retry_after"] > 0
