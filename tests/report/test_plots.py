"""Pictures: the geometry they draw is checked against exact signs; files are written and readable."""

import numpy as np
import pytest
from matplotlib.image import imread

from arrangement import Arrangement, DataError
from arrangement.datasets import builtin, random_integer
from certificates.report.plots import Picture, _chart_basis, _chart_polygons, _pole, plot_circle, plot_graph, \
    plot_network_1d, plot_sphere, region_values
from certificates.cli.plot import picture_of_solution
from certificates.solver import solve
from conftest import run_cli as run


@pytest.mark.parametrize("data, bias", [(builtin("xor"), True), (random_integer(7, 3, seed=2, bound=5), False)])
def test_chart_polygons_are_the_regions(data, bias):
    """Every polygon of both gnomonic charts maps back to a point of its region (exact signs)."""
    A = Arrangement(data, bias=bias)
    picture = Picture(A)
    c = _pole(picture)
    e1, e2 = _chart_basis(c)
    X, S = picture.X, A.sign_matrix()
    seen = set()
    for h in (1.0, -1.0):
        for region, poly in _chart_polygons(picture, c, h, radius=50.0):
            q = poly.representative_point()
            w = q.x * e1 + q.y * e2 + h * c
            assert np.array_equal(np.sign(X @ w).astype(int), S[region])
            seen.add(region)
    assert seen == set(range(len(S)))          # with a large frame, every region shows up


def test_region_values_match_sampling():
    A = Arrangement(random_integer(6, 3, seed=1, bound=4))
    p = np.random.default_rng(0).standard_normal(6)
    values = region_values(Picture(A, p))
    W = np.random.default_rng(1).standard_normal((40000, 3))
    W /= np.linalg.norm(W, axis=1)[:, None]
    X = np.array(A.X, dtype=float)
    eta = np.maximum(W @ X.T, 0) @ p
    patterns = {tuple(r): k for k, r in enumerate(A.sign_matrix().tolist())}
    best = np.zeros(len(values))
    for e, s in zip(eta, np.sign(W @ X.T).astype(int)):
        k = patterns[tuple(s)]
        if abs(e) > abs(best[k]):
            best[k] = e
    assert np.all(np.abs(best) <= np.abs(values) + 1e-9)      # sampled values never exceed the maxima
    assert np.allclose(np.abs(best), np.abs(values), atol=0.05)


def _looks_like_a_picture(path):
    image = imread(path)
    assert image.shape[0] > 300 and image.shape[1] > 300 and image.std() > 0.02


def test_all_plots_write_files(tmp_path):
    xor = Arrangement(builtin("xor"), bias=True)
    picture = picture_of_solution(xor, solve(xor, lam="1/10"))
    for name, draw in (("sphere.png", plot_sphere), ("graph.png", plot_graph)):
        draw(picture, str(tmp_path / name))
        _looks_like_a_picture(tmp_path / name)
    hat = Arrangement([[-2], [-1], [0], [1], [2]], bias=True)
    picture = picture_of_solution(hat, solve(hat, [0, 1, 2, 1, 0], "1/10"))
    plot_circle(picture, str(tmp_path / "circle.svg"))
    assert (tmp_path / "circle.svg").read_text().count("<svg") == 1
    plot_network_1d(picture, str(tmp_path / "net.pdf"), labels=[0, 1, 2, 1, 0])
    assert (tmp_path / "net.pdf").read_bytes()[:4] == b"%PDF"


def test_plots_refuse_wrong_dimensions(tmp_path):
    with pytest.raises(DataError, match="d = 2"):
        plot_circle(Picture(Arrangement(builtin("xor"), bias=True)), str(tmp_path / "x.png"))
    with pytest.raises(DataError, match="d = 3"):
        plot_sphere(Picture(Arrangement([[1, 0], [0, 1]])), str(tmp_path / "x.png"))
    with pytest.raises(DataError, match="one-dimensional data with a bias"):
        plot_network_1d(Picture(Arrangement([[1, 0], [0, 1]])), str(tmp_path / "x.png"))


