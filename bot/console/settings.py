"""The staff console's settings, from environment variables (README, "Staff console")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT, _env

SMTP_SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class ConsoleSettings:
    accounts_database: Path = field(
        default_factory=lambda: Path(_env("CONSOLE_DB", str(PROJECT_ROOT / "build" / "console.db")))
    )
    # The session cookie is always HttpOnly and SameSite=Strict; Secure unless this says "0" (a local
    # trial over plain HTTP on another address than localhost, which browsers treat as secure).
    secure_cookies: bool = field(default_factory=lambda: _env("CONSOLE_SECURE_COOKIES", "1") != "0")
    # Handouts sent by e-mail: off unless SMTP_HOST is set.
    smtp_host: str | None = field(default_factory=lambda: _env("SMTP_HOST"))
    smtp_port: int = field(default_factory=lambda: int(_env("SMTP_PORT", "587")))
    smtp_user: str | None = field(default_factory=lambda: _env("SMTP_USER"))
    smtp_password: str | None = field(default_factory=lambda: _env("SMTP_PASSWORD"))
    # "starttls" (port 587), "tls" (implicit TLS, port 465) or "none" (a relay on the local network)
    smtp_security: str = field(default_factory=lambda: _env("SMTP_SECURITY", "starttls"))
    mail_from: str = field(default_factory=lambda: _env("MAIL_FROM", "circuits@memhisto.invalid"))
    smtp_timeout_s: float = field(default_factory=lambda: float(_env("SMTP_TIMEOUT_S", "10")))

    def __post_init__(self):
        if self.smtp_security not in SMTP_SECURITY:  # a typo must not send in clear text
            raise ValueError(f"SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}")
