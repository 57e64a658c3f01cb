"""The JSON of every result has exactly the keys written down in docs/pages/schema.md, with the
documented types, in every status and on every proof route; what each route proves is checked
against closed forms; records round-trip; LaTeX typesets exact numbers (sympy), never ``\\sqrt(``."""

import json
import math
import re
from fractions import Fraction as Q
from pathlib import Path

import numpy as np
import pytest
import sympy

from arrangement import Arrangement
from certificates import Certificate, exact_fit, solve
from certificates.exact.refusal import Refusal
from certificates.cli.main import main as cli
from certificates.report import latex, markdown
from certificates.report.render import tex_number
from certificates.results.build import certificate_report
from certificates.results.schema import CertificateReport, FacesReport, RegionsReport, SolutionReport, plain
import certificates.solver.endgame.routes as endgame
import certificates.solver.minimiser as minimiser

PAGE = Path(__file__).resolve().parents[2] / "docs" / "pages" / "schema.md"


from schema_tables import documented_tables  # noqa: E402

CERTIFICATE, SOLUTION, SWEEP, REGIONS, FACES, *_ = documented_tables()   # later tables: their own tests
_SYMPY_NAMES = {"sqrt", "CRootOf", "x", "I"}


def _exact(value) -> bool:
    if not isinstance(value, str) or not set(re.findall(r"[A-Za-z_]\w*", value)) <= _SYMPY_NAMES:
        return False
    number = sympy.sympify(value)
    return number.is_number and number.is_real and not number.has(sympy.Float)


def _conforms(value, typ: str) -> bool:
    if typ.startswith("{str: "):
        return isinstance(value, dict) and all(isinstance(k, str) and _conforms(v, typ[6:-1]) for k, v in value.items())
    if typ.startswith("["):
        return isinstance(value, list) and all(_conforms(v, typ[1:-1]) for v in value)
    return {"int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "float": lambda v: v is None or (type(v) is float and math.isfinite(v)),
            "bool": lambda v: isinstance(v, bool), "str": lambda v: isinstance(v, str),
            "exact": _exact, "object": lambda v: isinstance(v, dict),
            "enclosure": lambda v: _exact(v) or bool(re.fullmatch(r"\[-?[\d.e+-]+ \+/- [\d.e+-]+\]", v))}[typ](value)


def check(obj: dict, rows: dict, prefix: str = "") -> None:
    """Every documented key present, no other key, each value of its documented type (or null
    where the page allows null); nested objects and lists of objects recursively."""
    level = {path[len(prefix):]: row for path, row in rows.items()
             if path.startswith(prefix) and "." not in path[len(prefix):]}
    assert set(obj) == set(level), (prefix, set(obj) ^ set(level))
    for key, (typ, null_when) in level.items():
        value = obj[key]
        if value is None:
            assert not null_when.startswith("never"), f"{prefix}{key} is null"
            continue
        assert _conforms(value, typ), (prefix + key, typ, value)
        if prefix + key in ("certificate", "reference"):   # a record documented in its own table
            check(value, CERTIFICATE if key == "certificate" else SOLUTION)
        elif typ == "object":
            check(value, rows, prefix + key + ".")
        elif typ == "[object]":
            for item in value:
                check(item, rows, prefix + key + "[].")


def _nulls(cert: dict) -> set:
    return {k for k, v in cert.items() if v is None}


def _as_json(record_json: dict) -> dict:
    """Through the wire: strict JSON (no NaN) and back."""
    return json.loads(json.dumps(record_json, allow_nan=False))


def _fail_verification(monkeypatch):
    monkeypatch.setattr(endgame, "verify", lambda system, x: Refusal("verification switched off by the test"))


@pytest.fixture(scope="module")
def random_non_unique():
    """20 random points in d = 3 at lambda = 1/10: verified, more antipodal pairs than dimensions."""
    rng = np.random.default_rng(0)
    X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((20, 3))]
    y = [str(round(v, 2)) for v in rng.standard_normal(20)]
    return solve(Arrangement(X), y, "0.1"), X, y


