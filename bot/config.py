"""Settings read from environment variables (see README, "Configuration").

Every external service is off unless its URL is set: by default everything runs embedded and offline.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path = field(
        default_factory=lambda: Path(_env("MEMHISTO_KNOWLEDGE_DIR", str(PROJECT_ROOT / "knowledge")))
    )
    database: Path = field(
        default_factory=lambda: Path(_env("MEMHISTO_DB", str(PROJECT_ROOT / "build" / "knowledge.db")))
    )
    # Changes made by museum staff in the staff console, applied over the knowledge files.
    edits_database: Path = field(
        default_factory=lambda: Path(_env("MEMHISTO_EDITS_DB", str(PROJECT_ROOT / "build" / "edits.db")))
    )
    cache_database: Path = field(
        default_factory=lambda: Path(_env("MEMHISTO_CACHE_DB", str(PROJECT_ROOT / "build" / "cache.db")))
    )
    # Routing: OSRM base URL such as http://localhost:5000 ; unset = offline travel-time model.
    osrm_url: str | None = field(default_factory=lambda: _env("OSRM_URL"))
    osrm_profile: str = field(default_factory=lambda: _env("OSRM_PROFILE", "driving"))
    # Geocoding: the French BAN address API and Nominatim, each off unless its URL is set.
    ban_url: str | None = field(default_factory=lambda: _env("BAN_URL"))
    nominatim_url: str | None = field(default_factory=lambda: _env("NOMINATIM_URL"))
    nominatim_user_agent: str = field(
        default_factory=lambda: _env("NOMINATIM_USER_AGENT", "memhisto-circuits")
    )
    service_timeout_s: float = field(default_factory=lambda: float(_env("SERVICE_TIMEOUT_S", "2")))
    # The public website, used to build shareable circuit links.
    website_url: str = field(default_factory=lambda: _env("WEBSITE_URL", "http://localhost:8080").rstrip("/"))
    tile_url: str = field(
        default_factory=lambda: _env("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    )
    rasa_url: str = field(default_factory=lambda: _env("RASA_URL", "http://localhost:5005").rstrip("/"))

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Web pages allowed to talk to Rasa's REST and socket.io channels."""
        return allowed_origins(self.website_url)


def allowed_origins(website_url: str) -> tuple[str, ...]:
    """``ALLOWED_ORIGINS`` (comma-separated), else the website's own origins."""
    listed = (origin.strip().rstrip("/") for origin in (_env("ALLOWED_ORIGINS") or "").split(","))
    return tuple(origin for origin in listed if origin) or website_origins(website_url)


def website_origins(website_url: str) -> tuple[str, ...]:
    """The origins a browser sends from the website: its own, and for a local one the other spelling
    of the loopback address (``localhost`` / ``127.0.0.1``)."""
    parts = urlsplit(website_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    twin = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}.get(parts.hostname or "")
    if twin is None:
        return (origin,)
    return origin, origin.replace(f"//{parts.hostname}", f"//{twin}", 1)


def settings() -> Settings:
    """Fresh settings from the current environment (cheap; tests change the environment)."""
    return Settings()
