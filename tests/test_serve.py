"""The supervisor's own pieces that need no running server."""

import yaml

from bot.serve import Ports, auth_token, endpoints_yaml, read_env_file


def test_token_is_created_once_and_kept_private(tmp_path):
    env = tmp_path / ".env"
    first = auth_token(env)
    assert len(first) >= 24
    assert auth_token(env) == first
    assert read_env_file(env) == {"RASA_AUTH_TOKEN": first}
    assert env.stat().st_mode & 0o077 == 0


def test_existing_env_file_is_kept(tmp_path):
    env = tmp_path / ".env"
    env.write_text("# local settings\nOSRM_URL=http://localhost:5000\n")
    token = auth_token(env)
    assert read_env_file(env) == {"OSRM_URL": "http://localhost:5000", "RASA_AUTH_TOKEN": token}


def test_free_ports_are_distinct():
    ports = Ports.free()
    assert len({ports.rasa, ports.actions, ports.web}) == 3


def test_rasa_keeps_conversations_in_a_sqlite_file(tmp_path):
    endpoints = yaml.safe_load(endpoints_yaml("http://localhost:5056", tmp_path / "conversations.db"))
    assert endpoints["action_endpoint"] == {
        "url": "http://localhost:5056/webhook",
        "headers": {"X-Action-Token": "${ACTION_SERVER_TOKEN}"},  # Rasa reads it from the environment
    }
    assert endpoints["tracker_store"] == {
        "type": "SQL",
        "dialect": "sqlite",
        "db": str(tmp_path / "conversations.db"),
    }
