"""Sites nearest a shared location or a town, with distance and whether they are open now."""

from __future__ import annotations

from datetime import datetime

from bot.conversation.replies import Reply, button
from bot.knowledge import KnowledgeBase, Site
from bot.texts import t
from bot.texts.formats import format_km

NEARBY_COUNT = 5


def nearest_sites(
    kb: KnowledgeBase,
    lat: float,
    lon: float,
    themes: list[str] | None = None,
    other_than: str | None = None,
) -> list[tuple[Site, float]]:
    """The ``NEARBY_COUNT`` sites nearest ``(lat, lon)``, of ``themes`` if given, but ``other_than``
    (the site the visitor asks what else there is around), with their distance."""
    of_themes = {site.id for site in kb.sites(themes=themes)} if themes else None
    found = kb.near(lat, lon, limit=None)
    return [
        (site, km)
        for site, km in found
        if (of_themes is None or site.id in of_themes) and site.id != other_than
    ][:NEARBY_COUNT]


def nearby_reply(
    kb: KnowledgeBase,
    lat: float,
    lon: float,
    place: str | None,
    now: datetime,
    lang: str,
    themes: list[str] | None = None,
    other_than: str | None = None,
) -> Reply:
    """The nearest sites of ``(lat, lon)`` (of ``themes`` if given: "something on the V-weapons near
    Boulogne"), and a button to plan a circuit from there."""
    where = place or t(lang, "circuit.your_location")
    lines = [t(lang, "dialogue.nearby.header", place=where)]
    open_now = 0
    for site, km in nearest_sites(kb, lat, lon, themes, other_than):
        is_open = kb.is_open_at(site.id, now)
        open_now += is_open is True
        state = t(
            lang,
            {
                True: "dialogue.nearby.open",
                False: "dialogue.nearby.closed",
                None: "dialogue.nearby.hours_unknown",
            }[is_open],
        )
        lines.append(
            t(lang, "dialogue.nearby.line", name=site.name_in(lang), km=format_km(km, lang), state=state)
        )
    if not open_now:  # "which ones are open now?": say it plainly
        lines.append(t(lang, "dialogue.nearby.none_open_now"))
    entities = {"latitude": lat, "longitude": lon} if place is None else {"town": place}
    return Reply(
        "\n".join(lines), [button(t(lang, "dialogue.nearby.plan_from_here"), "plan_circuit", **entities)]
    )


def ask_location(lang: str) -> Reply:
    return Reply(t(lang, "dialogue.nearby.ask_location"))


def shared_start(lat: float, lon: float, lang: str) -> dict[str, object]:
    """The slots a shared location fills: it is the start of the next circuit ("a circuit from here")."""
    return {"start_place": t(lang, "circuit.your_location"), "start_lat": lat, "start_lon": lon}
