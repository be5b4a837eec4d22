"""stores.locks.AtomicRedisLockStore against a real redis-server (Debian's, installed by `make install`),
used by two processes at once as two Rasa replicas would."""

from __future__ import annotations

import asyncio
import multiprocessing
import secrets
import subprocess
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from rasa.core.lock_store import LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.ops.serve import answers, free_port
from stores.locks import AtomicRedisLockStore

STORE_TYPE = "stores.locks.AtomicRedisLockStore"
CLIENTS = 2  # processes, as two replicas
THREADS = 6  # per process, issuing at once
TICKETS = 40  # per thread


@pytest.fixture(scope="module")
def redis_settings():
    port, password = free_port(), secrets.token_urlsafe(16)
    config = f'port {port}\nbind 127.0.0.1\nsave ""\nappendonly no\nrequirepass {password}\n'
    server = subprocess.Popen(["redis-server", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    server.stdin.write(config.encode())
    server.stdin.close()  # the password reaches it on stdin, not on its command line
    deadline = time.monotonic() + 30
    while not answers(f"tcp://127.0.0.1:{port}"):
        assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)
    yield {"url": "127.0.0.1", "port": port, "password": password, "db": 1, "key_prefix": "memhisto"}
    server.terminate()
    server.wait(10)


def atomic_store(settings: dict) -> AtomicRedisLockStore:
    """Created as Rasa creates it from the cluster's endpoints (``type: package.Class``)."""
    store = LockStore.create(EndpointConfig(type=STORE_TYPE, **settings))
    assert isinstance(store, AtomicRedisLockStore)
    return store


def issue_from_threads(settings: dict, conversation: str) -> list[list[int]]:
    """One client (process): THREADS threads issuing TICKETS tickets each, at once."""
    store = atomic_store(settings)

    def issue(_: int) -> list[int]:
        return [store.issue_ticket(conversation) for _ in range(TICKETS)]

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(issue, range(THREADS)))


def take_turns(settings: dict, conversation: str, tasks: int, rounds: int) -> None:
    """One client (process): ``tasks`` coroutines handling ``rounds`` messages each, every one under
    the conversation's lock, each adding one to a shared count with a read, a pause and a write (what
    goes wrong when two hold the lock at once) and checking that nobody else holds it meanwhile."""
    store = atomic_store(settings)
    red = store.red

    async def handle_messages() -> None:
        for _ in range(rounds):
            async with store.lock(conversation, wait_time_in_seconds=0.002):
                if red.incr(f"{conversation}:holders") != 1:
                    red.incr(f"{conversation}:overlaps")
                count = int(red.get(f"{conversation}:count") or 0)
                await asyncio.sleep(0.001)
                red.set(f"{conversation}:count", count + 1)
                red.decr(f"{conversation}:holders")

    async def main() -> None:
        await asyncio.gather(*(handle_messages() for _ in range(tasks)))

    asyncio.run(main())


def in_clients(function, *args) -> list:
    """``function(*args)`` in CLIENTS processes of their own, started together."""
    context = multiprocessing.get_context("spawn")  # no fork of the test process's threads
    with ProcessPoolExecutor(CLIENTS, mp_context=context) as clients:
        return [future.result() for future in [clients.submit(function, *args) for _ in range(CLIENTS)]]


def test_tickets_issued_at_once_by_two_clients_are_unique_ordered_and_all_kept(redis_settings):
    conversation = f"race-{uuid.uuid4().hex[:8]}"
    clients = in_clients(issue_from_threads, redis_settings, conversation)
    per_thread = [tickets for client in clients for tickets in client]
    issued = [ticket for tickets in per_thread for ticket in tickets]
    total = CLIENTS * THREADS * TICKETS
    assert sorted(issued) == list(range(1, total + 1))  # no number twice, none skipped
    assert all(tickets == sorted(tickets) for tickets in per_thread)  # each caller's in its order
    lock = atomic_store(redis_settings).get_lock(conversation)
    assert [ticket.number for ticket in lock.tickets] == list(range(1, total + 1))  # no ticket lost
    assert lock.now_serving == 1


def test_two_clients_never_hold_a_conversations_lock_at_the_same_time(redis_settings):
    conversation = f"turns-{uuid.uuid4().hex[:8]}"
    tasks, rounds = 8, 5
    in_clients(take_turns, redis_settings, conversation, tasks, rounds)
    red = atomic_store(redis_settings).red
    assert red.get(f"{conversation}:overlaps") is None
    assert int(red.get(f"{conversation}:count")) == CLIENTS * tasks * rounds
    assert not red.exists(f"memhisto:lock:{conversation}:tickets")  # every ticket served and gone


def test_rasas_own_store_gives_two_replicas_the_same_ticket_when_they_interleave(redis_settings):
    """Why this store exists (RasaHQ/rasa #9213): replica A reads the queue, B issues a ticket, A
    issues its own on what it read and writes the queue back."""
    conversation = f"oss-{uuid.uuid4().hex[:8]}"
    settings = {key: value for key, value in redis_settings.items() if key != "url"}
    replica_a = RedisLockStore(host=redis_settings["url"], **settings)
    replica_b = RedisLockStore(host=redis_settings["url"], **settings)
    read_by_a = replica_a.get_or_create_lock(conversation)
    ticket_b = replica_b.issue_ticket(conversation)
    ticket_a = read_by_a.issue_ticket(60)
    replica_a.save_lock(read_by_a)
    assert ticket_a == ticket_b  # both think they are served
    # The atomic store, in the same order of calls, cannot interleave inside an issue.
    atomic = atomic_store(redis_settings)
    first, second = atomic.issue_ticket(conversation), atomic.issue_ticket(conversation)
    assert second == first + 1


def test_an_expired_ticket_leaves_the_queue_and_the_next_one_is_served(redis_settings):
    store = atomic_store(redis_settings)
    conversation = f"expiry-{uuid.uuid4().hex[:8]}"
    stuck = store.issue_ticket(conversation, lock_lifetime=0.2)  # a replica that died holding it
    waiting = store.issue_ticket(conversation)
    assert store.get_lock(conversation).is_locked(waiting)
    time.sleep(0.3)
    store.update_lock(conversation)
    lock = store.get_lock(conversation)
    assert [ticket.number for ticket in lock.tickets] == [waiting] and not lock.is_locked(waiting)
    store.cleanup(conversation, stuck)  # the dead replica's late clean-up removes nothing else
    assert store.is_someone_waiting(conversation)


def test_with_redis_unreachable_a_ticket_is_a_lock_error():
    store = atomic_store({"url": "127.0.0.1", "port": free_port(), "socket_timeout": 1})
    with pytest.raises(LockError):
        store.issue_ticket("anyone")