def test_exact_rational_route():
    """One point x = (3, 4), y = 10, lambda = 5: mu = 9/5 delta_(3/5, 4/5), p = 1/5 (closed form)."""
    s = solve([[3, 4]], [10], 5)
    out = _as_json(s.to_json())
    check(out, SOLUTION)
    cert = out["certificate"]
    assert out["status"] == "exact" and cert["proof"].startswith("exact rational")
    assert cert["p"] == ["1/5"] and cert["lam"] == "5" and cert["b"] == ["9"] and cert["minimisers"] == [["9/5"]]
    assert cert["extreme_points"][0]["w"] == ["3/5", "4/5"] and cert["extreme_points"][0]["charged"] is True
    assert _nulls(cert) == {"margin_lower_bound", "uniqueness_note", "antipodal_pairs", "second_minimiser",
                            "p_centre", "p_radius", "objective_interval", "support_candidates", "message"}
    assert s.certificate["unique"] is True and s.certificate.unique is True


def test_exact_algebraic_route_has_exact_points():
    """x = e1, e2, y = (1, 1), lambda = 1/2: one neuron at (1, 1)/sqrt 2, p* = (sqrt 2/2, sqrt 2/2)."""
    s = solve([[1, 0], [0, 1]], [1, 1], "1/2")
    out = _as_json(s.to_json())
    check(out, SOLUTION)
    cert, half = out["certificate"], sympy.sqrt(2) / 2
    assert out["status"] == "exact" and cert["proof"].startswith("interval arithmetic")
    assert [sympy.sympify(v) - half for v in cert["p"]] == [0, 0]
    assert [sympy.sympify(v) - half for v in cert["extreme_points"][0]["w"]] == [0, 0]
    assert cert["unique"] is True and cert["antipodal_pairs"] == 0 and cert["margin"] is None
    assert float(cert["margin_lower_bound"]) > 0


def test_verified_non_unique_route(random_non_unique):
    s, X, y = random_non_unique
    out = _as_json(s.to_json())
    check(out, SOLUTION)
    cert = out["certificate"]
    assert out["status"] == "verified" and cert["unique"] is False and cert["antipodal_pairs"] > 3
    assert cert["support_bound"] == len(cert["extreme_points"]) >= len(out["atoms"])
    # the listed minimiser (a vertex split) charges some of the charged extreme points; the
    # second minimiser is a vector over all of them
    charged = [e for e in cert["extreme_points"] if e["charged"]]
    assert len(charged) >= len(out["atoms"]) and len(cert["second_minimiser"]) == len(charged)
    # the second minimiser has the same objective (checked here in floats against the data)
    Xf, yf = np.array(X, dtype=float), np.array(y, dtype=float)

    def objective(amplitudes, points):
        fit = sum(a * np.maximum(Xf @ np.array(w, dtype=float), 0) for a, w in zip(amplitudes, points))
        return 0.5 * float((fit - yf) @ (fit - yf)) + 0.1 * sum(abs(a) for a in amplitudes)
    points = [[float(v.strip("[").split(" ")[0]) for v in e["w"]] for e in charged]
    assert objective(cert["second_minimiser"], points) == pytest.approx(out["objective"], abs=1e-9)
    assert objective([a["amplitude"] for a in out["atoms"]], [a["w"] for a in out["atoms"]]) == \
        pytest.approx(out["objective"], abs=1e-9)
    assert "two" not in markdown(s.certificate) and "second minimiser" in markdown(s.certificate)


def test_duality_gap_route_encloses_the_closed_form(monkeypatch):
    _fail_verification(monkeypatch)
    s = solve([[1, 0], [0, 1]], [1, 1], "1/2")
    out = _as_json(s.to_json())
    check(out, SOLUTION)
    cert = out["certificate"]
    assert out["status"] == "verified" and cert["proof"].startswith("duality gap") and cert["message"]
    centre = [Q(v) for v in cert["p_centre"]]
    distance2 = sum((float(c) - math.sqrt(2) / 2) ** 2 for c in centre)
    assert math.sqrt(distance2) <= cert["p_radius"] * (1 + 1e-9)
    optimum = math.sqrt(2) / 2 - 1 / 8   # sqrt(2) lambda - lambda^2/2
    low, high = cert["objective_interval"]
    assert low <= optimum <= high
    assert {"p", "extreme_points", "unique", "margin", "sup_abs_eta"} <= _nulls(cert)
    assert s.certificate["unique"] is None


def test_numerical_status(monkeypatch):
    _fail_verification(monkeypatch)
    monkeypatch.setattr(minimiser, "sparse_exact_fit", lambda *args: Refusal("switched off by the test"))
    s = exact_fit([[1, 0], [0, 1]], [1, 1])
    out = _as_json(s.to_json())
    check(out, SOLUTION)
    cert = out["certificate"]
    assert out["status"] == "numerical" and out["p_exact"] is None and out["atoms"][0]["w_exact"] is None
    assert cert["proof"] is None and cert["feasible"] is None and "not certified" in cert["message"]
    assert cert["n"] == 2 and cert["data_support_bound"] == 6 and cert["sparse_atoms_bound"] == 2


