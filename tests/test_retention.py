"""bot.ops.retention on a tracker store written by Rasa's own SQLTrackerStore (SQLite)."""

from __future__ import annotations

import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.retention import DEFAULT_DAYS, SECONDS_PER_DAY, delete_old_conversations, main, sqlite_url
from tests.threads import run_async

NOW = time.time()


def conversation(sender: str, days_ago: list[float]) -> DialogueStateTracker:
    events = []
    for age in days_ago:
        stamp = NOW - age * SECONDS_PER_DAY
        events += [UserUttered("Bonjour", timestamp=stamp), ActionExecuted("action_listen", timestamp=stamp)]
    return DialogueStateTracker.from_events(sender, events)


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "conversations.db"
    rasa_store = SQLTrackerStore(dialect="sqlite", db=str(path))
    for tracker in [
        conversation("old", [45, 40]),
        conversation("came-back", [60, 2]),  # old, but with a recent message: kept whole
        conversation("recent", [0.5]),
    ]:
        run_async(rasa_store.save(tracker))
    rasa_store.engine.dispose()
    return path


def senders(path) -> set[str]:
    rasa_store = SQLTrackerStore(dialect="sqlite", db=str(path))
    try:
        return set(run_async(rasa_store.keys()))
    finally:
        rasa_store.engine.dispose()


def test_conversations_silent_for_longer_than_the_retention_are_deleted_whole(store):
    deleted = delete_old_conversations(sqlite_url(store), DEFAULT_DAYS, now=NOW)
    assert (deleted.conversations, deleted.events) == (1, 4)
    assert senders(store) == {"came-back", "recent"}
    assert delete_old_conversations(sqlite_url(store), DEFAULT_DAYS, now=NOW).conversations == 0


def test_a_shorter_retention_deletes_more(store, capsys):
    assert main(["--db", str(store), "--days", "1"]) == 0
    assert "deleted 2 conversations" in capsys.readouterr().out
    assert senders(store) == {"recent"}


def test_a_store_rasa_has_not_created_yet_is_left_alone(tmp_path):
    assert delete_old_conversations(sqlite_url(tmp_path / "none.db"), 30).conversations == 0


def test_a_retention_under_a_day_is_refused(store, capsys):
    assert main(["--db", str(store), "--days", "0"]) == 1
    assert "at least one day" in capsys.readouterr().err
