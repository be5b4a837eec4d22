"""Rasa's SQL tracker store, with pooled connections checked before use.

After a PostgreSQL restart, every connection in a replica's pool is dead; Rasa's own store uses one
anyway, fails, and its fail-safe wrapper then answers the message from an empty in-memory
conversation: the visitor is asked again for what they had said. With SQLAlchemy's
``pool_pre_ping`` a dead connection is replaced before use. Declared in the cluster's endpoints as
``type: stores.sql.CheckedSQLTrackerStore`` (bot/ops/cluster.py).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy.orm import sessionmaker


class CheckedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)
