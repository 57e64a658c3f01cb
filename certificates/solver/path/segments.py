"""The records of a regularisation path (:class:`Path`, its segments and
breakpoints) and the reading of the event at a breakpoint from the structures on
its two sides; shared by the verified path (:mod:`certificates.solver.path.path`) and its exact
refinement (:mod:`certificates.solver.path.exact`).

>>> events_between((("+0", 1),), (("++", 1),))
(('atom hits a wall', ('++', '+0')),)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ...results.build import path_report

__all__ = ["Breakpoint", "Segment", "Path", "events_between", "event_name", "finish_path", "sample_at"]


@dataclass(frozen=True)
class Breakpoint:
    """A lambda where the structure changes: ``lam`` encloses it (``lo == hi`` when exact;
    ``exact``: its exact value as text), ``event`` what happens as lambda decreases through it."""

    lam: tuple
    event: str
    events: tuple = ()
    exact: str | None = None


@dataclass(frozen=True)
class Segment:
    """Lambdas on which the minimiser has one structure: the atoms' ``faces`` and ``signs``.

    ``lam_min``/``lam_max``: the ends, each an exact text or an enclosing ``(lo, hi)``; the
    structure is proved (``status`` ``exact`` or ``verified``) on the closed interval between
    the inner ends of the enclosures, except at an end that is an exact breakpoint: there the
    event's strict inequality is an equality (an amplitude is 0, an atom lies on a wall), and
    the minimiser is the common limit of both sides (an atom of amplitude 0 is absent).  Or not
    at all (``unproved``: no structure could be proved there, e.g. a non-unique minimiser with
    antipodal pairs; ``n_atoms`` is then None).  ``samples``: float ``(lambda, amplitudes,
    atoms' w)`` along the segment, for pictures; ``evidence``: the float zeros and lambda-boxes
    of the continuation, from which a proof file is written (:mod:`certificates.proofs.path`)."""

    lam_min: object
    lam_max: object
    faces: tuple
    signs: tuple
    status: str
    boxes: int = 0
    formula: dict = field(default_factory=dict)
    samples: tuple = ()
    evidence: tuple = field(default=(), repr=False, compare=False)   # (lambda, float zero) seeds, lambda-boxes

    @property
    def n_atoms(self) -> int | None:
        return None if self.status == "unproved" else len(self.faces)


@dataclass(frozen=True)
class Path:
    """The regularisation path on ``[lam_min, lam_max]``: segments in increasing lambda, the
    breakpoints between them, and ``lambda_0``: the top of the lowest segment (an exact text or
    an enclosure), below which, down to ``lambda_0_from`` (``"0"`` when the lowest segment is
    proved down to 0, else ``lam_min``), the structure is that of small lambda."""

    lam_min: Fraction
    lam_max: Fraction
    segments: tuple
    breakpoints: tuple
    lambda_0: object
    lambda_0_from: str | None

    def to_json(self) -> dict:
        """The plain JSON of ``dualcert path --json``
        (:class:`~certificates.results.schema.PathReport`)."""
        return path_report(self).to_json()

    def __repr__(self):
        return (f"Path(lam in [{self.lam_min}, {self.lam_max}], segments={len(self.segments)}, "
                f"breakpoints={len(self.breakpoints)})")

    def _repr_markdown_(self):
        from ...report.notebook import path_markdown
        return path_markdown(self)

    def _repr_html_(self):
        from ...report.notebook import html_of, path_markdown
        return html_of(path_markdown(self))

    def plot(self, ax=None):
        """A matplotlib Figure of the amplitudes and atoms against lambda (drawn into ``ax``, one
        axes or two, when given): :func:`certificates.report.plots_lambda.draw_path`."""
        from ...report.plots_lambda import draw_path
        return draw_path(self, ax)


def sample_at(system, lam, x) -> tuple:
    p, atoms = system.float_solution(x)
    return float(lam), tuple(t * c for _, t, c in atoms), tuple(tuple(float(v) for v in w) for w, _, _ in atoms)


def _below(a: str, b: str) -> bool:
    """Face ``a`` lies in the closure of face ``b`` (it agrees with ``b`` off its own zeros)."""
    return a != b and all(u == v or u == "0" for u, v in zip(a, b))


def events_between(lower: tuple, upper: tuple) -> tuple:
    """What happens to the structure ``upper`` (above the breakpoint) as lambda decreases to
    ``lower``: ``(kind, faces)`` per event.

    >>> events_between((("+0", 1),), (("++", 1),))
    (('atom hits a wall', ('++', '+0')),)
    >>> events_between((("++", 1), ("+-", -1)), (("++", 1),))
    (('atom appears', ('+-',)),)
    """
    gone = [a for a in upper if a not in lower]
    new = [a for a in lower if a not in upper]
    out = []
    for old in list(gone):
        children = [a for a in new if a[1] == old[1] and (_below(old[0], a[0]) or _below(a[0], old[0]))]
        if len(children) >= 2 and all(_below(old[0], a[0]) for a in children):
            out.append(("atom splits", (old[0],) + tuple(a[0] for a in children)))
        elif len(children) == 1:
            child = children[0]
            parents = [a for a in gone if a[1] == child[1] and _below(child[0], a[0])]
            if len(parents) >= 2:
                out.append(("atoms merge", tuple(a[0] for a in parents) + (child[0],)))
                gone = [a for a in gone if a not in parents]
            else:
                out.append(("atom hits a wall" if _below(child[0], old[0]) else "atom leaves a wall",
                            (old[0], child[0])))
        else:
            continue
        new = [a for a in new if a not in children]
        gone = [a for a in gone if a != old]
    out += [("atom vanishes", (a[0],)) for a in gone] + [("atom appears", (a[0],)) for a in new]
    return tuple(out)


def event_name(events) -> str:
    kinds = sorted({kind for kind, _ in events})
    return "; ".join(kinds) if kinds else "unresolved"


def finish_path(lam_min, lam_max, segments, breakpoints, from_zero: bool = False) -> Path:
    lowest = segments[0]
    lam0 = None if lowest.status == "unproved" else lowest.lam_max
    return Path(lam_min, lam_max, tuple(segments), tuple(breakpoints), lam0,
                None if lam0 is None else ("0" if from_zero else str(lam_min)))
