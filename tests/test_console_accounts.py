"""Staff accounts: hashed passwords, roles, sessions, CSRF tokens and the login rate limit."""

from __future__ import annotations

import io
import sqlite3

import pytest

from bot.cli import main
from bot.console.accounts import (
    MAX_FAILURES,
    Account,
    AccountError,
    AccountStore,
    LoginRefused,
    TooManyAttempts,
    csrf_ok,
)

PASSWORD = "correct horse battery"
LEWARDE = "lewarde-centre-historique-minier"


@pytest.fixture
def store(tmp_path) -> AccountStore:
    store = AccountStore(tmp_path / "console.db")
    store.add("chm", PASSWORD, "editor", LEWARDE)
    return store


def test_passwords_are_stored_as_argon2_hashes_and_tokens_as_digests(store, tmp_path):
    session = store.login("chm", PASSWORD, "10.0.0.1")
    database = sqlite3.connect(tmp_path / "console.db")
    (stored,) = database.execute("select password_hash from accounts").fetchone()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    tokens = [row[0] for row in database.execute("select token_hash from sessions")]
    assert session.token not in tokens and len(tokens) == 1


def test_a_session_is_found_by_its_token_only(store):
    session = store.login("CHM ", PASSWORD, "10.0.0.1")  # names are case- and space-insensitive
    assert store.session(session.token).account == Account("chm", "editor", LEWARDE)
    assert store.session("forged") is None and store.session(None) is None
    store.logout(session.token)
    assert store.session(session.token) is None


def test_wrong_password_and_unknown_name_are_refused_alike(store):
    with pytest.raises(LoginRefused):
        store.login("chm", "wrong password!", "10.0.0.1")
    with pytest.raises(LoginRefused):
        store.login("nobody", PASSWORD, "10.0.0.1")


def test_the_rate_limit_blocks_even_the_right_password(store):
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            store.login("chm", "wrong password!", "10.0.0.1")
    with pytest.raises(TooManyAttempts) as blocked:
        store.login("chm", PASSWORD, "10.0.0.2")  # another address: the account itself is blocked
    assert 0 < blocked.value.retry_after <= 15 * 60


def test_the_rate_limit_counts_per_client_too(store):
    store.add("other", PASSWORD, "counter")
    for attempt in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            store.login(f"guess{attempt}", "wrong password!", "10.0.0.9")
    with pytest.raises(TooManyAttempts):
        store.login("other", PASSWORD, "10.0.0.9")
    assert store.login("other", PASSWORD, "10.0.0.10").account.role == "counter"


def test_csrf_token_is_compared(store):
    session = store.login("chm", PASSWORD, "10.0.0.1")
    assert csrf_ok(session, session.csrf)
    assert not csrf_ok(session, None) and not csrf_ok(session, session.csrf[:-1] + "x")


@pytest.mark.parametrize(
    ("username", "password", "role", "site"),
    [
        ("chm", PASSWORD, "editor", LEWARDE),  # taken
        ("new", "short", "counter", None),
        ("new", PASSWORD, "editor", None),  # an editor needs its site
        ("new", PASSWORD, "counter", LEWARDE),
        ("new", PASSWORD, "root", None),
        ("Bad Name!", PASSWORD, "admin", None),
    ],
)
def test_accounts_that_cannot_be_created(store, username, password, role, site):
    with pytest.raises(AccountError):
        store.add(username, password, role, site)


def test_roles():
    admin, editor, office = Account("a", "admin"), Account("e", "editor", LEWARDE), Account("o", "counter")
    assert admin.may_edit("la-coupole") and editor.may_edit(LEWARDE)
    assert not editor.may_edit("la-coupole") and not office.may_edit(LEWARDE)
    assert office.may_use_counter and admin.may_use_counter and not editor.may_use_counter


def test_cli_add_user(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONSOLE_DB", str(tmp_path / "console.db"))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["console", "add-user", "office-arras", "--role", "counter", "--password-stdin"]) == 0
    assert main(["console", "users"]) == 0
    assert "office-arras\tcounter" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        main(["console", "add-user", "x1", "--role", "editor", "--site", "no-such-site", "--password-stdin"])
        == 2
    )
