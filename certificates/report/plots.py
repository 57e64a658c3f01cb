"""Pictures of the arrangement, the certificate and the solution (matplotlib).

``draw_*`` functions draw into a given :class:`~matplotlib.axes.Axes` (or on a new
:class:`~matplotlib.figure.Figure`, no pyplot state) and return the figure; ``plot_*`` write
it to ``path``, whose suffix sets the format (``.png``, ``.svg``, ``.pdf``).  One colour scheme
throughout: red for ``eta = +1`` and positive amplitudes, blue for ``eta = -1`` and negative ones.
"""

from __future__ import annotations


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
           "region_values", "draw_circle", "draw_sphere", "draw_network_1d", "draw_graph", "draw_path", "draw_sweep",
           "draw", "POSITIVE", "NEGATIVE", "solution_picture", "arrangement_figure", "certificate_figure",
           "solution_figure"]

POSITIVE, NEGATIVE, CURVE, WALL = "#b2182b", "#2166ac", "#222222", "0.78"   # the ends of RdBu_r
CMAP = "RdBu_r"


def _save(fig: Figure, path: str) -> str:
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path


def _axes(ax, figsize):
    """``(figure, ax)``: the given axes, or one on a new figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize)
    return fig, fig.subplots()


def _sign_colour(sign) -> str:
    return POSITIVE if sign > 0 else NEGATIVE


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


def draw_circle(picture: Picture, ax=None) -> Figure:
    """d = 2: eta against the angle, walls labelled with the patterns of the regions between them."""
    A, X = picture.arrangement, picture.X
    if A.d != 2:
        raise DataError(f"the circle plot needs d = 2 (the data have d = {A.d})")
    fig, ax = _axes(ax, (11, 4.6))
    theta = np.linspace(-np.pi, np.pi, 4001)
    W = np.c_[np.cos(theta), np.sin(theta)]
    walls = sorted({float(np.arctan2(-x[0], x[1]) + k * np.pi) for x in X if np.any(x)
                    for k in (0, 1, -1) if -np.pi <= np.arctan2(-x[0], x[1]) + k * np.pi <= np.pi})
    for k, t in enumerate(walls):
        ax.axvline(t, color=WALL, lw=0.8, label=r"walls $\langle w, x_j\rangle = 0$" if k == 0 else None)
    edges = [-np.pi] + walls + [np.pi]
    for lo, hi in zip(edges[:-1], edges[1:]):
        if hi - lo > 1e-9:
            mid = (lo + hi) / 2
            pattern = pattern_string(sign_array(X @ [np.cos(mid), np.sin(mid)]))
            ax.text(mid, 1.02, pattern, rotation=90, fontsize=8, ha="center", va="bottom",
                    transform=ax.get_xaxis_transform(), family="monospace")
    if picture.p is not None:
        ax.plot(theta, picture.eta(W), color=CURVE, lw=1.6,
                label=r"$\eta(w) = \sum_j p_j\,\mathrm{relu}\langle w, x_j\rangle$")
        for level in (1, -1):
            ax.axhline(level, color=_sign_colour(level), ls="--", lw=1)
        for sign in (1, -1):
            points = [np.arctan2(w[1], w[0]) for w, s in picture.extreme if s == sign]
            count = len(points)
            points += [-t for t in points if abs(abs(t) - np.pi) < 1e-9]    # angle pi is also -pi
            if points:
                ax.plot(points, [sign] * len(points), "o", color=_sign_colour(sign), ms=8, mec="white",
                        label=f"extreme points $\\eta = {sign:+d}$ ({count})", clip_on=False, zorder=5)
    ax.set_xlim(-np.pi, np.pi)
    ax.set_xticks(np.linspace(-np.pi, np.pi, 9), [r"$-\pi$", r"$-3\pi/4$", r"$-\pi/2$", r"$-\pi/4$", "$0$",
                                                  r"$\pi/4$", r"$\pi/2$", r"$3\pi/4$", r"$\pi$"])
    ax.set_xlabel(r"angle $t$ of $w = (\cos t, \sin t)$ on the circle $S^1$")
    ax.set_ylabel(r"$\eta(w)$" if picture.p is not None else "")
    ax.set_title((picture.title + "\n" if picture.title else "") +
                 f"{len(A.regions())} dual regions (activation patterns above the axes)", pad=46)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=5, fontsize=8)
    return fig


def plot_circle(picture: Picture, path: str) -> str:
    """:func:`draw_circle` written to ``path``."""
    return _save(draw_circle(picture), path)


def _pole(picture: Picture) -> np.ndarray:
    """The chart axis c: the last coordinate axis, the bias axis when there is a bias.  It
    depends on nothing but the dimension, so two pictures of the same data share their charts."""
    return np.array([0.0, 0.0, 1.0])


def _chart_basis(c: np.ndarray):
    """``e1, e2``: an orthonormal basis of ``c``'s complement, the first coordinate axes for ``c = e3``."""
    k = int(np.argmin(np.abs(c)))
    e1 = np.eye(3)[k] - c[k] * c
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