def test_infeasible_certificate(capsys):
    """p = (1, 1) on e1, e2: eta = w1 + w2 on the positive quadrant, sup eta^2 = 2."""
    rep = _as_json(certificate_report(Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1])).to_json())
    check(rep, CERTIFICATE)
    assert rep["feasible"] is False and rep["sup_abs_eta_squared"] == "2" and rep["extreme_points"] == []
    assert "(1, 1)" in rep["message"]
    assert cli(["certify", "xor", "--bias", "--dual", "1,1,1,1", "--json"]) == 0
    check(json.loads(capsys.readouterr().out), CERTIFICATE)


def test_non_unique_certificate_minimisers_reproduce_b():
    """Four diagonal points, p = 1/2 each: Ext = {+-e1, +-e2}, b = (2, 2, 2, 2) is reproduced by
    |x1| + |x2| in more than one way."""
    X = [[1, 1], [1, -1], [-1, 1], [-1, -1]]
    rep = _as_json(certificate_report(Certificate(Arrangement(X), [Q(1, 2)] * 4, b=[2, 2, 2, 2])).to_json())
    check(rep, CERTIFICATE)
    assert rep["unique"] is False and rep["full_column_rank"] is False and len(rep["minimisers"]) == 2
    points = [[Q(v) for v in e["w"]] for e in rep["extreme_points"]]
    for amplitudes in rep["minimisers"]:
        a = [Q(v) for v in amplitudes]
        fit = [sum(ai * max(Q(0), w[0] * x[0] + w[1] * x[1]) for ai, w in zip(a, points)) for x in X]
        assert fit == [2, 2, 2, 2] and sum(a) == Q(1, 2) * 8   # TV = <p, b> (strong duality)
    assert "two different minimisers" in markdown(rep)


def test_certify_undecided_and_cli_regions_faces_count(capsys):
    assert cli(["certify", "xor", "--bias", "--dual", "1,-1,-1,1", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    check(rep, CERTIFICATE)
    assert rep["unique"] is None and rep["uniqueness_note"] and rep["extreme_points"] == []
    assert cli(["regions", "xor", "--bias", "--json", "--quiet"]) == 0
    regions = json.loads(capsys.readouterr().out)
    check(regions, REGIONS)
    assert regions["n_regions"] == len(regions["regions"]) == regions["cover_count"] == 2 * (1 + 3 + 3)
    assert cli(["count", "threshold:2", "--json"]) == 0
    count = json.loads(capsys.readouterr().out)
    assert list(count) == list(REGIONS)[:8] + ["symmetry_group_order"] and count["cover_count"] is None
    assert count.pop("symmetry_group_order") is None        # rank 3: the plain count, no group looked for
    check({**count, "regions": [], "edges": [], "edge_data": []}, REGIONS)
    assert cli(["faces", "xor", "--bias", "--json"]) == 0
    check(json.loads(capsys.readouterr().out), FACES)


def test_solve_cli_json_is_strict(capsys):
    assert cli(["solve", "xor", "--bias", "--lam", "1/10", "--json", "--quiet"]) == 0
    check(json.loads(capsys.readouterr().out), SOLUTION)


def test_the_check_fails_on_a_missing_extra_or_mistyped_key():
    rep = _as_json(certificate_report(Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1])).to_json())
    for broken in ({k: v for k, v in rep.items() if k != "unique"}, {**rep, "note": "x"},
                   {**rep, "sup_abs_eta": 1.4142}, {**rep, "n": None}, {**rep, "p": ["0.5"]}):
        with pytest.raises(AssertionError):
            check(broken, CERTIFICATE)


def test_sweep_json():
    """Two orthogonal points, y = (1, 1): the amplitude error is exactly lambda (closed form
    sqrt 2 - lambda against sqrt 2), so its slope against lambda is 1."""
    from certificates.results.build import sweep_report
    from certificates.solver.sweep import sweep
    out = _as_json(sweep_report(*sweep([[1, 0], [0, 1]], [1, 1], lams=["1/100", "1/10"], noises=[0, "1/100"]))
                   .to_json())
    check(out, SWEEP)
    assert [p["amplitude_error"] for p in out["points"][:2]] == [pytest.approx(0.01), pytest.approx(0.1)]
    assert out["slopes"]["amplitude_vs_lambda"] == pytest.approx(1)


