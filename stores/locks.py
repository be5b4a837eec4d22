"""Rasa's Redis lock store, with every change of a lock made atomically inside Redis.

Rasa 3.6's ``RedisLockStore`` keeps a conversation's ticket queue as one JSON value and changes it
with a GET, a change in Python, and a SET (RasaHQ/rasa #9213): two replicas taking a message of the
same conversation at the same moment can both read the queue, add their ticket and write it back;
one ticket is lost or both get the same number, and both replicas then handle the conversation at
once. (The atomic store that fixes it was merged into Rasa Open Source in PR #11256, reverted in
#11428 and is now Rasa Pro only.)

Here a conversation's queue is a Redis sorted set (member: ticket number, score: when the ticket
expires, by Redis's own clock) and its numbers come from ``INCR`` on a counter of its own; issuing,
finishing and pruning tickets are each one Lua script, which Redis runs without interleaving
anything else. The counter outlives the queue (``COUNTER_TTL_S``), so that a number is not issued
again while a replica that held it (and saw it expire) may still remove it.

Declared in the cluster's endpoints as ``type: stores.locks.AtomicRedisLockStore`` with the keys of
Rasa's ``type: redis`` (``url``, ``port``, ``password``, ``db``, ``key_prefix``, …), bot/cluster.py.
"""

from __future__ import annotations

from collections import deque

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

COUNTER_TTL_S = 24 * 3600

# Redis's clock, in seconds, and the queue (KEYS[1]) without the tickets expired by it.
_PRUNED = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
"""

# KEYS: queue, counter; ARGV: lifetime (s), counter lifetime (ms). The queue lives as long as its
# last ticket; an empty sorted set is deleted by Redis itself.
_ISSUE = (
    _PRUNED
    + """
local number = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local lifetime_ms = math.ceil(tonumber(ARGV[1]) * 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), number)
if redis.call('PTTL', KEYS[1]) < lifetime_ms then
  redis.call('PEXPIRE', KEYS[1], lifetime_ms)
end
return number
"""
)

# KEYS: queue; ARGV: the ticket number served.
_FINISH = _PRUNED + "redis.call('ZREM', KEYS[1], ARGV[1])\n"


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)
        self._issue = self.red.register_script(_ISSUE)
        self._finish = self.red.register_script(_FINISH)
        self._prune = self.red.register_script(_PRUNED)

    def _queue(self, conversation_id: str) -> str:
        return f"{self.key_prefix}{conversation_id}:tickets"

    def _counter(self, conversation_id: str) -> str:
        return f"{self.key_prefix}{conversation_id}:last_issued"

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        keys = [self._queue(conversation_id), self._counter(conversation_id)]
        try:
            return int(self._issue(keys=keys, args=[lock_lifetime, COUNTER_TTL_S * 1000]))
        except Exception as error:  # as Rasa's own store: the channel then says it cannot answer
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        queue = self.red.zrange(self._queue(conversation_id), 0, -1, withscores=True)
        if not queue:
            return None
        tickets = sorted((Ticket(int(number), expires) for number, expires in queue), key=lambda t: t.number)
        return TicketLock(conversation_id, deque(tickets))

    def save_lock(self, lock: TicketLock) -> None:
        """Adds the tickets of ``lock`` to its queue; never removes another replica's (Rasa's base
        class calls this only from the methods replaced here)."""
        if lock.tickets:
            mapping = {str(ticket.number): ticket.expires for ticket in lock.tickets}
            self.red.zadd(self._queue(lock.conversation_id), mapping)

    def delete_lock(self, conversation_id: str) -> None:
        self._log_deletion(conversation_id, bool(self.red.delete(self._queue(conversation_id))))

    def update_lock(self, conversation_id: str) -> None:
        self._prune(keys=[self._queue(conversation_id)])

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._finish(keys=[self._queue(conversation_id)], args=[ticket_number])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """The ticket served leaves the queue; the queue disappears with its last ticket (Rasa's
        check-then-delete could delete a ticket issued in between)."""
        self.finish_serving(conversation_id, ticket_number)
