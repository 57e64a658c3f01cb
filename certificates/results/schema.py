"""One typed schema for every result: the arrangement, its regions and faces, certificates, solutions.

Every record is a frozen dataclass whose fields are all present whatever the status or the route
that produced it; a field that does not apply (or was not proved) is ``None``.  Exact numbers are
stored as the strings sympy prints and parses (``"sqrt(5)/5"``, ``"3/4"``), interval enclosures
as arb balls (``"[0.5 +/- 1e-16]"``), numerical values as floats.  ``to_json()`` gives plain
dicts of str, int, float, bool, None, lists and dicts, with non-finite floats as ``None``, so
``json.dumps(..., allow_nan=False)`` always succeeds; ``from_json`` reads them back.  A record is
also a read-only mapping over its JSON form, so ``report["unique"]`` and ``report.unique`` agree.
Every key, its type and when it is null: ``docs/pages/schema.md``.

>>> rec = AtomRecord(w=(0.6, 0.8), amplitude=float("inf"), face="+", w_exact=("3/5", "4/5"),
...                  amplitude_exact=None)
>>> rec.to_json()
{'w': [0.6, 0.8], 'amplitude': None, 'face': '+', 'w_exact': ['3/5', '4/5'], 'amplitude_exact': None, 'w_enclosure': None, 'amplitude_enclosure': None}
>>> rec["w_exact"], rec.w_exact, AtomRecord.from_json(rec.to_json()).w_exact
(['3/5', '4/5'], ('3/5', '4/5'), ('3/5', '4/5'))
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from numbers import Integral

__all__ = ["LOSS", "LOSS_NORMALIZED", "Record", "ArrangementReport", "RegionRecord", "RegionsReport",
           "FaceRecord", "FacesReport", "WallRecord", "ExtremePointRecord", "CertificateReport", "AtomRecord", "SolverRecord",
           "SolutionReport", "SweepPointRecord", "SweepSlopesRecord", "SweepReport", "BreakpointRecord", "SegmentRecord",
           "PathReport", "plain"]

# the objective of P_lambda, as the reports state it
LOSS = "1/2 |K mu - y|^2 + lambda |mu|_TV"
LOSS_NORMALIZED = "1/(2n) |K mu - y|^2 + lambda |mu|_TV"


def plain(value):
    """``value`` as plain JSON data: records and tuples become dicts and lists, dict keys strings,
    non-finite floats ``None``, exact numbers (Fraction, sympy) their strings.

    >>> from fractions import Fraction
    >>> plain({1: (Fraction(1, 3), float("nan"), True, 2)})
    {'1': ['1/3', None, True, 2]}
    """
    if value is None or type(value) in (bool, str, int):
        return value
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):   # numpy floats too
        return float(value) if math.isfinite(value) else None
    return str(value)   # Fraction, sympy numbers: exact strings


def _frozen(value):
    """JSON lists back to tuples (records are immutable)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


class Record(Mapping):
    """Base of every record: ``to_json``, ``from_json`` and the read-only mapping over the JSON form."""

    NESTED: dict = {}   # field name -> record type of its value (or of each item of a list)

    def to_json(self) -> dict:
        """The record as plain JSON data (every field present)."""
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, obj: dict):
        """The record from its JSON form (keys it does not know are ignored)."""
        values = {}
        for f in fields(cls):
            value, nested = obj.get(f.name), cls.NESTED.get(f.name)
            if nested is not None and value is not None:
                value = tuple(nested.from_json(v) for v in value) if isinstance(value, list) \
                    else nested.from_json(value)
            values[f.name] = _frozen(value)
        return cls(**values)

    def __getitem__(self, key):
        if key not in self._names():
            raise KeyError(key)
        return plain(getattr(self, key))

    def __iter__(self):
        return iter(self._names())

    def __len__(self):
        return len(self._names())

    @classmethod
    def _names(cls) -> tuple:
        return tuple(f.name for f in fields(cls))


# ---- the arrangement -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArrangementReport(Record):
    """Counts of ``dualcert count --json``; ``cover_count`` is None unless in general position."""

    n: int
    d: int
    rank: int
    n_hyperplanes: int
    n_regions: int
    characteristic_polynomial: str
    general_position: bool
    cover_count: int | None