def test_plot_command(tmp_path):
    data = tmp_path / "hat.csv"
    data.write_text("x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n")
    out = tmp_path / "hat.png"
    code, stdout, err = run("plot", str(data), "--bias", "--lam", "0.1", "-o", str(out), "--quiet")
    assert code == 0, err
    _looks_like_a_picture(out)
    _looks_like_a_picture(tmp_path / "hat-network.png")
    code, _, err = run("plot", "xor", "--bias", "--dual", "1,-1,-1,1", "-o", str(tmp_path / "xor.png"))
    assert code == 0, err
    code, _, err = run("plot", "threshold:3", "--bias", "-o", str(tmp_path / "t.png"))
    assert code == 2 and "d = 2 or 3" in err and "Traceback" not in err
    code, _, err = run("plot", "xor", "--bias", "-o", str(tmp_path / "t.txt"))
    assert code == 2 and ".png, .svg or .pdf" in err


def test_demo_writes_a_report(tmp_path):
    code, out, err = run("demo", "-o", str(tmp_path / "demo"), "--quiet")
    assert code == 0, err
    report = (tmp_path / "demo" / "report.md").read_text()
    assert "14 dual regions" in report and "status: **exact**" in report
    for line in report.splitlines():
        if line.startswith("!["):
            _looks_like_a_picture(tmp_path / "demo" / line[line.index("(") + 1:-1])


