"""Mem'Histo circuits: the core of the itinerary assistant, independent of Rasa.

Subpackages: ``knowledge`` (sites, themes, events, gazetteer), ``geocoding`` and ``traveltime``
(pluggable backends, geopy-style), ``planner`` (orienteering solver), ``trip`` (preferences ->
circuit, map links, exports), ``nlu`` (custom Rasa NLU components), ``texts`` (user-facing strings).
"""