@dataclass(frozen=True)
class RegionRecord(Record):
    """A region: its sign pattern over the data, an integer interior point, its facets (data indices)."""

    pattern: str
    witness: tuple
    facets: tuple

    def to_json(self) -> dict:   # fast path: one per region, tens of thousands of them
        return {"pattern": self.pattern, "witness": list(self.witness), "facets": list(self.facets)}


@dataclass(frozen=True)
class RegionsReport(ArrangementReport):
    """``dualcert regions --json``: the counts, every region, the adjacency edges and their data."""

    regions: tuple
    edges: tuple
    edge_data: tuple

    NESTED = {"regions": RegionRecord}

    def to_json(self) -> dict:   # fast path: tens of thousands of regions and edges of plain ints
        return {**{f.name: plain(getattr(self, f.name)) for f in fields(ArrangementReport)},
                "regions": [r.to_json() for r in self.regions], "edges": [list(e) for e in self.edges],
                "edge_data": [list(e) for e in self.edge_data]}


@dataclass(frozen=True)
class FaceRecord(Record):
    """A face of the sphere: sign vector, dimension, a witness, its facets (face indices)."""

    signs: str
    dim: int
    witness: tuple
    facets: tuple


@dataclass(frozen=True)
class FacesReport(Record):
    """``dualcert faces --json``."""

    n: int
    d: int
    faces: tuple

    NESTED = {"faces": FaceRecord}


# ---- certificates -------------------------------------------------------------------------------
@dataclass(frozen=True)
class WallRecord(Record):
    """The KKT multipliers (data index -> exact) of the walls active at an extreme point in one region."""

    region: int
    multipliers: dict
    strictly_complementary: bool


@dataclass(frozen=True)
class ExtremePointRecord(Record):
    """A point of ``Ext = {|eta| = 1}``: ``w`` exact or enclosed, ``eta(w) = sign``.

    ``regions``, ``walls``: the regions holding it and their multipliers (exact route only);
    ``nondegenerate``: per point (exact route only); ``charged``: whether a minimiser found puts
    mass on it (None when no minimiser is known).
    """

    w: tuple
    sign: int
    face: str
    location: str
    regions: tuple | None = None
    nondegenerate: bool | None = None
    walls: tuple | None = None
    charged: bool | None = None

    NESTED = {"walls": WallRecord}


@dataclass(frozen=True)
class CertificateReport(Record):
    """What is proved about a dual vector and the minimisers it certifies.

    ``proof`` names the route (None: nothing proved).  Exact route (the certificate module, any
    rational ``p``): ``sup_abs_eta``, ``margin``, ``minimisers`` exact.  Interval route (the
    optimality system): ``p`` and ``w`` enclosed, ``margin_lower_bound``, ``antipodal_pairs``,
    ``second_minimiser`` when not unique.  Duality-gap route: ``p_centre``, ``p_radius``,
    ``objective_interval``, ``support_candidates``.
    """

    n: int
    d: int
    n_regions: int
    data_support_bound: int
    sparse_atoms_bound: int
    proof: str | None = None
    p: tuple | None = None
    lam: str | None = None
    feasible: bool | None = None
    sup_abs_eta_squared: str | None = None
    sup_abs_eta: str | None = None
    extreme_points: tuple | None = None
    support_bound: int | None = None
    nondegenerate: bool | None = None
    margin_squared: str | None = None
    margin: str | None = None
    margin_lower_bound: str | None = None
    unique: bool | None = None
    uniqueness_note: str | None = None
    b: tuple | None = None
    consistent: bool | None = None
    full_column_rank: bool | None = None
    minimisers: tuple | None = None
    antipodal_pairs: int | None = None
    second_minimiser: tuple | None = None
    p_centre: tuple | None = None
    p_radius: float | None = None
    objective_interval: tuple | None = None
    support_candidates: tuple | None = None
    message: str | None = None

    def __repr__(self):   # some forty fields: one line here, the whole record as a table in a notebook
        return (f"CertificateReport(n={self.n}, d={self.d}, feasible={self.feasible}, "
                f"support_bound={self.support_bound}, unique={self.unique}, proof={self.proof!r:.60})")

    def _repr_markdown_(self):
        from ..report.render import markdown
        return markdown(self)

    def _repr_html_(self):
        from ..report.notebook import html_of
        return html_of(self._repr_markdown_())

    NESTED = {"extreme_points": ExtremePointRecord}