EQUATOR = 0.12   # extreme points with |<w, c>| below this are drawn at the frame, in their direction


def draw_sphere(picture: Picture, ax=None, radius: float = 3.0) -> Figure:
    """d = 3: gnomonic charts of two opposite hemispheres, great circles as lines, regions as
    convex polygons shaded by the signed maximum of eta (when ``p`` is given), extreme points
    starred.  ``ax``: two axes (one per hemisphere), or one (the upper hemisphere only)."""
    A = picture.arrangement
    if A.d != 3:
        raise DataError(f"the sphere plot needs d = 3 (the data have d = {A.d})")
    c = _pole(picture)
    e1, e2 = _chart_basis(c)
    for w, _ in picture.extreme:  # widen the frame (up to a point) so that extreme points are in view
        if abs(w @ c) >= EQUATOR:
            radius = min(8.0, max(radius, 1.15 * max(abs(w @ e1), abs(w @ e2)) / abs(w @ c)))
    values = None if picture.p is None else region_values(picture)
    if ax is None:
        fig = Figure(figsize=(12, 5.8))
        axes = list(fig.subplots(1, 2))
    else:
        axes = list(ax) if isinstance(ax, (list, tuple, np.ndarray)) else [ax]
        fig = axes[0].figure
    cmap = colormaps[CMAP]
    for ax, h in zip(axes, (1.0, -1.0)):
        for region, poly in _chart_polygons(picture, c, h, radius):
            xs, ys = poly.exterior.xy
            color = "0.93" if values is None else cmap((np.clip(values[region], -1, 1) + 1) / 2)
            ax.fill(xs, ys, color=color, ec="0.35", lw=0.6)
            point = poly.representative_point()
            ax.text(point.x, point.y, str(region), fontsize=7, ha="center", va="center",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
        for w, sign in picture.extreme:
            u, v, t = w @ e1, w @ e2, w @ c
            if abs(t) >= EQUATOR and h * t > 0:
                ax.plot(u / abs(t), v / abs(t), "*", ms=16, mec="white", mew=1.2, color=_sign_colour(sign),
                        label=f"extreme point $\\eta = {sign:+d}$", zorder=5)
            elif abs(t) < EQUATOR:
                scale = radius / max(abs(u), abs(v))
                ax.plot(u * scale, v * scale, "D", ms=9, mec="white", mew=1.2, color=_sign_colour(sign),
                        clip_on=False, zorder=5, label=f"extreme point $\\eta = {sign:+d}$ on or near the equator "
                        "(at the frame, in its direction)")
        ax.set_xlim(-radius, radius)
        ax.set_ylim(-radius, radius)
        ax.set_aspect("equal")
        ax.set_xlabel(r"$u = \langle w, e_1\rangle / |\langle w, c\rangle|$")
        ax.set_ylabel(r"$v = \langle w, e_2\rangle / |\langle w, c\rangle|$")
        ax.set_title(f"hemisphere $\\langle w, c\\rangle {'>' if h > 0 else '<'} 0$")
    unique = {}
    for ax in axes:
        unique.update(zip(*reversed(ax.get_legend_handles_labels())))
    if unique:
        fig.legend(unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.45, 0.02), ncol=2,
                   fontsize=8)
    if values is not None:
        fig.colorbar(cm.ScalarMappable(cmap=cmap, norm=colors.Normalize(-1, 1)), ax=axes, shrink=0.8,
                     label=r"signed maximum of $\eta$ on the region (red: $+1$, blue: $-1$)")
    axis = "the bias axis" if A.bias else "the last coordinate axis"
    fig.suptitle((picture.title + ": " if picture.title else "") + f"{len(A.regions())} dual regions on $S^2$ in "
                 "gnomonic charts (great circles are lines; numbers as in `dualcert regions`)\n"
                 f"$w = u\\,e_1 + v\\,e_2 \\pm c$, $c$ = {axis}, $e_1, e_2$ the first coordinate axes",
                 fontsize=11)
    return fig


def plot_sphere(picture: Picture, path: str, radius: float = 3.0) -> str:
    """:func:`draw_sphere` written to ``path``."""
    return _save(draw_sphere(picture, radius=radius), path)


def plot_network_1d(picture: Picture, path: str, labels=None) -> str:
    """:func:`draw_network_1d` written to ``path``."""
    return _save(draw_network_1d(picture, labels=labels), path)