# ---- figures returned by .plot(ax=None) and what they show --------------------------------------------
HAT_X, HAT_Y = [[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0]


def test_plot_methods_return_figures_and_draw_into_given_axes():
    from matplotlib.figure import Figure
    from certificates import Certificate
    xor = Arrangement(builtin("xor"), bias=True)
    hat = Arrangement(HAT_X, bias=True)
    s = solve(hat, HAT_Y, "1/10")
    figures = [xor.plot(), hat.plot(), Certificate(hat, s.p_exact).plot(), s.plot(), solve(xor, lam="1/10").plot()]
    assert all(isinstance(f, Figure) for f in figures)
    fig = Figure()
    ax = fig.subplots()
    assert s.plot(ax=ax) is fig and ax.lines                      # drawn into the given axes
    two = Figure().subplots(1, 2)
    assert xor.plot(ax=two) is two[0].figure and two[1].patches    # both hemispheres


def test_circle_legend_has_both_signs_and_maths_labels():
    hat = Arrangement(HAT_X, bias=True)
    ax = solve(hat, HAT_Y, "1/10").plot().axes[0]
    labels = ax.get_legend_handles_labels()[1]
    # the hat's minimiser at lambda = 1/10 has one positive and two negative atoms
    assert any("+1$ (1)" in label for label in labels) and any("-1$ (2)" in label for label in labels)
    assert "$" in ax.get_xlabel() and "$" in ax.get_ylabel()


def test_sphere_chart_centre_is_the_bias_axis_for_any_certificate():
    from certificates import Certificate
    from certificates.report.plots import draw_sphere
    xor = Arrangement(builtin("xor"), bias=True)
    titles = {draw_sphere(Picture(xor, p, extreme)).texts[0].get_text() for p, extreme in
              (([1, -1, -1, 1], ()), ([0, 1, 1, 0], [((0.0, 0.0, 1.0), 1)]), ([1, 0, 0, 0], [((1.0, 0.0, 0.0), 1)]))}
    assert len(titles) == 1 and "bias axis" in titles.pop()
    e1, e2 = _chart_basis(_pole(Picture(xor)))
    assert np.allclose([e1, e2], [[1, 0, 0], [0, 1, 0]])
    Certificate(xor, [1, -1, -1, 1]).plot()


def test_path_picture_covers_the_range_smoothly():
    from certificates import regularisation_path
    path = regularisation_path(HAT_X, HAT_Y, "1/100", 5, bias=True)
    top, bottom = path.plot().axes[:2]
    assert np.allclose(top.get_xlim(), (0.01, 5))
    labels = top.get_legend_handles_labels()[1]
    assert any("mu = 0" in label for label in labels)             # the top segment (lambda > 4)
    assert sum("--0++" in label or "++0--" in label for label in labels) == 2   # coincident, both listed
    assert any("7/8" in t.get_text() for t in top.texts) and any("= 4" in t.get_text() for t in top.texts)
    # every segment is sampled densely, and the samples are the minimiser: at lambda the middle
    # atom of the hat has amplitude (4 - lambda)/5 above 7/8 and 2 - 11 lambda/7 below (by hand)
    for segment in path.segments:
        if segment.faces:
            assert len(segment.samples) >= 20
            for lam, amplitudes, _ in segment.samples:
                k = segment.faces.index("+++++")
                expected = (4 - lam) / 5 if lam > 7 / 8 else 2 - 11 * lam / 7
                assert abs(amplitudes[k] - expected) < 1e-7


def test_verified_path_segments_are_sampled_densely():
    from certificates import regularisation_path
    xor = builtin("xor")
    path = regularisation_path(Arrangement(xor, bias=True), xor.y, "1/100", 1, exact=False)
    s = solve(Arrangement(xor, bias=True), xor.y, "1/10")        # an independent solve at 1/10
    for segment in path.segments:
        assert segment.status == "verified" and len(segment.samples) >= 20
    low = path.segments[0]
    lams = np.array([t[0] for t in low.samples])
    k = low.faces.index("++++")
    amplitude = np.interp(0.1, lams, [t[1][k] for t in low.samples])
    expected = next(a.amplitude for a in s.atoms if a.face == "++++")
    assert abs(amplitude - expected) < 1e-3 * abs(expected)


def test_sweep_draws_zero_errors_on_the_axis():
    from types import SimpleNamespace
    from certificates.report.plots import draw_sweep
    points = [SimpleNamespace(lam=lam, noise="0", location_error=0.0, amplitude_error=float(lam[2:]) / 1000,
                              seed=0) for lam in ("1/10", "1/100", "1/1000")]
    reference = SimpleNamespace(atoms=(1, 2), certificate={"unique": True})
    left, right = draw_sweep(points, {}, reference).axes[:2]
    zeros = [line for line in left.lines if line.get_marker() == "v"]
    assert len(zeros) == 1 and len(zeros[0].get_xdata()) == 3     # all three zeros are shown
    assert any("0" in label for label in left.get_legend_handles_labels()[1])
    assert len(right.lines[0].get_xdata()) == 3


def test_import_does_not_load_matplotlib():
    import subprocess
    import sys
    code = "import sys, certificates, arrangement; from certificates.solver import solve; " \
           "print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_html_plot(tmp_path, monkeypatch):
    pytest.importorskip("plotly")
    out = tmp_path / "xor.html"
    code, _, err = run("plot", "xor", "--bias", "--lam", "1/10", "--html", str(out), "--quiet")
    assert code == 0, err
    page = out.read_text()
    # every region's pattern is in the hover data (14 regions of XOR with a bias: brute-force count
    # in test_regions), as are the hover template and the colours of the certificate
    A = Arrangement(builtin("xor"), bias=True)
    assert all(f'"{r.pattern}"' in page for r in A.regions()) and "max of eta on the region" in page
    assert "plotly" in page and "RdBu" in page
    code, _, err = run("plot", "xor", "--bias", "--html", str(tmp_path / "x.txt"))
    assert code == 2 and ".html" in err
    from certificates.report import interactive
    monkeypatch.setitem(__import__("sys").modules, "plotly", None)
    monkeypatch.setitem(__import__("sys").modules, "plotly.graph_objects", None)
    with pytest.raises(Exception, match=r"pip install 'dualcert\[plots\]'"):
        interactive.require_plotly()
