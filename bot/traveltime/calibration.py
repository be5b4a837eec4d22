"""Published driving times the offline model is calibrated against, and its error on them.

``python -m bot.traveltime.calibration`` prints one line per pair and the mean errors. Places are
taken from the gazetteer (GeoNames town centres) or a site's coordinates; times are the published
ones, rounded as published.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bot.geo import haversine_km
from bot.knowledge import KnowledgeBase, open_kb
from bot.traveltime.offline import DETOUR, road_minutes


@dataclass(frozen=True)
class Reference:
    origin: str  # a gazetteer place name, or "site:<id>"
    destination: str
    minutes: float
    km: float | None
    source: str


REFERENCES = (
    Reference(
        "Paris", "Beauvais", 60, 80, "https://www.regions-of-france.com/regions/picardy/road-network-travel"
    ),
    Reference(
        "Paris",
        "Abbeville",
        120,
        180,
        "https://www.regions-of-france.com/regions/picardy/road-network-travel",
    ),
    Reference(
        "Paris",
        "Amiens",
        105,
        None,
        "https://wonderful-planet.com/14618669-14-top-rated-attractions-and-things-to-do-in-amiens",
    ),
    Reference(
        "Péronne", "TGV Haute-Picardie", 20, None, "Wikivoyage, Péronne (mirror ro.wikitrps.com/wiki/Péronne)"
    ),
    Reference("Arras", "Lens", 20, None, "https://thelotuseater.co.uk/lens-of-history-day-56"),
    Reference(
        "Lille", "site:musee-resistance-bondues", 25, None, "knowledge/sites/musee-resistance-bondues.yaml"
    ),
)


def _point(kb: KnowledgeBase, name: str) -> tuple[float, float]:
    if name.startswith("site:"):
        site = kb.site(name.removeprefix("site:"))
        return site.lat, site.lon
    place = kb.find_places(name, 1)[0]
    return place.lat, place.lon


def measure(kb: KnowledgeBase | None = None) -> list[dict]:
    """One row per reference: published and modelled minutes and km."""
    kb = kb or open_kb()
    rows = []
    for reference in REFERENCES:
        km = haversine_km(*_point(kb, reference.origin), *_point(kb, reference.destination)) * DETOUR["car"]
        rows.append(
            {
                "pair": f"{reference.origin} – {reference.destination}",
                "published_minutes": reference.minutes,
                "model_minutes": round(road_minutes(km, "car"), 1),
                "published_km": reference.km,
                "model_km": round(km, 1),
            }
        )
    return rows


def summary(rows: list[dict]) -> dict:
    errors = [row["model_minutes"] - row["published_minutes"] for row in rows]
    return {
        "mean_absolute_error_minutes": round(statistics.mean(abs(error) for error in errors), 1),
        "mean_absolute_percentage_error": round(
            100
            * statistics.mean(abs(e) / row["published_minutes"] for e, row in zip(errors, rows, strict=True)),
            1,
        ),
        "mean_error_minutes": round(statistics.mean(errors), 1),
    }


def main() -> None:
    rows = measure()
    for row in rows:
        print(
            f"{row['pair']:<42} published {row['published_minutes']:>5.0f} min  model {row['model_minutes']:>5.0f} min"
            f"  ({row['model_km']:.0f} km, published {row['published_km'] or '-'})"
        )
    print(summary(rows))


if __name__ == "__main__":
    main()
