"""A dual region of an arrangement: a record made by :meth:`arrangement.Arrangement.regions`.

>>> from arrangement import Arrangement
>>> sorted(Arrangement([[1, 0], [0, 1]]).regions()[0].activation)
[0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass

from .display import rich

__all__ = ["Region"]


@dataclass(frozen=True)
class Region:
    """A dual region: sign pattern over the data, an exact interior point, bounding hyperplanes.

    ``witness`` is an integer vector (a rational point scaled to clear denominators);
    ``facets`` lists the data indices whose hyperplanes carry a facet of the region.
    """

    index: int
    pattern: str
    witness: tuple
    facets: tuple

    @property
    def activation(self) -> frozenset:
        """The activation pattern ``A = {j : <w, x_j> > 0}``."""
        return frozenset(j for j, s in enumerate(self.pattern) if s == "+")

    def __repr__(self):
        return f"Region({self.index}, pattern={self.pattern!r}, witness={self.witness})"

    def _repr_html_(self):
        return rich(self, "html")

    def _repr_markdown_(self):
        return rich(self, "markdown")
