"""What a channel lets through to the NLU: a message's text cleaned and bounded (pure, no Rasa).

Every channel (``channels/``) passes the visitor's text through ``channel_text`` before Rasa sees it:

- lone surrogates ("\\ud800", which no encoder accepts) and control characters are removed; tab
  and line breaks stay, as the tokenizer reads them as spaces;
- a message longer than the dialogue reads (``MAX_TEXT``) is cut to one character more: the NLU then
  costs what a message of the longest readable length costs (a 200 kB message held Rasa for 100 s),
  and the guard and the dialogue still see that it was too long and ask for a shorter one;
- an intent payload (``/intent{"entity": value}``, what buttons send) keeps only JSON that has no
  NaN or infinite number: Rasa would store them in the conversation, which is then no longer JSON.
  What the values mean is checked in one place of the dialogue (``bot.conversation.entity_checks``).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

from bot.conversation.turn import MAX_TEXT

KEPT_CONTROLS = {"\t", "\n", "\r"}
# Rasa's own reading of a payload (YAMLStoryReader._regex_message_pattern): /intent@confidence{json}
_PAYLOAD = re.compile(r"^(/[^{@]+(?:@[0-9.]+)?)(\{.*\})?(.*)$", re.DOTALL)


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    return not (category == "Cs" or (category == "Cc" and char not in KEPT_CONTROLS))


def clean_text(text: str) -> str:
    """``text`` without lone surrogates and control characters (tab and line breaks kept)."""
    if text.isprintable():  # the usual case, checked in C
        return text
    return "".join(char for char in text if _kept(char))


class _NotFinite(ValueError):
    pass


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as infinity
        raise _NotFinite(text)
    return value


def _reject(constant: str) -> Any:
    raise _NotFinite(constant)


def finite_payload(text: str) -> str:
    """An intent payload without its JSON when that holds NaN or an infinite number; other text as is."""
    match = _PAYLOAD.match(text.strip()) if text.lstrip().startswith("/") else None
    if not match or not match.group(2):
        return text
    try:
        json.loads(match.group(2), parse_float=_finite, parse_constant=_reject)
    except _NotFinite:
        return match.group(1) + match.group(3)
    except ValueError:
        pass  # not JSON: Rasa reads the intent and ignores the rest
    return text


def channel_text(text: Any) -> str:
    """The text a channel hands to Rasa for what the visitor sent (not text: an empty message)."""
    if not isinstance(text, str):
        return ""
    return finite_payload(clean_text(text[: MAX_TEXT * 2])[: MAX_TEXT + 1])


# REST and socket.io requests --------------------------------------------------------------------
MAX_BODY_BYTES = 256 * 1024  # a message of any length fits (it is cut anyway), with its metadata
MAX_SENDER_CHARS = 128  # Rasa's tracker store keeps sender ids in a column of 255 characters


class BadRequest(ValueError):
    """A request that is not a message: answered with HTTP ``status`` and ``str(error)``."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _sender_ok(sender: Any) -> bool:
    return isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS and clean_text(sender) == sender


def read_rest_body(body: bytes, content_type: str | None) -> dict[str, Any]:
    """The JSON object of a REST request to the bot (``sender``, ``message``, ``metadata``, …), or
    ``BadRequest``: only JSON (a plain-text or form post is what another site's page can send
    without asking), an object, a text message, a sender id, an object as metadata."""
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        raise BadRequest("the body must be JSON, sent as Content-Type: application/json", 415)
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(f"the body is larger than {MAX_BODY_BYTES // 1024} kB", 413)
    try:
        data = json.loads(body.decode("utf-8"), parse_float=_finite, parse_constant=_reject)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("the body is not valid JSON (UTF-8, without NaN or Infinity)") from None
    if not isinstance(data, dict):
        raise BadRequest('the body must be a JSON object: {"sender": "…", "message": "…"}')
    if not isinstance(data.get("message"), str):
        raise BadRequest('"message" must be a string')
    if "sender" in data and not _sender_ok(data["sender"]):
        raise BadRequest(f'"sender" must be a string of 1 to {MAX_SENDER_CHARS} printable characters')
    if data.get("metadata") is not None and not isinstance(data["metadata"], dict):
        raise BadRequest('"metadata" must be a JSON object')
    if data.get("input_channel") is not None and not isinstance(data["input_channel"], str):
        raise BadRequest('"input_channel" must be a string')
    return data


def socket_message(data: Any) -> dict[str, Any] | None:
    """A socket.io ``user_uttered`` event as Rasa's channel reads it (a text message, an object as
    metadata), or None for an event without a usable session id (the channel ignores it)."""
    if not isinstance(data, dict) or not _sender_ok(data.get("session_id")):
        return None
    message = data.get("message")
    metadata = data.get("metadata")
    return {
        **data,
        "message": message if isinstance(message, str) else "",
        "metadata": metadata if isinstance(metadata, dict) else {},
    }
