"""Who visits, as the slot ``party`` holds it and as prices need it (``bot.texts.formats.describe_party``
words it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.knowledge import Party

# Prices of a party whose size was not said are quoted for these (and the reply says so).
DEFAULT_FAMILY = (2, 2)
DEFAULT_GROUP_SIZE = 20
DEFAULT_CLASS_SIZE = 25


def party_of(value: Mapping[str, Any] | None) -> Party:
    """The ``party`` slot ({kind, size, adults, children}) as the knowledge base's Party."""
    if not value:
        return Party()
    kind, size = value.get("kind"), value.get("size")
    adults, children = value.get("adults"), value.get("children")
    if kind == "school":
        return Party(adults=0, students=size or DEFAULT_CLASS_SIZE, school=True)
    if kind == "group":  # a youth group's children are priced at the group rate too
        return Party(adults=size or DEFAULT_GROUP_SIZE, group=True)
    if kind == "family" or children:
        adults = adults or DEFAULT_FAMILY[0]
        children = children or (size - adults if size and size > adults else DEFAULT_FAMILY[1])
        return Party(adults=adults, children=children)
    return Party(adults=int(size or adults or (2 if kind == "couple" else 1)))
