"""Pictures of the arrangement, the certificate and the solution (matplotlib, files only).

Every function draws on its own :class:`matplotlib.figure.Figure` (no pyplot state) and writes
``path``; the format follows the suffix (``.png``, ``.svg``, ``.pdf``).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import numpy as np
from matplotlib import cm, colormaps, colors
from matplotlib.figure import Figure
from shapely.geometry import Polygon, box

from arrangement import Arrangement, DataError
from arrangement.integer import signs as sign_array
from arrangement.signs import pattern_string

from ..dual.screening import wall_multipliers

__all__ = ["plot_path", "plot_sweep", "plot_circle", "plot_sphere", "plot_network_1d", "plot_graph", "Picture",
           "region_values"]


def _save(fig: Figure, path: str) -> str:
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path


class Picture:
    """What to draw: the arrangement, optionally a dual vector ``p`` (floats) with its extreme
    points ``[(w, sign)]``, and atoms ``[(w, amplitude)]`` of a solution."""

    def __init__(self, arrangement: Arrangement, p=None, extreme=(), atoms=(), title: str = ""):
        self.arrangement, self.title = arrangement, title
        self.X = arrangement.X_float
        self.p = None if p is None else np.asarray(p, dtype=float)
        self.extreme = [(np.asarray(w, dtype=float), int(s)) for w, s in extreme]
        self.atoms = [(np.asarray(w, dtype=float), float(a)) for w, a in atoms]

    def eta(self, W: np.ndarray) -> np.ndarray:
        return np.maximum(W @ self.X.T, 0) @ self.p


def plot_circle(picture: Picture, path: str) -> str:
    """d = 2: eta against the angle, walls labelled with the patterns of the regions between them."""
    A, X = picture.arrangement, picture.X
    if A.d != 2:
        raise DataError(f"the circle plot needs d = 2 (the data have d = {A.d})")
    fig = Figure(figsize=(11, 4.6))
    ax = fig.subplots()
    theta = np.linspace(-np.pi, np.pi, 4001)
    W = np.c_[np.cos(theta), np.sin(theta)]
    walls = sorted({float(np.arctan2(-x[0], x[1]) + k * np.pi) for x in X if np.any(x)
                    for k in (0, 1, -1) if -np.pi <= np.arctan2(-x[0], x[1]) + k * np.pi <= np.pi})
    for k, t in enumerate(walls):
        ax.axvline(t, color="0.75", lw=0.8, label="walls <w, x_j> = 0" if k == 0 else None)
    edges = [-np.pi] + walls + [np.pi]
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi - lo > 1e-9:
            mid = (lo + hi) / 2
            pattern = pattern_string(sign_array(X @ [np.cos(mid), np.sin(mid)]))
            ax.text(mid, 1.02, pattern, rotation=90, fontsize=8, ha="center", va="bottom",
                    transform=ax.get_xaxis_transform(), family="monospace")
    if picture.p is not None:
        ax.plot(theta, picture.eta(W), color="C0", lw=1.6, label="eta(w) = sum_j p_j relu(<w, x_j>)")
        ax.axhline(1, color="C3", ls="--", lw=1, label="eta = +1 / -1")
        ax.axhline(-1, color="C3", ls="--", lw=1)
        for k, (w, sign) in enumerate(picture.extreme):
            ax.plot(np.arctan2(w[1], w[0]), sign, "o", color="C3" if sign > 0 else "C2", ms=8,
                    label="extreme points |eta| = 1" if k == 0 else None)
    ax.set_xlim(-np.pi, np.pi)
    ax.set_xticks(np.linspace(-np.pi, np.pi, 9), ["-pi", "-3pi/4", "-pi/2", "-pi/4", "0", "pi/4", "pi/2",
                                                  "3pi/4", "pi"])
    ax.set_xlabel("angle of w = (cos t, sin t) on the circle S^1")
    ax.set_ylabel("eta(w)" if picture.p is not None else "")
    ax.set_title((picture.title + "\n" if picture.title else "") +
                 f"{len(A.regions())} dual regions (activation patterns above the axes)", pad=46)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4, fontsize=8)
    return _save(fig, path)


def _pole(picture: Picture) -> np.ndarray:
    """A chart axis c with no extreme point near the equator <w, c> = 0 (e3 when possible)."""
    for c in ([0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 2, 3], [3, -1, 2], [-2, 3, 1]):
        c = np.array(c, dtype=float) / np.linalg.norm(c)
        if all(abs(w @ c) > 0.05 for w, _ in picture.extreme):
            return c
    return np.array([0.0, 0.0, 1.0])


def _chart_basis(c: np.ndarray):
    e1 = np.cross(c, [0.0, 1.0, 0.0] if abs(c[1]) < 0.9 else [1.0, 0.0, 0.0])
    e1 /= np.linalg.norm(e1)
    return e1, np.cross(c, e1)


def _chart_polygons(picture: Picture, c: np.ndarray, h: float, radius: float):
    """Regions in the gnomonic chart ``w ~ u e1 + v e2 + h c`` of the hemisphere ``h <w, c> > 0``:
    great circles are lines and regions convex polygons (clipped to the frame)."""
    X, S = picture.X, picture.arrangement.sign_matrix()
    e1, e2 = _chart_basis(c)
    frame = box(-radius, -radius, radius, radius)
    big = 4 * radius
    polygons = []
    for region, signs in enumerate(S):
        poly = frame
        for x, s in zip(X, signs):
            a, b, k = s * (x @ e1), s * (x @ e2), s * h * (x @ c)    # half-plane a u + b v + k > 0
            if s == 0 or (abs(a) + abs(b) < 1e-15 and k > 0):
                continue
            if abs(a) + abs(b) < 1e-15:
                poly = frame.difference(frame)
                break
            n = np.array([a, b]) / np.hypot(a, b)
            base, t = -k / np.hypot(a, b) * n, np.array([-n[1], n[0]])
            poly = poly.intersection(Polygon([base + big * t, base - big * t, base - big * t + 2 * big * n,
                                              base + big * t + 2 * big * n]))
            if poly.is_empty:
                break
        if not poly.is_empty and poly.area > 1e-12:
            polygons.append((region, poly))
    return polygons


def region_values(picture: Picture) -> np.ndarray:
    """Signed maximum of eta on every closed region (floats, for shading): ``max eta`` if it is at
    least ``max -eta``, else ``-max -eta`` (the Lemma of section 3: norms of cone projections)."""
    A = picture.arrangement
    G = (A.sign_matrix() > 0).astype(float) @ (picture.p[:, None] * picture.X)
    out = np.zeros(len(G))
    for region, g in enumerate(G):
        rows = A.walls(region)[0]
        top = [wall_multipliers(rows, sign * g)[1] for sign in (1, -1)]
        out[region] = top[0] if top[0] >= top[1] else -top[1]
    return out


def plot_sphere(picture: Picture, path: str, radius: float = 3.0) -> str:
    """d = 3: gnomonic charts of two opposite hemispheres, great circles as lines, regions as
    convex polygons shaded by the signed maximum of eta (when ``p`` is given), extreme points starred."""
    A = picture.arrangement
    if A.d != 3:
        raise DataError(f"the sphere plot needs d = 3 (the data have d = {A.d})")
    c = _pole(picture)
    e1, e2 = _chart_basis(c)
    for w, _ in picture.extreme:  # widen the frame so that every extreme point is in view
        radius = max(radius, 1.15 * max(abs(w @ e1), abs(w @ e2)) / max(abs(w @ c), 1e-9))
    values = None if picture.p is None else region_values(picture)
    fig = Figure(figsize=(12, 5.8))
    axes = fig.subplots(1, 2)
    cmap = colormaps["RdBu_r"]
    for ax, h in zip(axes, (1.0, -1.0)):
        for region, poly in _chart_polygons(picture, c, h, radius):
            xs, ys = poly.exterior.xy
            color = "0.93" if values is None else cmap((np.clip(values[region], -1, 1) + 1) / 2)
            ax.fill(xs, ys, color=color, ec="0.35", lw=0.6)
            point = poly.representative_point()
            ax.text(point.x, point.y, str(region), fontsize=7, ha="center", va="center",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
        for w, sign in picture.extreme:
            if h * (w @ c) > 1e-12:
                ax.plot((w @ e1) / abs(w @ c), (w @ e2) / abs(w @ c), "*", ms=15, mec="k",
                        color="gold" if sign > 0 else "lime", label=f"extreme point, eta = {sign:+d}")
        ax.set_xlim(-radius, radius)
        ax.set_ylim(-radius, radius)
        ax.set_aspect("equal")
        ax.set_xlabel("u = <w, e1> / |<w, c>|")
        ax.set_ylabel("v = <w, e2> / |<w, c>|")
        ax.set_title(f"hemisphere <w, c> {'>' if h > 0 else '<'} 0")
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            unique = dict(zip(labels, handles))
            ax.legend(unique.values(), unique.keys(), loc="lower right", fontsize=8)
    if values is not None:
        fig.colorbar(cm.ScalarMappable(cmap=cmap, norm=colors.Normalize(-1, 1)), ax=axes, shrink=0.8,
                     label="signed maximum of eta on the region (red: +1, blue: -1)")
    vec = (lambda v: "(" + ", ".join(f"{t:.2f}" for t in v) + ")")
    fig.suptitle((picture.title + ": " if picture.title else "") + f"{len(A.regions())} dual regions on S^2 in "
                 "gnomonic charts (great circles are lines; numbers as in `dualcert regions`)\n"
                 f"w = u e1 + v e2 +- c,  c = {vec(c)}, e1 = {vec(e1)}, e2 = {vec(e2)}", fontsize=11)
    return _save(fig, path)


def plot_network_1d(picture: Picture, path: str, labels=None) -> str:
    """1-D data with a bias: the fitted function ``x -> sum_i a_i relu(w_i1 x + w_i2)``."""
    A, X = picture.arrangement, picture.X
    if A.d != 2 or not A.bias:
        raise DataError("the network plot needs one-dimensional data with a bias")
    x = X[:, 0]
    kinks = [-w[1] / w[0] for w, _ in picture.atoms if abs(w[0]) > 1e-12]
    lo, hi = min([x.min()] + kinks), max([x.max()] + kinks)
    grid = np.linspace(lo - 0.15 * (hi - lo + 1e-9), hi + 0.15 * (hi - lo + 1e-9), 800)
    f = sum((a * np.maximum(w[0] * grid + w[1], 0) for w, a in picture.atoms), np.zeros_like(grid))
    fig = Figure(figsize=(8, 4.4))
    ax = fig.subplots()
    ax.plot(grid, f, color="C0", lw=1.8, label="network K mu (x)")
    if labels is not None:
        ax.plot(x, labels, "o", color="k", label="data (x_j, y_j)")
    for k, t in enumerate(kinks):
        ax.axvline(t, color="C1", ls=":", lw=1, label="kinks (atoms)" if k == 0 else None)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title((picture.title + ": " if picture.title else "") + f"fitted function, {len(picture.atoms)} neurons")
    ax.legend(fontsize=8)
    return _save(fig, path)


GRAPH_NODES = 400   # the most regions a drawn adjacency graph can show legibly


def plot_graph(picture: Picture, path: str, max_nodes: int = GRAPH_NODES) -> str:
    """The region adjacency graph (nodes labelled by pattern), for small arrangements."""
    A = picture.arrangement
    if len(A.regions()) > max_nodes:
        raise DataError(f"the adjacency graph has {len(A.regions())} nodes; plots are limited to {max_nodes}")
    G = A.adjacency_graph()
    pos = nx.kamada_kawai_layout(G) if G.number_of_nodes() > 1 else {0: (0, 0)}
    fig = Figure(figsize=(8, 8))
    ax = fig.subplots()
    nx.draw_networkx_edges(G, pos, ax=ax, edge_color="0.6")
    small = G.number_of_nodes() <= 40
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=900 if small else 200, node_color="#cfe2f3", edgecolors="C0")
    nx.draw_networkx_labels(G, pos, ax=ax, font_size=8 if small else 5, font_family="monospace",
                            labels={r.index: r.pattern if small else str(r.index) for r in A.regions()})
    ax.set_title(f"region adjacency graph: {G.number_of_nodes()} regions, {G.number_of_edges()} adjacent pairs\n"
                 "(an edge joins regions separated by one hyperplane)")
    ax.set_axis_off()
    return _save(fig, path)


def _log_ticks(ax) -> None:
    """Readable log axes: minor ticks unlabelled (they overlapped), and labels at 1, 2, 5 times a
    power of 10 when an axis spans less than two decades (else only powers of 10)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        axis.set_minor_formatter(NullFormatter())
        if low > 0 and high / low < 100:
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))


