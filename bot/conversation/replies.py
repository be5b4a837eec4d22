"""What an action sends back: text, quick-reply buttons and an optional custom payload.

Actions turn each ``Reply`` into one ``dispatcher.utter_message`` call; nothing here knows Rasa.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    text: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None


def button(title: str, intent: str, **entities: Any) -> dict[str, str]:
    """A quick reply that sends ``/intent{"entity": value}``, understood without the NLU model."""
    payload = f"/{intent}" + (json.dumps(entities, ensure_ascii=False) if entities else "")
    return {"title": title, "payload": payload}
