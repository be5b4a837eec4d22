"""The trip layer: a visitor's preferences in, a circuit (or why there is none) out.

``plan_trip`` finds the start, scores the sites, gets opening windows and travel times, and asks the
planner for the best circuit, and answers with facts and codes (``bot.texts.plans`` words them);
``to_ics`` / ``to_gpx`` export it; ``parse_circuit_link`` / ``schedule_circuit`` serve the website's shared links.
"""

from bot.knowledge import Party
from bot.trip.circuit import schedule_circuit
from bot.trip.exports import to_gpx, to_ics
from bot.trip.links import CircuitSpec, parse_circuit_link, website_link
from bot.trip.plan import MAX_DAYS, plan_trip
from bot.trip.request import (
    MAX_YEARS_AWAY,
    Alternative,
    Closure,
    DayPlan,
    LaterDates,
    TransitAccess,
    TripPlan,
    TripProblem,
    TripRequest,
    Visit,
    within_reach,
)
from bot.trip.scoring import score_sites

__all__ = [
    "MAX_DAYS",
    "MAX_YEARS_AWAY",
    "Alternative",
    "Closure",
    "CircuitSpec",
    "DayPlan",
    "LaterDates",
    "Party",
    "TripPlan",
    "TripProblem",
    "TransitAccess",
    "TripRequest",
    "Visit",
    "parse_circuit_link",
    "plan_trip",
    "schedule_circuit",
    "score_sites",
    "to_gpx",
    "to_ics",
    "website_link",
    "within_reach",
]
