"""What the console refuses from a form, said field by field."""

from __future__ import annotations


class Problems(ValueError):
    """Input that cannot be used: ``problems`` lists each field and why (``"date: …"``)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems
