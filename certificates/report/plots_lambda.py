"""Pictures against lambda: the regularisation path and the low-noise sweep (matplotlib).

The colour scheme of :mod:`~certificates.report.plots`: atoms of positive amplitude in reds,
negative ones in blues.  Nothing measured is left out silently: an error of 0 (off a log axis)
is drawn as a triangle on the axis, and the picture says so.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

__all__ = ["draw_path", "plot_path", "draw_sweep", "plot_sweep"]


def _save(fig: Figure, path: str) -> str:
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path


def _log_ticks(ax) -> None:
    """Readable log axes: minor ticks unlabelled (they overlapped), and labels at 1, 2, 5 times a
    power of 10 when an axis spans less than two decades (else only powers of 10)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    for axis, scale, (low, high) in ((ax.xaxis, ax.get_xscale(), ax.get_xlim()),
                                     (ax.yaxis, ax.get_yscale(), ax.get_ylim())):
        if scale != "log":
            continue
        axis.set_minor_formatter(NullFormatter())
        if low > 0 and high / low < 100:
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))


# ---- the sweep ---------------------------------------------------------------------------------------
def draw_sweep(points, slopes: dict, reference, axes=None) -> Figure:
    """Location and amplitude errors against lambda, one line per noise level (mean over seeds);
    a mean error of 0 is a triangle on the lambda axis.  ``axes``: two axes to draw into."""
    if axes is None:
        fig = Figure(figsize=(11, 4.6), layout="constrained")   # constrained: the y-labels keep clear
        axes = fig.subplots(1, 2)
    fig = axes[0].figure
    by_noise = defaultdict(lambda: defaultdict(list))
    for p in points:
        by_noise[p.noise][p.lam].append(p)
    levels = sorted(by_noise, key=lambda v: Fraction(v))
    palette = colormaps["viridis"](np.linspace(0, 0.85, max(len(levels), 1)))
    for ax, field, label in ((axes[0], "location_error", r"location error $\max|w - w_0|$"),
                             (axes[1], "amplitude_error", r"amplitude error $\max|a - a_0|$")):
        positive, zeros, missing = False, False, 0
        for colour, noise in zip(palette, levels):
            per_lam = by_noise[noise]
            lams = sorted(per_lam, key=Fraction)
            values = []
            for lam in lams:
                errors = [getattr(p, field) for p in per_lam[lam]]
                known = [e for e in errors if e is not None and np.isfinite(e)]
                missing += len(errors) - len(known)
                values.append((float(Fraction(lam)), np.mean(known) if known else None))
            shown = [(x, v) for x, v in values if v is not None and v > 0]
            zero = [x for x, v in values if v == 0]
            name = f"noise {float(Fraction(noise)):g}"
            if shown:
                ax.plot(*zip(*shown), "o-", color=colour, label=name)
                positive = True
            if zero:
                ax.plot(zero, [0] * len(zero), "v", color=colour, ms=9, clip_on=False, zorder=5,
                        transform=ax.get_xaxis_transform(), label=f"{name}: error 0 (on the axis)")
                zeros = True
        ax.set_xscale("log")
        if positive:
            ax.set_yscale("log")
        else:
            ax.set_yticks([])
            ax.text(0.5, 0.5, "all errors are 0" + (" (triangles on the axis)" if zeros else ""),
                    ha="center", va="center", transform=ax.transAxes)
        if missing:
            ax.text(0.99, 0.02, f"{missing} runs without an atom to match: not drawn", ha="right",
                    va="bottom", fontsize=8, transform=ax.transAxes)
        ax.set_xlabel(r"$\lambda$")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        slope = slopes.get(field.split("_")[0] + "_vs_lambda")
        ax.set_title(f"{label.split()[0]} error against $\\lambda$" +
                     (f"  (slope {slope:.2f} at noise 0)" if slope else ""), fontsize=10)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
        _log_ticks(ax)
    count = len(reference.atoms)
    unique = reference.certificate.get("unique") if hasattr(reference.certificate, "get") else None
    which = "" if unique is not False else ", one of several minimisers"
    fig.suptitle(f"Low-noise stability: distance to the $\\lambda \\to 0$ solution ({count} atom{'s' * (count != 1)}"
                 f"{which}; mean over noise draws)")
    return fig


def plot_sweep(points, slopes: dict, reference, path: str) -> str:
    """:func:`draw_sweep` written to ``path``."""
    return _save(draw_sweep(points, slopes, reference), path)


# ---- the path ----------------------------------------------------------------------------------------
def _ends(segment) -> tuple:
    """The outer ends of a segment as floats (an enclosed end counts with its far side)."""
    lo, hi = segment.lam_min, segment.lam_max
    return (float(Fraction(lo)) if isinstance(lo, str) else float(lo[0]),
            float(Fraction(hi)) if isinstance(hi, str) else float(hi[1]))