def plot_sweep(points, slopes: dict, reference, path: str) -> str:
    """Location and amplitude errors against lambda, one line per noise level (mean over seeds)."""
    fig = Figure(figsize=(11, 4.6), layout="constrained")   # constrained: the y-labels keep clear
    axes = fig.subplots(1, 2)
    by_noise = defaultdict(lambda: defaultdict(list))
    for p in points:
        by_noise[p.noise][p.lam].append(p)
    for ax, field, label in ((axes[0], "location_error", "location error  max |w - w0|"),
                             (axes[1], "amplitude_error", "amplitude error  max |a - a0|")):
        for noise, per_lam in sorted(by_noise.items()):
            lams = sorted(per_lam)
            values = [np.mean([getattr(p, field) for p in per_lam[lam]]) for lam in lams]
            shown = [(float(lam), v) for lam, v in zip(lams, values) if v > 0 and np.isfinite(v)]
            if shown:
                ax.loglog(*zip(*shown), "o-", label=f"noise {float(noise):g}")
        ax.set_xlabel("lambda")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        slope = slopes.get(field.split("_")[0] + "_vs_lambda")
        ax.set_title(f"{label.split()[0]} error vs lambda" + (f"  (slope {slope:.2f} at noise 0)" if slope else ""),
                     fontsize=10)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
            _log_ticks(ax)
        else:
            ax.text(0.5, 0.5, "all errors are 0", ha="center", va="center", transform=ax.transAxes)
    count = len(reference.atoms)
    unique = reference.certificate.get("unique") if hasattr(reference.certificate, "get") else None
    which = "" if unique is not False else ", one of several minimisers"
    fig.suptitle(f"Low-noise stability: distance to the lambda -> 0 solution ({count} atom{'s' * (count != 1)}"
                 f"{which}; mean over noise draws)")
    return _save(fig, path)


