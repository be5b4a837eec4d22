"""The planning problem: an orienteering problem with time windows (OPTW), one tour per day (TOPTW).

Times are plain numbers in one unit (minutes for real requests). A node's ``windows[t]`` lists the
windows in which its service may START on tour ``t`` (any order; a window closing before it opens
counts as none); a real site passes ``close - service`` as the
end of a window so that the visit ends before closing time. The start and end depots use their first
window of each tour as "leave no earlier than" and "be back no later than". Each tour may have its own
depots (``depots``: a trip that moves on, where the end of day N is the start of day N + 1).

A node's ``place`` (optional) groups nodes visited "in one go", such as the sites of one town or
sites a few minutes apart: among plans of the best score the planner prefers those that keep a place
on one tour and do not come back to a place once left (``travel.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Window = tuple[float, float]


class ProblemError(ValueError):
    """The problem description is malformed (a message says which part and why)."""


@dataclass(frozen=True)
class Node:
    id: str
    score: float
    service: float
    windows: tuple[tuple[Window, ...], ...]  # one tuple of windows per tour
    place: str | None = None  # nodes of one place are better visited together (see module doc)


@dataclass(frozen=True)
class Break:
    """A pause (lunch) of ``duration`` taken wholly inside ``[earliest, latest]``, never during a visit."""

    earliest: float
    latest: float
    duration: float


@dataclass
class Problem:
    nodes: list[Node]
    start: str
    end: str
    tours: int
    time: list[list[float]]
    breaks: list[Break | None] = field(default_factory=list)  # per tour; empty = no break
    depots: list[tuple[str, str]] = field(default_factory=list)  # per tour (start, end); empty = same
    max_visits: int | None = None  # at most this many visits in a tour (a visitor's pace); None: any

    def __post_init__(self) -> None:
        self.index = {node.id: position for position, node in enumerate(self.nodes)}
        if len(self.index) != len(self.nodes):
            raise ProblemError("nodes: ids must be unique")
        if self.tours < 1:
            raise ProblemError("tours: at least 1")
        if not self.depots:
            self.depots = [(self.start, self.end)] * self.tours
        if len(self.depots) != self.tours:
            raise ProblemError("depots: one (start, end) pair per tour (or none)")
        named = [("start", self.start), ("end", self.end)]
        named += [pair for depots in self.depots for pair in zip(("start", "end"), depots, strict=True)]
        for name, node_id in named:
            if node_id not in self.index:
                raise ProblemError(f"{name}: unknown node id {node_id!r}")
        size = len(self.nodes)
        if len(self.time) != size or any(len(row) != size for row in self.time):
            raise ProblemError(f"time: must be a {size}x{size} matrix")
        for position, node in enumerate(self.nodes):
            if len(node.windows) != self.tours:
                raise ProblemError(f"nodes[{position}] ({node.id}): one list of windows per tour is needed")
        for tour, pair in enumerate(self.depots):
            for name, node_id in zip(("start", "end"), pair, strict=True):
                if not self.nodes[self.index[node_id]].windows[tour]:
                    raise ProblemError(
                        f"{name}: the depot needs a window on every tour ({node_id!r}, tour {tour})"
                    )
        if not self.breaks:
            self.breaks = [None] * self.tours
        if len(self.breaks) != self.tours:
            raise ProblemError("breaks: one per tour (or none)")

    @property
    def start_index(self) -> int:
        return self.index[self.start]

    @property
    def end_index(self) -> int:
        return self.index[self.end]

    def start_of(self, tour: int) -> int:
        return self.index[self.depots[tour][0]]

    def end_of(self, tour: int) -> int:
        return self.index[self.depots[tour][1]]

    def candidates(self) -> list[int]:
        """Indices of the nodes that may be visited (not the depots, with some score)."""
        depots = {self.index[node_id] for pair in self.depots for node_id in pair}
        return [i for i, node in enumerate(self.nodes) if i not in depots and node.score > 0]

    def day_bounds(self, tour: int) -> tuple[float, float]:
        """When tour ``tour`` may leave its start and must be back at its end."""
        leave = self.nodes[self.start_of(tour)].windows[tour][0][0]
        back = self.nodes[self.end_of(tour)].windows[tour][-1][1]
        return leave, back

    def to_json(self) -> dict:
        """The ``python -m bot solve`` format, for problems it can hold: one window per node, the same
        on every tour, one start and end, no break (ProblemError otherwise)."""
        if any(self.breaks) or any(pair != (self.start, self.end) for pair in self.depots):
            raise ProblemError("the JSON format has no breaks and one start and end")
        nodes = []
        for node in self.nodes:
            if len(set(node.windows)) != 1 or len(node.windows[0]) != 1:
                raise ProblemError(f"{node.id}: the JSON format has one window, the same on every tour")
            ((opens, closes),) = node.windows[0]
            nodes.append(
                {"id": node.id, "score": node.score, "service": node.service, "open": opens, "close": closes}
            )
        return {"tours": self.tours, "start": self.start, "end": self.end, "nodes": nodes, "time": self.time}

    @classmethod
    def from_json(cls, data: object) -> Problem:
        """Read the ``python -m bot solve`` format: one window per node, the same on every tour."""
        if not isinstance(data, dict):
            raise ProblemError("the problem must be a JSON object")
        try:
            tours = int(data.get("tours", 1))
            raw_nodes = data["nodes"]
            nodes = []
            for position, raw in enumerate(raw_nodes):
                try:
                    window = (float(raw["open"]), float(raw["close"]))
                    nodes.append(
                        Node(
                            str(raw["id"]),
                            float(raw.get("score", 0)),
                            float(raw.get("service", 0)),
                            ((window,),) * tours,
                        )
                    )
                except (KeyError, TypeError, ValueError) as error:
                    raise ProblemError(
                        f"nodes[{position}]: needs id, open and close numbers ({error})"
                    ) from None
            time = [[float(value) for value in row] for row in data["time"]]
            start = str(data.get("start", nodes[0].id if nodes else "0"))
            end = str(data.get("end", start))
        except KeyError as error:
            raise ProblemError(f"missing field {error}") from None
        except (TypeError, ValueError) as error:
            raise ProblemError(f"malformed problem: {error}") from None
        if any(not math.isfinite(value) for row in time for value in row):
            raise ProblemError("time: every travel time must be a finite number")
        return cls(nodes, start, end, tours, time)
