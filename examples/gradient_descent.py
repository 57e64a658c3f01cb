"""Claim: a wide finite ReLU network trained by gradient descent with weight decay solves (a
restriction of) the same convex problem, so its objective approaches the certified optimum from
above and its neurons gather at the certified atoms.

Weight decay lambda/2 (a_k^2 + |w_k|^2) equals lambda |a_k| |w_k| at the balanced scaling, and
the network is the measure sum_k a_k |w_k| delta_{w_k / |w_k|}: the TV problem restricted to
`width` atoms.

    python examples/gradient_descent.py [-o neurons.png]
"""

import sys

import numpy as np

from arrangement import Arrangement
from certificates import solve

x = np.array([-2, -1, 0, 1, 2], dtype=float)
y = np.array([0, 1, 2, 1, 0], dtype=float)
lam = 0.1
A = Arrangement([[int(v)] for v in x], bias=True)
s = solve(A, [int(v) for v in y], "1/10")
print(f"certified: status {s.status}, objective {s.objective:.10f}")
for atom in s.atoms:
    print(f"   atom w = {atom.w_exact or atom.w}, amplitude {atom.amplitude_exact or atom.amplitude}")

X = np.c_[x, np.ones_like(x)]
rng = np.random.default_rng(1)
width, rate, steps = 60, 0.01, 100000
W = rng.standard_normal((width, 2)) * 0.7
a = rng.standard_normal(width) * 0.1
start = (W.copy(), a.copy())
for step in range(steps + 1):
    H = np.maximum(X @ W.T, 0)
    r = H @ a - y
    if step % 25000 == 0:
        print(f"step {step:6}: objective {0.5 * r @ r + lam / 2 * (a @ a + (W * W).sum()):.10f}")
    grad_a = H.T @ r + lam * a
    grad_W = ((r[:, None] * (X @ W.T > 0)) * a).T @ X + lam * W
    a, W = a - rate * grad_a, W - rate * grad_W
final = 0.5 * r @ r + lam / 2 * (a @ a + (W * W).sum())
print(f"gradient descent: {final:.10f} >= certified {s.objective:.10f}: {final >= s.objective - 1e-9}")

# the mass of the trained neurons near each certified atom (angle on the circle)
mass = np.abs(a) * np.linalg.norm(W, axis=1)
angles = np.arctan2(W[:, 1], W[:, 0])
for atom in s.atoms:
    target = np.arctan2(atom.w[1], atom.w[0])
    near = np.abs(np.angle(np.exp(1j * (angles - target)))) < 0.05
    print(f"   near atom at angle {target:+.3f}: {near.sum():2} neurons, total |a||w| = {mass[near].sum():.4f} "
          f"(certified {abs(atom.amplitude):.4f})")
print(f"   mass elsewhere: {mass.sum() - sum(mass[np.abs(np.angle(np.exp(1j * (angles - np.arctan2(t.w[1], t.w[0]))))) < 0.05].sum() for t in s.atoms):.2e}")

if "-o" in sys.argv:
    from matplotlib.figure import Figure
    fig = Figure(figsize=(11, 4.5))
    axes = fig.subplots(1, 2, subplot_kw={"projection": "polar"})
    bins = np.linspace(-np.pi, np.pi, 121)
    for ax, (Wk, ak), title in zip(axes, (start, (W, a)), ("at initialisation", f"after {steps} steps")):
        signed = np.histogram(np.arctan2(Wk[:, 1], Wk[:, 0]), bins, weights=ak * np.linalg.norm(Wk, axis=1))[0]
        ax.bar(bins[:-1], np.abs(signed), width=np.diff(bins), align="edge",
               color=np.where(signed > 0, "tab:red", "tab:blue"), label="neurons: total |a| |w| per 3 degrees")
        for k, atom in enumerate(s.atoms):
            ax.plot([np.arctan2(atom.w[1], atom.w[0])] * 2, [0, abs(atom.amplitude)], color="k", lw=2.5,
                    label="certified atoms (length |amplitude|)" if k == 0 else None)
        ax.set_title(f"{width} neurons {title}\n(red: positive amplitude, blue: negative)", fontsize=10)
    axes[1].legend(loc="lower center", bbox_to_anchor=(0.5, -0.28), fontsize=9)
    path = sys.argv[sys.argv.index("-o") + 1]
    fig.savefig(path, dpi=130, bbox_inches="tight")
    print("wrote", path)