def _lam_of(end) -> float:
    from fractions import Fraction
    return float(Fraction(end)) if isinstance(end, str) else float(end[1])


def plot_path(path, file: str) -> str:
    """The regularisation path: signed amplitudes (top) and atom locations (bottom) against lambda
    (log axis), one colour per atom (face and sign); breakpoints as vertical lines (or bands for
    their enclosures), unproved stretches shaded."""
    fig = Figure(figsize=(10, 7))
    top, bottom = fig.subplots(2, 1, sharex=True)
    colours: dict = {}
    for segment in path.segments:
        if segment.status == "unproved":
            for ax in (top, bottom):
                ax.axvspan(_lam_of(segment.lam_min), _lam_of(segment.lam_max), color="0.9", lw=0)
            continue
        samples = sorted(segment.samples)
        if not samples:
            continue
        lams = [s[0] for s in samples]
        for k, (face, sign) in enumerate(zip(segment.faces, segment.signs)):
            key = (face, sign)
            label = None if key in colours else f"{face} ({'+' if sign > 0 else '-'})"
            colour = colours.setdefault(key, f"C{len(colours) % 10}")
            top.plot(lams, [s[1][k] for s in samples], "-", color=colour, lw=1.6, label=label)
            w = np.array([s[2][k] for s in samples], dtype=float)
            if w.shape[1] == 2:
                bottom.plot(lams, np.degrees(np.arctan2(w[:, 1], w[:, 0])), "-", color=colour, lw=1.6)
            else:
                for c in range(w.shape[1]):
                    bottom.plot(lams, w[:, c], ("-", "--", ":", "-.")[c % 4], color=colour, lw=1.2)
    for b in path.breakpoints:
        lo, hi = float(b.lam[0]), float(b.lam[1])
        for ax in (top, bottom):
            ax.axvline((lo + hi) / 2, color="k", lw=0.8, ls=":")
        top.annotate(b.event, ((lo + hi) / 2, 0.02), xycoords=("data", "axes fraction"), rotation=90,
                     fontsize=7, ha="right", va="bottom")
    top.axhline(0, color="0.6", lw=0.6)
    top.set_xscale("log")
    top.set_ylabel("signed amplitude")
    bottom.set_ylabel("atom angle (degrees)" if any(s.samples and len(s.samples[0][2]) and
                                                    len(s.samples[0][2][0]) == 2 for s in path.segments)
                      else "atom coordinates (-, --, :, -. = w_1, w_2, ...)")
    bottom.set_xlabel("lambda")
    for ax in (top, bottom):
        ax.grid(True, which="major", alpha=0.3)
    if top.get_legend_handles_labels()[0]:
        top.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="atom: face (sign)",
                   title_fontsize=7)
    lam0 = path.lambda_0
    fig.suptitle(f"Certified regularisation path: {len(path.segments)} segments, "
                 f"{len(path.breakpoints)} breakpoints" +
                 (f", lambda_0 = {lam0 if isinstance(lam0, str) else f'{float(lam0[0]):.6g}'}" if lam0 else ""), y=1.0)
    fig.tight_layout()
    return _save(fig, file)
