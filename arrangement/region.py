"""A dual region of an arrangement: a record made by :meth:`arrangement.Arrangement.regions`.

>>> from arrangement import Arrangement
>>> sorted(Arrangement([[1, 0], [0, 1]]).regions()[0].activation)
[0, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import index

from .display import rich

__all__ = ["Region", "RegionList"]


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


class RegionList(Sequence):
    """The regions of an arrangement as a read-only sequence of :class:`Region` records, each made
    when it is read (from columns: nothing is kept per region).  Indexing, slicing (a tuple),
    ``len``, iteration and comparison behave as for a tuple of records: equal to a RegionList or
    a tuple of the same records in the same order, never to a list (``(1,) == [1]`` is False).

    ``records(start, stop)`` returns the records of regions ``start:stop`` as a list.

    >>> rs = RegionList(3, lambda a, b: [Region(i, "+", (i,), ()) for i in range(a, b)])
    >>> len(rs), rs[-1].index, [r.index for r in rs[1:]], rs == tuple(rs), rs == list(rs)
    (3, 2, [1, 2], True, False)
    """

    _BLOCK = 4096

    def __init__(self, length: int, records):
        self._length = length
        self._records = records

    def __len__(self):
        return self._length

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = i.indices(self._length)
            if step == 1:
                return tuple(self._records(start, stop)) if start < stop else ()
            return tuple(self[j] for j in range(start, stop, step))
        i = index(i)                        # a float or a string is no index (TypeError, as for a tuple)
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("region index out of range")
        return self._records(i, i + 1)[0]

    def __iter__(self):
        for start in range(0, self._length, self._BLOCK):
            yield from self._records(start, min(start + self._BLOCK, self._length))

    def __eq__(self, other):
        if isinstance(other, (RegionList, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"RegionList({self._length} regions)"
