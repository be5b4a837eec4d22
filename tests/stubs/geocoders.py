"""Stand-ins for the BAN address API (GeoJSON) and Nominatim (JSON array), answering from a dict.

Answers are shaped like the real services' (see the field lists in bot/geocoding/ban.py and
nominatim.py); the places are test data, not facts the product relies on.
"""

from __future__ import annotations

from tests.stubs.servers import Reply


def ban_feature(label, lon, lat, kind, score, context, postcode, city, name=None) -> dict:
    properties = {
        "label": label,
        "score": score,
        "id": f"{postcode}_stub",
        "name": name or label,
        "postcode": postcode,
        "citycode": postcode,
        "x": 0.0,
        "y": 0.0,
        "city": city,
        "context": context,
        "type": kind,
        "importance": 0.5,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def ban_app(answers: dict[str, list[dict]]):
    def app(path: str, query: dict) -> Reply:
        text = query.get("q", "")
        if path.rstrip("/") != "/search":
            return Reply(404, {"code": 404, "message": "Not found"})
        if len(text.strip()) < 3:
            return Reply(400, {"code": 400, "message": "q must contain between 3 and 200 chars"})
        features = answers.get(text, [])[: int(query.get("limit", 5))]
        return Reply(
            200,
            {
                "type": "FeatureCollection",
                "version": "draft",
                "features": features,
                "attribution": "BAN",
                "licence": "ETALAB-2.0",
                "query": text,
                "limit": int(query.get("limit", 5)),
            },
        )

    return app


def nominatim_place(name, lat, lon, category, kind, importance, state, country) -> dict:
    return {
        "place_id": 1,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
        "osm_type": "relation",
        "osm_id": 1,
        "boundingbox": [str(lat - 0.05), str(lat + 0.05), str(lon - 0.05), str(lon + 0.05)],
        "lat": str(lat),
        "lon": str(lon),
        "display_name": f"{name}, {state}, {country}",
        "class": category,
        "type": kind,
        "importance": importance,
        "address": {"city": name, "state": state, "country": country},
    }


def nominatim_app(answers: dict[str, list[dict]]):
    def app(path: str, query: dict) -> Reply:
        if path.rstrip("/") != "/search":
            return Reply(404, {"error": "not found"})
        return Reply(200, answers.get(query.get("q", ""), [])[: int(query.get("limit", 10))])

    return app