# ---- solutions ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AtomRecord(Record):
    """An atom ``amplitude * delta_w``; ``w_exact``, ``amplitude_exact`` when the status is exact;
    ``w_enclosure``, ``amplitude_enclosure`` (arb balls) when verified by the optimality system."""

    w: tuple
    amplitude: float
    face: str
    w_exact: tuple | None = None
    amplitude_exact: str | None = None
    w_enclosure: tuple | None = None
    amplitude_enclosure: str | None = None


@dataclass(frozen=True)
class SolverRecord(Record):
    """The numerical stage: iterations, (region, sign) cones used, the oracle's last bound of
    ``sup eta^2`` (column generation only), the numerical objective, and the end-game's route."""

    iterations: int | None
    regions_used: int | None
    sup_bound: float | None
    numerical_objective: float | None
    proof: str | None


@dataclass(frozen=True)
class SolutionReport(Record):
    """``dualcert solve --json``: the minimiser, its status and its certificate."""

    lam: str
    lam_problem: str
    loss: str
    method: str
    status: str
    reason: str
    objective: float | None
    dual_objective: float | None
    gap: float | None
    atoms: tuple
    p: tuple
    p_exact: tuple | None
    certificate: CertificateReport
    solver: SolverRecord
    objective_exact: str | None = None
    number_field: dict | None = None
    objective_enclosure: str | None = None

    NESTED = {"atoms": AtomRecord, "certificate": CertificateReport, "solver": SolverRecord}


# ---- low-noise sweeps ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SweepPointRecord(Record):
    """One grid point of a sweep; an error is None (infinite) when a sign has no atom to match."""

    lam: str
    noise: str
    seed: int
    status: str
    n_atoms: int
    n_reference: int
    location_error: float | None
    amplitude_error: float | None
    objective: float | None


@dataclass(frozen=True)
class SweepSlopesRecord(Record):
    """Log-log slopes of the errors (None: fewer than two usable points, or no such points)."""

    location_vs_lambda: float | None
    amplitude_vs_lambda: float | None
    location_vs_lambda_plus_noise: float | None
    amplitude_vs_lambda_plus_noise: float | None
    same_atom_count_when_noise_le_lambda: bool


@dataclass(frozen=True)
class SweepReport(Record):
    """``dualcert sweep --json``: the exact-fit reference, every grid point, the slopes."""

    reference: SolutionReport
    points: tuple
    slopes: SweepSlopesRecord

    NESTED = {"reference": SolutionReport, "points": SweepPointRecord, "slopes": SweepSlopesRecord}


# ---- regularisation paths -------------------------------------------------------------------------
# an end of a segment or a breakpoint: its exact value as text, or an enclosing [lo, hi] of texts

@dataclass(frozen=True)
class BreakpointRecord(Record):
    """A lambda where the structure changes; ``events``: one text per event (kind: faces)."""

    lam: object
    event: str
    events: tuple


@dataclass(frozen=True)
class SegmentRecord(Record):
    """Lambdas with one structure; ``n_atoms``, ``faces`` and ``signs`` are None when ``unproved``."""

    lam_min: object
    lam_max: object
    n_atoms: int | None
    faces: tuple | None
    signs: tuple | None
    status: str
    boxes: int
    formula: dict


@dataclass(frozen=True)
class PathReport(Record):
    """``dualcert path --json``: segments in increasing lambda, the breakpoints between them."""

    lam_min: str
    lam_max: str
    segments: tuple
    breakpoints: tuple
    lambda_0: object
    lambda_0_from: str | None

    NESTED = {"segments": SegmentRecord, "breakpoints": BreakpointRecord}