def test_records_round_trip(random_non_unique):
    s = random_non_unique[0]
    for record in (s.report(), solve([[3, 4]], [10], 5).report()):
        again = SolutionReport.from_json(_as_json(record.to_json()))
        assert again == record and again.to_json() == record.to_json()
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    from certificates.results.build import faces_report, regions_report
    for record, kind in ((regions_report(A, A.regions(), A.edges()), RegionsReport),
                         (faces_report(A, A.faces()), FacesReport)):
        assert kind.from_json(_as_json(record.to_json())) == record


def test_non_finite_floats_become_null():
    assert plain([float("nan"), float("inf"), np.float64(-np.inf), 0.5]) == [None, None, None, 0.5]
    rep = CertificateReport(1, 1, 2, 2, 1, p_radius=float("inf"), objective_interval=(1.0, float("nan")))
    json.dumps(rep.to_json(), allow_nan=False)
    assert rep["p_radius"] is None and rep["objective_interval"] == [1.0, None]


def test_solve_latex_and_markdown(capsys):
    """x = e1, e2, y = (1, 1), lambda = 1/2: amplitude sqrt 2 - 1/2 at (1, 1)/sqrt 2."""
    assert cli(["solve", "xor", "--bias", "--lam", "1/10", "--latex", "--quiet"]) == 0
    assert r"\begin{tabular}" in capsys.readouterr().out
    from certificates.report.latex_reports import solution_latex
    from certificates.report.render import solution_markdown
    rep = solve([[1, 0], [0, 1]], [1, 1], "1/2").report()
    text = solution_latex(rep)
    # sqrt 2 - 1/2 = 0.91421356237..., sqrt(2)/2 = 0.70710678118...
    assert r"$- \frac{1}{2} + \sqrt{2} \approx 0.9142135624$" in text
    assert r"\bigl(\frac{\sqrt{2}}{2}, \frac{\sqrt{2}}{2}\bigr) \approx \bigl(0.7071067812, 0.7071067812\bigr)" in text
    assert r"\sqrt(" not in text and text.count("$") % 2 == 0
    md = solution_markdown(rep)
    assert "| 0 | (sqrt(2)/2 ≈ 0.707106781186548, sqrt(2)/2 ≈ 0.707106781186548) | " \
           "-1/2 + sqrt(2) ≈ 0.914213562373095 | `++` |" in md
    # by hand: K mu = (1 - 1/(2 sqrt 2)) (1, 1), so 1/2 |K mu - y|^2 = 1/8, lambda |mu| = sqrt(2)/2 - 1/4
    assert "- objective: -1/8 + sqrt(2)/2 ≈ 0.582106781186548" in md and "gap" not in md


def test_latex_typesets_exact_numbers():
    # hand-written LaTeX of the numbers of this package's reports
    assert tex_number("1 - 2*sqrt(5)/5") == r"1 - \frac{2 \sqrt{5}}{5}"
    assert tex_number("-3/4") == r"- \frac{3}{4}"
    assert tex_number("sqrt(2)/2") == r"\frac{\sqrt{2}}{2}"
    assert tex_number("[0.25 +/- 1e-16]") == r"0.25 \pm 1e-16"
    assert tex_number("__import__") == r"\text{\_\_import\_\_}"   # never evaluated
    text = latex(certificate_report(Certificate(Arrangement([[1, 0], [0, 1]]), [1, Q(1, 2)])))
    assert r"\sqrt(" not in text and r"$\frac{\sqrt{5}}{2} \approx 1.118033989$" in text   # sup |eta| = |(1, 1/2)|
    assert text.count("$") % 2 == 0 and r"\begin{tabular}" in text


def test_a_solutions_certificate_record_is_one_short_line_and_a_table_in_a_notebook():
    import dualcert
    s = dualcert.solve([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/10", bias=True)
    rep = s.certificate
    assert "\n" not in repr(rep) and len(repr(rep)) <= 160, repr(rep)
    markdown, html = rep._repr_markdown_(), rep._repr_html_()
    # the hat's certificate: 3 extreme points (the atoms), feasible and unique
    assert "| extreme points \\|Ext\\| | 3 |" in markdown and "| unique minimiser | yes |" in markdown
    assert "<table>" in html and "<td>3</td>" in html
