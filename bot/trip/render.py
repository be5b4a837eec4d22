"""Moved: localised formatting is ``bot.texts.formats``, the words of a circuit ``bot.texts.plans``.

Kept only while ``bot/conversation/trip_details.py`` (edited on another branch) still imports
``format_date`` from here; delete this file when it imports ``bot.texts.formats``."""

from bot.texts.formats import format_date

__all__ = ["format_date"]
