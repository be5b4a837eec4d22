"""The planning problem: an orienteering problem with time windows (OPTW), one tour per day (TOPTW).

Times are plain numbers in one unit (minutes for real requests). A node's ``windows[t]`` lists the
windows in which its service may START on tour ``t`` (any order; a window closing before it opens
counts as none); a real site passes ``close - service`` as the
end of a window so that the visit ends before closing time. The start and end depots use their first
window of each tour as "leave no earlier than" and "be back no later than".
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

    def __post_init__(self) -> None:
        self.index = {node.id: position for position, node in enumerate(self.nodes)}
        if len(self.index) != len(self.nodes):
            raise ProblemError("nodes: ids must be unique")
        for name in ("start", "end"):
            if getattr(self, name) not in self.index:
                raise ProblemError(f"{name}: unknown node id {getattr(self, name)!r}")
        if self.tours < 1:
            raise ProblemError("tours: at least 1")
        size = len(self.nodes)
        if len(self.time) != size or any(len(row) != size for row in self.time):
            raise ProblemError(f"time: must be a {size}x{size} matrix")
        for position, node in enumerate(self.nodes):
            if len(node.windows) != self.tours:
                raise ProblemError(f"nodes[{position}] ({node.id}): one list of windows per tour is needed")
        for name in ("start", "end"):
            depot = self.nodes[self.index[getattr(self, name)]]
            if not all(depot.windows):
                raise ProblemError(f"{name}: the depot needs a window on every tour")
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

    def candidates(self) -> list[int]:
        """Indices of the nodes that may be visited (not the depots, with some score)."""
        depots = {self.start_index, self.end_index}
        return [i for i, node in enumerate(self.nodes) if i not in depots and node.score > 0]

    def day_bounds(self, tour: int) -> tuple[float, float]:
        """When tour ``tour`` may leave the start and must be back at the end."""
        leave = self.nodes[self.start_index].windows[tour][0][0]
        back = self.nodes[self.end_index].windows[tour][-1][1]
        return leave, back

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
