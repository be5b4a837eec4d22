"""End-to-end faults on the single-process stack (marker `e2e`): a server down gets a reply, not silence;
outside services (OSRM, BAN, Nominatim) slow or down give way to the offline ones within their timeout."""

from __future__ import annotations

import signal
from dataclasses import replace

import pytest

from bot.ops.serve import DEFAULT_MODEL, Ports, Stack
from bot.texts import t
from tests.e2e.conftest import LOGS, Conversation
from tests.e2e.test_rest import MAP_LINK
from tests.stubs.geocoders import ban_app, ban_feature
from tests.stubs.osrm import SLOW_SECONDS, osrm_app
from tests.stubs.servers import refused_url, serve

pytestmark = pytest.mark.e2e


@pytest.fixture
def own_stack(tmp_path):
    """A stack of its own: this test kills one of its servers."""
    assert DEFAULT_MODEL.exists(), f"no trained model at {DEFAULT_MODEL}: run `make train` first"
    with Stack(Ports.free(), log_dir=LOGS / "faults", tracker_db=tmp_path / "conversations.db") as running:
        yield running


def test_with_the_action_server_down_the_visitor_is_told_the_assistant_cannot_answer(own_stack):
    french, english = Conversation(own_stack), Conversation(own_stack)
    assert french.text("Bonjour") != t("fr", "dialogue.chat.unavailable")
    actions = next(service for service in own_stack.services if service.name == "actions")
    actions.process.send_signal(signal.SIGKILL)
    actions.process.wait()
    assert french.text("Je voudrais un circuit depuis Arras") == t("fr", "dialogue.chat.unavailable")
    assert english.text("Hello, I would like a trip from Arras") == t("en", "dialogue.chat.unavailable")


ADDRESS = "12 rue Gambetta, 59000 Lille"  # an address: the offline gazetteer knows towns, not streets


@pytest.fixture
def stack_with_slow_and_dead_services(tmp_path):
    """OSRM and the BAN answer after the timeout (``SERVICE_TIMEOUT_S``), Nominatim refuses connections."""
    ban_answers = {
        ADDRESS: [ban_feature(ADDRESS, 3.06, 50.63, "housenumber", 0.9, "59, Nord", "59000", "Lille")]
    }
    slow_ban = ban_app(ban_answers)
    with (
        serve(osrm_app("slow")) as (osrm_url, osrm_calls),
        serve(lambda path, query: replace(slow_ban(path, query), delay=SLOW_SECONDS)) as (ban_url, ban_calls),
    ):
        services = {
            "OSRM_URL": osrm_url,
            "BAN_URL": ban_url,
            "NOMINATIM_URL": refused_url(),
            "SERVICE_TIMEOUT_S": "0.5",
            "MEMHISTO_CACHE_DB": str(tmp_path / "cache.db"),  # no answer remembered from another run
        }
        with Stack(
            Ports.free(),
            log_dir=LOGS / "geo-faults",
            extra_env=services,
            tracker_db=tmp_path / "conversations.db",
        ) as running:
            yield running, osrm_calls, ban_calls


def test_with_routing_and_geocoding_services_slow_or_down_the_circuit_says_its_times_are_estimated(
    stack_with_slow_and_dead_services,
):
    stack, osrm_calls, ban_calls = stack_with_slow_and_dead_services
    french = Conversation(stack)
    asked_again = french.text(f"Je voudrais un circuit depuis le {ADDRESS}")
    assert ban_calls, "the address was not sent to the BAN"
    assert asked_again != t("fr", "dialogue.chat.unavailable"), asked_again
    french.text("Lille")
    french.text("la Première Guerre mondiale")
    circuit = french.text("une journée")
    assert MAP_LINK.search(circuit), circuit
    assert osrm_calls, "OSRM was not asked"
    assert t("fr", "circuit.warning_estimated_times") in circuit, circuit