def draw_network_1d(picture: Picture, labels=None, ax=None) -> Figure:
    """1-D data with a bias: the fitted function ``x -> sum_i a_i relu(w_i1 x + w_i2)``."""
    A, X = picture.arrangement, picture.X
    if A.d != 2 or not A.bias:
        raise DataError("the network plot needs one-dimensional data with a bias")
    x = X[:, 0]
    kinks = [-w[1] / w[0] for w, _ in picture.atoms if abs(w[0]) > 1e-12]
    lo, hi = min([x.min()] + kinks), max([x.max()] + kinks)
    grid = np.linspace(lo - 0.15 * (hi - lo + 1e-9), hi + 0.15 * (hi - lo + 1e-9), 800)
    f = sum((a * np.maximum(w[0] * grid + w[1], 0) for w, a in picture.atoms), np.zeros_like(grid))
    fig, ax = _axes(ax, (8, 4.4))
    ax.plot(grid, f, color=CURVE, lw=1.8, label=r"network $(K\mu)(x)$")
    if labels is not None:
        ax.plot(x, labels, "o", color="k", label=r"data $(x_j, y_j)$")
    for k, ((w, a), t) in enumerate(zip([wa for wa in picture.atoms if abs(wa[0][0]) > 1e-12], kinks)):
        ax.axvline(t, color=_sign_colour(a), ls=":", lw=1.2, label=f"kinks of the {len(kinks)} atoms with one (red $a > 0$, blue $a < 0$)"
                   if k == 0 else None)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title((picture.title + ": " if picture.title else "") + f"fitted function, {len(picture.atoms)} neurons")
    ax.legend(fontsize=8)
    return fig


GRAPH_NODES = 400   # the most regions a drawn adjacency graph can show legibly


def plot_graph(picture: Picture, path: str, max_nodes: int = GRAPH_NODES) -> str:
    """:func:`draw_graph` written to ``path``."""
    return _save(draw_graph(picture, max_nodes), path)


def draw_graph(picture: Picture, max_nodes: int = GRAPH_NODES, ax=None) -> Figure:
    """The region adjacency graph (nodes labelled by pattern), for small arrangements."""
    A = picture.arrangement
    if len(A.regions()) > max_nodes:
        raise DataError(f"the adjacency graph has {len(A.regions())} nodes; plots are limited to {max_nodes}")
    G = A.adjacency_graph()
    pos = nx.kamada_kawai_layout(G) if G.number_of_nodes() > 1 else {0: (0, 0)}
    fig, ax = _axes(ax, (8, 8))
    nx.draw_networkx_edges(G, pos, ax=ax, edge_color="0.6")
    small = G.number_of_nodes() <= 40
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=900 if small else 200, node_color="#cfe2f3", edgecolors="C0")
    nx.draw_networkx_labels(G, pos, ax=ax, font_size=8 if small else 5, font_family="monospace",
                            labels={r.index: r.pattern if small else str(r.index) for r in A.regions()})
    ax.set_title(f"region adjacency graph: {G.number_of_nodes()} regions, {G.number_of_edges()} adjacent pairs\n"
                 "(an edge joins regions separated by one hyperplane)")
    ax.set_axis_off()
    return fig


def draw(picture: Picture, ax=None) -> Figure:
    """The picture that suits the data: the circle (d = 2), the sphere (d = 3), else the graph."""
    d = picture.arrangement.d
    return draw_circle(picture, ax) if d == 2 else draw_sphere(picture, ax) if d == 3 else draw_graph(picture, ax=ax)


def solution_picture(A: Arrangement, s, title: str = "") -> Picture:
    """The picture of a solution ``s`` on the data ``A``: its dual vector and its atoms."""
    extreme = [(a.w, 1 if a.amplitude > 0 else -1) for a in s.atoms]
    return Picture(A, s.p, extreme, [(a.w, a.amplitude) for a in s.atoms], title)


def arrangement_figure(A: Arrangement, ax=None) -> Figure:
    """``Arrangement.plot``: the regions on the circle (d = 2), the sphere (d = 3), else the graph."""
    A.regions(progress=False)
    return draw(Picture(A), ax)


def certificate_figure(cert, ax=None) -> Figure:
    """``Certificate.plot``: eta of the certificate's ``p`` over the regions, its extreme points."""
    A = cert.arrangement
    A.regions(progress=False)
    extreme = [([float(v) for v in e.w], e.sign) for e in cert.extreme_points] if cert.feasible else []
    return draw(Picture(A, [float(v) for v in cert.p], extreme, (), "certificate"), ax)


def solution_figure(s, ax=None) -> Figure:
    """``Solution.plot``: the certificate's eta and the atoms of a solution on its data."""
    if s.arrangement is None:
        raise DataError("this solution does not carry its data; draw it with plots.solution_picture(A, s)")
    return draw(solution_picture(s.arrangement, s, f"$\\lambda = {s.lam}$, status {s.status}"), ax)


from .plots_lambda import draw_path, draw_sweep, plot_path, plot_sweep  # noqa: E402  (re-exported)
