"""JSON Schemas of the knowledge files (see knowledge/README.md for the same in words).

They check shapes and formats; ``validate.py`` adds the checks that need several values at once
(coordinates in the region, open < close, periods covering the year, known themes and sites...).
"""

from __future__ import annotations

TEXTS = {
    "type": "object",
    "properties": {"fr": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
    "required": ["fr", "en"],
}
OPTIONAL_TEXTS = {"oneOf": [{"type": "null"}, TEXTS]}
# Where a fact comes from, for staff (``kb show``), never shown to visitors: FR/EN or plain text. A
# ``note`` says what a visitor needs in plain words; how the fact was found goes here.
PROVENANCE = {"oneOf": [{"type": "null"}, {"type": "string", "minLength": 1}, TEXTS]}
# A visitor text (parking, public transport) with where it comes from beside it.
OPTIONAL_TEXTS_WITH_PROVENANCE = {
    "oneOf": [
        {"type": "null"},
        {
            **TEXTS,
            "properties": {**TEXTS["properties"], "provenance": PROVENANCE},
            "additionalProperties": False,
        },
    ]
}
URL = {"type": "string", "pattern": "^https?://"}
OPTIONAL_URL = {"oneOf": [{"type": "null"}, URL]}
ISO_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
MONTH_DAY = {"type": "string", "pattern": r"^\d{2}-\d{2}$"}
MONTH_DAY_OR_DATE = {"type": "string", "pattern": r"^(\d{4}-)?\d{2}-\d{2}$"}
CLOCK = {"type": "string", "pattern": r"^\d{2}:\d{2}$"}
WINDOW = {"type": "string", "pattern": r"^\d{2}:\d{2}-\d{2}:\d{2}$"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NTH_WEEKDAYS = [f"{weekday}{nth}" for weekday in WEEKDAYS for nth in range(1, 6)]
CONFIDENCE = {"enum": ["high", "medium", "low"]}
BOOKING = {"enum": ["required", "advised", "none", None]}
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
PRICE = {"oneOf": [{"type": "null"}, {"type": "number", "minimum": 0}]}
AGE = {"type": "integer", "minimum": 0, "maximum": 120}

SOURCED = {  # fields every known block carries: where the facts come from and when they were checked
    "source": OPTIONAL_URL,
    "verified_on": {"oneOf": [{"type": "null"}, ISO_DATE]},
    "confidence": CONFIDENCE,
    "note": OPTIONAL_TEXTS,
    "provenance": PROVENANCE,
}

PERIOD = {
    "type": "object",
    "properties": {
        "from": MONTH_DAY,
        "to": MONTH_DAY,
        # "sun" every Sunday; "sun1", "sun3" the first and third Sundays of the month.
        "days": {"type": "array", "items": {"enum": WEEKDAYS + NTH_WEEKDAYS}, "uniqueItems": True},
        "open": {"type": "array", "items": WINDOW},
        "label": OPTIONAL_TEXTS,
        "provenance": PROVENANCE,
        # A season whose hours no source gives (or sources disagree on): its days are unknown.
        "status": {"const": "unknown"},
        "source": URL,  # where this season's hours come from, when not the hours' own source
        "verified_on": ISO_DATE,
    },
    "required": ["from", "to"],
    "if": {"required": ["status"]},
    "else": {"required": ["days", "open"]},
    "additionalProperties": False,
}
# A yearly bound may be vague where the source is ("mi-octobre"): "mid-10", "early-01" (hours.VAGUE_DAYS).
CLOSURE_BOUND = {"type": "string", "pattern": r"^((\d{4}-)?\d{2}-\d{2}|(early|mid)-\d{2})$"}
EXACT_DATES = {  # one year's exact bounds of a vague yearly closure, from the source that gives them
    "type": "object",
    "properties": {"from": ISO_DATE, "to": ISO_DATE, **SOURCED},
    "anyOf": [{"required": ["from"]}, {"required": ["to"]}],
    "required": ["source", "verified_on"],
    "additionalProperties": False,
}
CLOSURE = {
    "type": "object",
    "properties": {
        "from": CLOSURE_BOUND,
        "to": CLOSURE_BOUND,
        "date": MONTH_DAY_OR_DATE,
        "easter": {"type": "integer", "minimum": -60, "maximum": 60},  # days after Easter Sunday
        "label": OPTIONAL_TEXTS,
        "provenance": PROVENANCE,
        "exact": {"type": "array", "items": EXACT_DATES},
        "dates_unknown": {"type": "boolean"},  # the source says closed at some time in the span, not when
        "source": URL,  # where this closure comes from, when not the hours' own source
        "verified_on": ISO_DATE,
    },
    "oneOf": [{"required": ["from", "to"]}, {"required": ["date"]}, {"required": ["easter"]}],
    "additionalProperties": False,
}
HOURS = {
    "type": "object",
    "properties": {
        "status": {"enum": ["known", "unknown", "always_open"]},
        **SOURCED,
        "periods": {"type": "array", "items": PERIOD},
        "closures": {"type": "array", "items": CLOSURE},
        "public_holidays": {
            "oneOf": [
                # "as_periods" and "open" are refused by validate.py with the reason (no source).
                {"enum": ["as_periods", "closed", "open"]},
                {
                    "type": "object",
                    "properties": {
                        "closed": {
                            "oneOf": [{"const": "all"}, {"type": "array", "items": {"type": "string"}}]
                        },
                        "open": {
                            "oneOf": [{"const": "others"}, {"type": "array", "items": {"type": "string"}}]
                        },
                        "open_on_closed_weekdays": {"type": "boolean"},
                        "open_hours": {"type": "array", "items": WINDOW},  # when not the period's
                        **SOURCED,
                    },
                    "additionalProperties": False,
                },
            ]
        },
        "last_entry_minutes": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 0}]},
        "last_entry": {"oneOf": [{"type": "null"}, CLOCK]},  # e.g. the ticket office's closing time
        "guided_tours": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "only": {"type": "boolean"},
                        "times": {"type": "array", "items": CLOCK},
                        "every_minutes": {"type": "integer", "minimum": 5},
                        "booking": BOOKING,
                        "note": OPTIONAL_TEXTS,
                        "provenance": PROVENANCE,
                    },
                    "required": ["only"],
                    "additionalProperties": False,
                },
            ]
        },
    },
    "required": ["status"],
    "allOf": [
        {"if": {"properties": {"status": {"const": "known"}}}, "then": {"required": ["periods", "source"]}},
        {"if": {"properties": {"status": {"const": "always_open"}}}, "then": {"required": ["source"]}},
    ],
    "additionalProperties": False,
}
PRICES = {
    "type": "object",
    "properties": {
        "status": {"enum": ["known", "unknown", "free"]},
        **SOURCED,
        "currency": {"enum": ["EUR"]},
        "adult": PRICE,
        "reduced": PRICE,
        "child": PRICE,
        "child_ages": {
            "oneOf": [{"type": "null"}, {"type": "array", "items": AGE, "minItems": 2, "maxItems": 2}]
        },
        "free_under": {"oneOf": [{"type": "null"}, AGE]},
        "student": PRICE,
        "family": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "price": {"type": "number", "minimum": 0},
                        "adults": {"type": "integer", "minimum": 1},
                        "max_children": {"type": "integer", "minimum": 1},
                        "note": OPTIONAL_TEXTS,
                        "provenance": PROVENANCE,
                    },
                    "required": ["price"],
                    "additionalProperties": False,
                },
            ]
        },
        "group": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "per_person": PRICE,
                        "min_size": {"type": "integer", "minimum": 2},
                        "note": OPTIONAL_TEXTS,
                        "provenance": PROVENANCE,
                    },
                    "additionalProperties": False,
                },
            ]
        },
        "school": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {"per_pupil": PRICE, "note": OPTIONAL_TEXTS, "provenance": PROVENANCE},
                    "additionalProperties": False,
                },
            ]
        },
    },
    "required": ["status"],
    "allOf": [
        {"if": {"properties": {"status": {"const": "known"}}}, "then": {"required": ["source", "adult"]}},
        {"if": {"properties": {"status": {"const": "free"}}}, "then": {"required": ["source"]}},
    ],
    "additionalProperties": False,
}
AUDIENCE = {  # groups / schools
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "properties": {
                "fr": {"type": ["string", "null"]},
                "en": {"type": ["string", "null"]},
                "contact": {"type": ["string", "null"]},
                "booking": BOOKING,
                "provenance": PROVENANCE,
            },
            "additionalProperties": False,
        },
    ]
}
SITE = {
    "type": "object",
    "properties": {
        "id": SLUG,
        "member": {"type": "boolean"},
        "name": TEXTS,
        "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "themes": {"type": "array", "items": SLUG, "minItems": 1},
        "description": TEXTS,
        "address": {
            "type": "object",
            "properties": {
                "street": {"type": ["string", "null"]},
                "postcode": {"oneOf": [{"type": "null"}, {"type": "string", "pattern": r"^\d{5}$"}]},
                "town": {"type": "string", "minLength": 1},
            },
            "required": ["town"],
            "additionalProperties": False,
        },
        "location": {
            "type": "object",
            "properties": {
                "lat": {"type": "number"},
                "lon": {"type": "number"},
                "confidence": CONFIDENCE,
                "source": OPTIONAL_URL,
                "supplied_by": {"enum": ["network"]},
                "verified_on": {"oneOf": [{"type": "null"}, ISO_DATE]},
                "provenance": PROVENANCE,
            },
            "required": ["lat", "lon", "source"],
            "additionalProperties": False,
        },
        "website": OPTIONAL_URL,
        "phone": {"type": ["string", "null"]},
        "visit_minutes": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 5, "maximum": 600}]},
        "visit_minutes_source": OPTIONAL_URL,
        "visit_minutes_estimated": {"type": "boolean"},
        # Outdoors (cemetery, memorial, crater, trail): visited between sunrise and sunset.
        "open_air": {"type": "boolean"},
        "hours": HOURS,
        "prices": PRICES,
        "languages": {
            "oneOf": [
                {"type": "null"},
                {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2}$"}},
            ]
        },
        "wheelchair": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "access": {"enum": ["full", "partial", "none", "unknown"]},
                        "note": OPTIONAL_TEXTS,
                        "provenance": PROVENANCE,
                    },
                    "required": ["access"],
                    "additionalProperties": False,
                },
            ]
        },
        "groups": AUDIENCE,
        "schools": AUDIENCE,
        "parking": OPTIONAL_TEXTS_WITH_PROVENANCE,
        "public_transport": OPTIONAL_TEXTS_WITH_PROVENANCE,
        "sources": {"type": "array", "items": URL, "minItems": 1},
        "verified_on": ISO_DATE,
    },
    "required": [
        "id",
        "member",
        "name",
        "themes",
        "description",
        "address",
        "location",
        "hours",
        "prices",
        "sources",
        "verified_on",
    ],
    "additionalProperties": False,
}
SYNONYMS = {
    "type": "object",
    "properties": {
        "fr": {"type": "array", "items": {"type": "string"}},
        "en": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}
THEMES_FILE = {
    "type": "object",
    "properties": {
        "themes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": SLUG,
                    "label": TEXTS,
                    "synonyms": SYNONYMS,
                    "parent": {"oneOf": [{"type": "null"}, SLUG]},
                    "description": OPTIONAL_TEXTS,
                },
                "required": ["id", "label"],
                "additionalProperties": False,
            },
        },
        "combinations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "themes": {"type": "array", "items": SLUG, "minItems": 2},
                    "synonyms": SYNONYMS,
                },
                "required": ["themes", "synonyms"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["themes"],
}
EVENT_RULE = {
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "month": {"type": "integer", "minimum": 1, "maximum": 12},
                "day": {"type": "integer", "minimum": 1, "maximum": 31},
            },
            "required": ["month", "day"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "month": {"type": "integer", "minimum": 1, "maximum": 12},
                "weekday": {"enum": WEEKDAYS},
                "nth": {"enum": [1, 2, 3, 4, -1]},
            },
            "required": ["month", "weekday", "nth"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"dates": {"type": "array", "items": ISO_DATE, "minItems": 1}},
            "required": ["dates"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"from": MONTH_DAY, "to": MONTH_DAY},
            "required": ["from", "to"],
            "additionalProperties": False,
        },
    ]
}
EVENTS_FILE = {
    "type": "object",
    "properties": {
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": SLUG,
                    "name": TEXTS,
                    "rule": EVENT_RULE,
                    "scope": {"enum": ["regional", "sites"]},
                    "sites": {"type": "array", "items": SLUG},
                    "themes": {"type": "array", "items": SLUG},
                    "description": OPTIONAL_TEXTS,
                    "source": OPTIONAL_URL,
                    "verified_on": {"oneOf": [{"type": "null"}, ISO_DATE]},
                    "note": OPTIONAL_TEXTS,
                },
                "required": ["id", "name", "rule", "scope"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["events"],
}
MEMBERS_FILE = {
    "type": "object",
    "properties": {
        "members": {"type": "array", "items": SLUG, "uniqueItems": True, "minItems": 1},
        "source": OPTIONAL_URL,
        "verified_on": {"oneOf": [{"type": "null"}, ISO_DATE]},
    },
    "required": ["members"],
}
STATIONS_FILE = {
    "type": "object",
    "properties": {
        "stations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": SLUG,
                    "name": {"type": "string"},
                    "kind": {"enum": ["station", "port"]},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                    "town_geonameid": {"type": "integer"},
                    "lat": {"type": "number"},
                    "lon": {"type": "number"},
                    "source": OPTIONAL_URL,
                },
                "required": ["id", "name", "kind", "town_geonameid"],
                # Either sourced coordinates or none (the town centre is used and marked approximate).
                "dependentRequired": {"lat": ["lon", "source"], "lon": ["lat", "source"]},
                "additionalProperties": False,
            },
        }
    },
    "required": ["stations"],
}
