"""Conversations are kept ``RETENTION_DAYS`` (default 30) after their last message, then deleted.

``python -m bot.ops.retention [--days N] [--db FILE | --url URL]`` deletes them from Rasa's SQL tracker
store (its ``events`` table: one row per event, with the sender and a Unix timestamp); ``python -m
bot.ops.serve`` runs the same deletion when it starts and then once a day. By default the store is the
SQLite file of ``make run`` (``MEMHISTO_TRACKER_DB``); ``--url`` takes any SQLAlchemy URL
(``postgresql://user@host/db``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

DEFAULT_DAYS = 30
SECONDS_PER_DAY = 86_400
# The senders whose latest event is older than the cut-off: a conversation goes as a whole.
_STALE_SENDERS = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"


@dataclass(frozen=True)
class Deleted:
    conversations: int
    events: int


def retention_days() -> int:
    return int(os.environ.get("RETENTION_DAYS") or DEFAULT_DAYS)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def delete_old_conversations(url: str, days: int, now: float | None = None) -> Deleted:
    """Deletes every conversation whose last event is more than ``days`` days old."""
    if days < 1:
        raise ValueError("the retention must be at least one day")
    cutoff = (now if now is not None else time.time()) - days * SECONDS_PER_DAY
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return Deleted(0, 0)  # Rasa has not started on this store yet
            stale = connection.execute(sa.text(_STALE_SENDERS), {"cutoff": cutoff}).scalars().all()
            events = connection.execute(
                sa.text(f"DELETE FROM events WHERE sender_id IN ({_STALE_SENDERS})"), {"cutoff": cutoff}
            ).rowcount
    finally:
        engine.dispose()
    return Deleted(len(stale), events)


def main(argv: list[str] | None = None) -> int:
    from bot.ops.serve import tracker_database

    parser = argparse.ArgumentParser(prog="python -m bot.ops.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=retention_days(), help="default: RETENTION_DAYS or 30")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="a SQLite tracker store (default: MEMHISTO_TRACKER_DB)")
    where.add_argument("--url", help="an SQLAlchemy URL of the tracker store")
    args = parser.parse_args(argv)
    url = args.url or sqlite_url(args.db or tracker_database())
    try:
        deleted = delete_old_conversations(url, args.days)
    except (ValueError, sa.exc.SQLAlchemyError) as error:
        print(f"retention: {error}", file=sys.stderr)
        return 1
    print(
        f"retention: deleted {deleted.conversations} conversations ({deleted.events} events) "
        f"with no message in the last {args.days} days"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
