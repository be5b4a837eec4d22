"""Staff accounts, roles, sessions and the login rate limit, kept in SQLite (``build/console.db``).

Passwords are hashed with Argon2id (argon2-cffi, its recommended parameters). A session is a random
token given to the browser in a cookie; the database keeps only its SHA-256, so that a copy of the
database opens no session. Each session has its own CSRF token, which every state-changing request
must send back in a header (the cookie alone is not enough).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# network admin: every site and account; museum editor: its own site's data; tourism-office staff:
# the counter mode.
ROLES = ("admin", "editor", "counter")
MIN_PASSWORD_CHARS = 12
SESSION_HOURS = 8
# Failed logins allowed per account name and per client address within the window, then 429.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

_hasher = PasswordHasher()
# Verified when the account does not exist, so that the answer takes as long as for a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """An account that cannot be created as asked (the message says why)."""


class LoginRefused(Exception):
    """Wrong name or password (which one is not said)."""


class TooManyAttempts(Exception):
    """Too many failed logins lately: ``retry_after`` seconds to wait."""

    def __init__(self, retry_after: int):
        super().__init__(f"too many failed logins, retry in {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    site_id: str | None = None  # the museum an editor speaks for

    def may_edit(self, site_id: str) -> bool:
        return self.role == "admin" or (self.role == "editor" and self.site_id == site_id)

    @property
    def may_use_counter(self) -> bool:
        return self.role in ("admin", "counter")


@dataclass(frozen=True)
class Session:
    token: str  # only ever in the cookie; the database holds its hash
    csrf: str
    account: Account
    expires: datetime


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._db()
        try:
            db["accounts"].create(
                {"username": str, "password_hash": str, "role": str, "site_id": str, "created_at": str},
                pk="username",
                if_not_exists=True,
            )
            db["sessions"].create(
                {"token_hash": str, "username": str, "csrf": str, "expires": str},
                pk="token_hash",
                if_not_exists=True,
            )
            db["login_failures"].create({"key": str, "at": str}, if_not_exists=True)
            db["login_failures"].create_index(["key"], if_not_exists=True)
        finally:
            db.conn.close()

    def _db(self) -> sqlite_utils.Database:
        return sqlite_utils.Database(self.path)

    # Accounts ---------------------------------------------------------------------------------------
    def add(self, username: str, password: str, role: str, site_id: str | None = None) -> Account:
        """A new account; AccountError says what is wrong (name taken, weak password, role…)."""
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise AccountError("username: 2-64 characters among a-z 0-9 . _ @ -")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if (role == "editor") != bool(site_id):
            raise AccountError("an editor needs its site (--site), and only an editor has one")
        if len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"password: at least {MIN_PASSWORD_CHARS} characters")
        db = self._db()
        try:
            if db["accounts"].count_where("username = ?", [username]):
                raise AccountError(f"account '{username}' exists already")
            db["accounts"].insert(
                {
                    "username": username,
                    "password_hash": _hasher.hash(password),
                    "role": role,
                    "site_id": site_id,
                    "created_at": _now().isoformat(timespec="seconds"),
                }
            )
        finally:
            db.conn.close()
        return Account(username, role, site_id)

    def accounts(self) -> list[Account]:
        db = self._db()
        try:
            rows = list(db["accounts"].rows_where(order_by="username"))
        finally:
            db.conn.close()
        return [Account(row["username"], row["role"], row["site_id"]) for row in rows]

    # Login ------------------------------------------------------------------------------------------
    def _wait_seconds(self, db: sqlite_utils.Database, keys: list[str]) -> int:
        """Seconds until a login may be tried again for ``keys`` (0: now)."""
        db["login_failures"].delete_where("at < ?", [(_now() - FAILURE_WINDOW).isoformat()])
        counts = {key: db["login_failures"].count_where("key = ?", [key]) for key in keys}
        blocked = [key for key, count in counts.items() if count >= MAX_FAILURES]
        if not blocked:
            return 0
        marks = ",".join("?" * len(blocked))
        (oldest,) = db.execute(
            f"select min(at) from login_failures where key in ({marks})", blocked
        ).fetchone()
        return max(1, int((datetime.fromisoformat(oldest) + FAILURE_WINDOW - _now()).total_seconds()) + 1)

    def login(self, username: str, password: str, client: str) -> Session:
        """A new session; TooManyAttempts after MAX_FAILURES failures of this name or this client in
        FAILURE_WINDOW (checked first: a right password does not get through), else LoginRefused."""
        username = username.strip().lower()
        keys = [f"user:{username}", f"client:{client}"]
        db = self._db()
        try:
            with db.conn:
                wait = self._wait_seconds(db, keys)
                if wait:
                    raise TooManyAttempts(wait)
                row = next(db["accounts"].rows_where("username = ?", [username]), None)
                matches = self._password_matches(db, row, password)
                if not matches:  # recorded with the transaction's commit, before refusing
                    db["login_failures"].insert_all({"key": key, "at": _now().isoformat()} for key in keys)
                else:
                    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
                    expires = _now() + timedelta(hours=SESSION_HOURS)
                    db["sessions"].delete_where("expires < ?", [_now().isoformat()])
                    db["sessions"].insert(
                        {
                            "token_hash": _digest(token),
                            "username": username,
                            "csrf": csrf,
                            "expires": expires.isoformat(),
                        }
                    )
        finally:
            db.conn.close()
        if not matches:
            raise LoginRefused()
        return Session(token, csrf, Account(row["username"], row["role"], row["site_id"]), expires)

    def _password_matches(self, db: sqlite_utils.Database, row: dict | None, password: str) -> bool:
        try:
            _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return False
        if row is None:
            return False
        if _hasher.check_needs_rehash(row["password_hash"]):  # parameters raised since it was hashed
            db["accounts"].update(row["username"], {"password_hash": _hasher.hash(password)})
        return True

    # Sessions ---------------------------------------------------------------------------------------
    def session(self, token: str | None) -> Session | None:
        """The live session of ``token`` (from the cookie), else None."""
        if not token:
            return None
        db = self._db()
        try:
            row = next(db["sessions"].rows_where("token_hash = ?", [_digest(token)]), None)
            if row is None or datetime.fromisoformat(row["expires"]) < _now():
                return None
            account = next(db["accounts"].rows_where("username = ?", [row["username"]]), None)
        finally:
            db.conn.close()
        if account is None:
            return None
        return Session(
            token,
            row["csrf"],
            Account(account["username"], account["role"], account["site_id"]),
            datetime.fromisoformat(row["expires"]),
        )

    def logout(self, token: str) -> None:
        db = self._db()
        try:
            with db.conn:
                db["sessions"].delete_where("token_hash = ?", [_digest(token)])
        finally:
            db.conn.close()


def csrf_ok(session: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf, sent)
