"""Pictures of the arrangement, the certificate and the solution (matplotlib, files only).

Every function draws on its own :class:`matplotlib.figure.Figure` (no pyplot state) and writes
``path``; the format follows the suffix (``.png``, ``.svg``, ``.pdf``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_sweep"]


def _save(fig: Figure, path: str) -> str:
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path


def plot_sweep(points, slopes: dict, reference, path: str) -> str:
    """Location and amplitude errors against lambda, one line per noise level (mean over seeds)."""
    fig = Figure(figsize=(10, 4.2))
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
        ax.set_title(f"{label.split()[0]} error vs lambda" + (f"  (slope {slope:.2f} at noise 0)" if slope else ""))
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
        else:
            ax.text(0.5, 0.5, "all errors are 0", ha="center", va="center", transform=ax.transAxes)
    fig.suptitle(f"Low-noise stability: distance to the lambda -> 0 solution ({len(reference.atoms)} atoms)")
    return _save(fig, path)