def _atom_colours(path) -> dict:
    """(face, sign) -> colour: reds for positive atoms, blues for negative ones."""
    keys = {}
    for segment in path.segments:
        if segment.status != "unproved":
            for key in zip(segment.faces, segment.signs):
                keys.setdefault(key, None)
    out = {}
    for sign, cmap in ((1, "Reds"), (-1, "Blues")):
        mine = [k for k in keys if (k[1] > 0) == (sign > 0)]
        for k, shade in zip(mine, np.linspace(0.95, 0.4, max(len(mine), 1))):
            out[k] = colormaps[cmap](shade)
    return out


def _breakpoint_label(b) -> str:
    if b.exact is not None:
        value = Fraction(b.exact)
        text = str(value) if value.denominator < 1000 else f"{float(value):.6g}"
        return f"$\\lambda = {text}$"
    return f"$\\lambda \\approx {float((Fraction(b.lam[0]) + Fraction(b.lam[1])) / 2):.6g}$"


def draw_path(path, axes=None) -> Figure:
    """The regularisation path over the whole proved range ``[lam_min, lam_max]``: signed
    amplitudes (top) and atom locations (bottom) against lambda (log axis), sampled densely
    inside every segment; atoms that coincide drawn dashed over each other; the segment
    ``mu = 0`` as a black line at 0; breakpoints with their lambda; unproved stretches shaded."""
    if axes is None:
        fig = Figure(figsize=(10, 7), layout="constrained")
        axes = fig.subplots(2, 1, sharex=True)
    top, bottom = axes if isinstance(axes, (list, tuple, np.ndarray)) else (axes, None)
    fig = top.figure
    panels = (top,) if bottom is None else (top, bottom)
    colours = _atom_colours(path)
    labelled, angles = set(), False
    for segment in path.segments:
        lo, hi = _ends(segment)
        if segment.status == "unproved":
            for ax in panels:
                ax.axvspan(lo, hi, color="0.9", lw=0, label="unproved" if ax is top else None)
            continue
        if not segment.faces:
            top.plot([lo, hi], [0, 0], color="k", lw=2.5, label=r"$\mu = 0$ (no atoms)")
            continue
        samples = sorted(segment.samples)
        if not samples:
            continue
        lams = [s[0] for s in samples]
        drawn = []
        for k, key in enumerate(zip(segment.faces, segment.signs)):
            amplitude = np.array([s[1][k] for s in samples], dtype=float)
            twin = next((j for j, other in drawn if np.allclose(other, amplitude, rtol=1e-9, atol=1e-12)), None)
            style = "-" if twin is None else (0, (4, 3))
            label = None if key in labelled else f"{key[0]} ({'+' if key[1] > 0 else '-'})" + (
                "" if twin is None else f", same amplitude as {segment.faces[twin]} (dashed)")
            labelled.add(key)
            top.plot(lams, amplitude, ls=style, color=colours[key], lw=1.8, label=label)
            drawn.append((k, amplitude))
            w = np.array([s[2][k] for s in samples], dtype=float)
            if bottom is None:
                continue
            if w.shape[1] == 2:
                angles = True
                bottom.plot(lams, np.degrees(np.arctan2(w[:, 1], w[:, 0])), "-", color=colours[key], lw=1.6)
            else:
                for c in range(w.shape[1]):
                    bottom.plot(lams, w[:, c], ("-", "--", ":", "-.")[c % 4], color=colours[key], lw=1.3)
    for b in path.breakpoints:
        lo, hi = float(b.lam[0]), float(b.lam[1])
        for ax in panels:
            ax.axvline((lo + hi) / 2, color="k", lw=0.8, ls=":")
        top.annotate(f"{_breakpoint_label(b)}: {b.event}", ((lo + hi) / 2, 0.98), xycoords=("data", "axes fraction"),
                     rotation=90, fontsize=7, ha="right", va="top")
    top.axhline(0, color="0.6", lw=0.6)
    top.set_xscale("log")
    top.set_xlim(float(path.lam_min), float(path.lam_max))
    top.set_ylabel(r"signed amplitude $a$")
    if bottom is not None:
        bottom.set_ylabel("atom angle (degrees)" if angles else
                          "atom coordinates\n" + r"($-$, $--$, $\cdots$, $-\cdot$ = $w_1, w_2, w_3, \dots$)")
    panels[-1].set_xlabel(r"$\lambda$")
    for ax in panels:
        ax.grid(True, which="major", alpha=0.3)
    if top.get_legend_handles_labels()[0]:
        top.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="atom: face (sign)",
                   title_fontsize=7)
    _log_ticks(panels[-1])
    lam0 = path.lambda_0
    zero = "" if lam0 is None else (f", $\\lambda_0 = {lam0}$" if isinstance(lam0, str)
                                    else f", $\\lambda_0 \\approx {float(lam0[0]):.6g}$")
    fig.suptitle(f"Certified regularisation path on $[{path.lam_min}, {path.lam_max}]$: {len(path.segments)} "
                 f"segments, {len(path.breakpoints)} breakpoints{zero}")
    return fig


def plot_path(path, file: str) -> str:
    """:func:`draw_path` written to ``file``."""
    return _save(draw_path(path), file)
