"""An interactive picture of the sphere (plotly, an optional dependency: ``pip install
'dualcert[plots]'``): a self-contained HTML page that opens in any browser, offline.

d = 3: the unit sphere, every point coloured by the region it lies in (the signed maximum of
eta on the region when a dual vector is given, in the colours of the static pictures: red
``+1``, blue ``-1``), the great circles of the data, and the extreme points; hovering shows the
region's number, its activation pattern and the maximum.  d = 2: eta on the circle, hovering
shows the pattern.
"""

from __future__ import annotations

import numpy as np

from arrangement import DataError, DualcertError
from arrangement.atomic import write_atomically
from arrangement.signs import pattern_string

__all__ = ["sphere_figure", "write_html", "require_plotly"]

RESOLUTION = 91      # grid points per half great circle (every 2 degrees)


def require_plotly():
    """The ``plotly.graph_objects`` module, or a one-line error saying how to install it."""
    try:
        import plotly.graph_objects as go
    except ImportError:
        raise DualcertError("--html needs plotly: pip install 'dualcert[plots]' (or pip install plotly)") from None
    return go


def _region_lookup(picture):
    """(patterns -> region) of the arrangement and the signed maxima (None without ``p``)."""
    from .plots import region_values
    S = picture.arrangement.sign_matrix()
    index = {tuple(row): k for k, row in enumerate(S.tolist())}
    values = None if picture.p is None else region_values(picture)
    return index, values


def _sphere_traces(go, picture) -> list:
    X = picture.X
    index, values = _region_lookup(picture)
    theta, phi = np.meshgrid(np.linspace(0, np.pi, RESOLUTION), np.linspace(-np.pi, np.pi, 2 * RESOLUTION - 1))
    W = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], axis=-1)
    signs = np.sign(np.round(W @ X.T, 12)).astype(int)
    region = np.full(theta.shape, -1)
    for i, j in np.ndindex(theta.shape):
        region[i, j] = index.get(tuple(signs[i, j]), -1)      # -1: on a wall
    colour = np.where(region >= 0, region, np.nan).astype(float) if values is None else \
        np.where(region >= 0, np.clip(values[np.maximum(region, 0)], -1, 1), np.nan)
    patterns = np.vectorize(lambda i, j: pattern_string(signs[i, j]), otypes=[object])(
        *np.indices(theta.shape))
    maximum = np.full(theta.shape, np.nan) if values is None else np.where(region >= 0, values[np.maximum(region, 0)],
                                                                             np.nan)
    custom = np.stack([region, patterns, maximum], axis=-1)
    hover = "region %{customdata[0]}<br>pattern %{customdata[1]}" + (
        "" if values is None else "<br>max of eta on the region: %{customdata[2]:.6f}") + "<extra></extra>"
    scale = dict(colorscale="RdBu_r", cmin=-1, cmax=1, colorbar=dict(title="signed max of eta")) \
        if values is not None else dict(colorscale="Turbo", showscale=False)
    traces = [go.Surface(x=W[..., 0], y=W[..., 1], z=W[..., 2], surfacecolor=colour, customdata=custom,
                         hovertemplate=hover, name="regions", lighting=dict(ambient=0.85, diffuse=0.25, specular=0.05),
                         **scale)]
    t = np.linspace(0, 2 * np.pi, 361)
    for x in X:
        if not np.any(x):
            continue
        n = x / np.linalg.norm(x)
        a = np.cross(n, [1.0, 0, 0] if abs(n[0]) < 0.9 else [0, 1.0, 0])
        a /= np.linalg.norm(a)
        b = np.cross(n, a)
        circle = 1.003 * (np.outer(np.cos(t), a) + np.outer(np.sin(t), b))
        traces.append(go.Scatter3d(x=circle[:, 0], y=circle[:, 1], z=circle[:, 2], mode="lines",
                                   line=dict(color="#444444", width=2), hoverinfo="skip", showlegend=False))
    for sign, colour_name in ((1, "#b2182b"), (-1, "#2166ac")):
        points = np.array([1.02 * w / np.linalg.norm(w) for w, s in picture.extreme if s == sign]).reshape(-1, 3)
        if len(points):
            traces.append(go.Scatter3d(x=points[:, 0], y=points[:, 1], z=points[:, 2], mode="markers",
                                       marker=dict(size=7, color=colour_name, line=dict(color="white", width=2)),
                                       name=f"extreme points, eta = {sign:+d}"))
    return traces


def _circle_traces(go, picture) -> list:
    t = np.linspace(-np.pi, np.pi, 3601)
    W = np.c_[np.cos(t), np.sin(t)]
    patterns = [pattern_string(row) for row in np.sign(np.round(W @ picture.X.T, 12)).astype(int)]
    y = picture.eta(W) if picture.p is not None else np.zeros_like(t)
    traces = [go.Scatter(x=t, y=y, mode="lines", line=dict(color="#222222"), customdata=patterns, name="eta",
                         hovertemplate="angle %{x:.4f}<br>pattern %{customdata}<br>eta %{y:.6f}<extra></extra>")]
    for sign, colour in ((1, "#b2182b"), (-1, "#2166ac")):
        angles = [float(np.arctan2(w[1], w[0])) for w, s in picture.extreme if s == sign]
        if angles:
            traces.append(go.Scatter(x=angles, y=[sign] * len(angles), mode="markers", name=f"extreme points, "
                                     f"eta = {sign:+d}", marker=dict(size=11, color=colour)))
    return traces


def sphere_figure(picture):
    """The plotly figure of a :class:`~certificates.report.plots.Picture` (d = 2 or 3)."""
    go = require_plotly()
    d = picture.arrangement.d
    if d not in (2, 3):
        raise DataError(f"--html draws the circle (d = 2) or the sphere (d = 3); here d = {d}")
    plain = picture.title.replace("$", "").replace("\\lambda", "λ").replace("\\eta", "η")
    title = (plain + ": " if plain else "") + \
        f"{len(picture.arrangement.regions())} dual regions (hover for pattern and maximum)"
    fig = go.Figure(_sphere_traces(go, picture) if d == 3 else _circle_traces(go, picture))
    fig.update_layout(title=title, margin=dict(l=0, r=0, t=40, b=0), legend=dict(x=0, y=0))
    if d == 3:
        fig.update_layout(scene=dict(aspectmode="cube", xaxis_title="w1", yaxis_title="w2",
                                     zaxis_title="w3 (bias)" if picture.arrangement.bias else "w3"))
    else:
        fig.update_layout(xaxis_title="angle of w", yaxis_title="eta(w)")
    return fig


def write_html(picture, path) -> str:
    """The interactive picture as one self-contained HTML file (plotly.js inside: works offline)."""
    html = sphere_figure(picture).to_html(include_plotlyjs=True, full_html=True)
    write_atomically(path, lambda handle: handle.write(html), "w")
    return str(path)
