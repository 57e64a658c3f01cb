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
