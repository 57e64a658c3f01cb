"""Independent ground truth for the tests: brute force by linear programming and exact ranks."""

import itertools
import os
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import settings
from scipy.optimize import linprog

# the helpers shared by tests and benchmarks (exact_check, proofcheck, import_graph)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))

# The suite draws the same examples on every run (its time and verdict do not depend on luck);
# HYPOTHESIS_PROFILE=explore draws fresh random examples, for hunting bugs.
settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def exact_rank(rows) -> int:
    return sympy.Matrix([[Fraction(v) for v in row] for row in rows]).rank() if rows else 0


def feasible_sign_vector(X, s) -> bool:
    """Is {w : sign <w, x_j> = s_j} nonempty?  LP: max t, s_j <w, x_j> >= t, zeros exact, |w|_inf <= 1."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for j in range(n):
        if s[j] == 0:
            A_eq.append(list(X[j]) + [0.0])
            b_eq.append(0.0)
        else:
            A_ub.append(list(-s[j] * X[j]) + [1.0])
            b_ub.append(0.0)
    if not A_ub:  # only zeros: a nonzero point of the kernel exists iff rank < d
        return np.linalg.matrix_rank(X) < d if n else True
    res = linprog(c=[0.0] * d + [-1.0], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq or None, b_eq=b_eq or None,
                  bounds=[(-1, 1)] * d + [(None, 1)], method="highs")
    return res.status == 0 and -res.fun > 1e-9


def brute_force_faces(X):
    """All sign vectors (tuples over the data) of nonempty faces, zero rows forced to 0."""
    zero = [all(v == 0 for v in row) for row in X]
    choices = [(0,) if z else (1, -1, 0) for z in zero]
    return {s for s in itertools.product(*choices) if feasible_sign_vector(X, s)}


def brute_force_regions(X):
    zero = [all(v == 0 for v in row) for row in X]
    choices = [(0,) if z else (1, -1) for z in zero]
    return {s for s in itertools.product(*choices) if feasible_sign_vector(X, s)}


def whitney_characteristic(X, d):
    """chi(t) = sum over subsets B of the distinct hyperplanes of (-1)^|B| t^(d - rank B)."""
    hyperplanes = []
    for row in X:
        if any(row) and not any(exact_rank([row, h]) == 1 for h in hyperplanes):
            hyperplanes.append(row)
    coeffs = [0] * (d + 1)
    for size in range(len(hyperplanes) + 1):
        for B in itertools.combinations(hyperplanes, size):
            coeffs[exact_rank(list(B))] += (-1) ** size
    return coeffs


def integer_rank(rows) -> int:
    """The exact rank of integer rows (flint: fast enough for brute force over subsets)."""
    from flint import fmpz_mat
    return fmpz_mat([list(row) for row in rows]).rank() if len(rows) else 0


def whitney(rows, d):
    """chi(t) by Whitney's subset formula over the given distinct hyperplanes (flint ranks, for speed)."""
    coeffs = [0] * (d + 1)
    for size in range(len(rows) + 1):
        for B in itertools.combinations(rows, size):
            coeffs[integer_rank(B)] += (-1) ** size
    return coeffs


def swap_and_negation_orbit(vectors, r):
    """The integer ``vectors`` closed under swapping coordinates 0 and 1 and negating coordinate 2
    (a planted symmetry group of order 4), zero vectors dropped, sorted, then the r coordinate
    vectors (so the data have full rank)."""
    orbit = set()
    for v in vectors:
        for swap, neg in itertools.product((False, True), repeat=2):
            w = list(v)
            if swap:
                w[0], w[1] = w[1], w[0]
            if neg:
                w[2] = -w[2]
            orbit.add(tuple(w))
    return sorted(v for v in orbit if any(v)) + [tuple(int(i == t) for t in range(r)) for i in range(r)]


def as_tuple(pattern: str):
    return tuple({"+": 1, "-": -1, "0": 0}[c] for c in pattern)


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


def run_cli(*args):
    """Run ``dualcert ARGS``: (exit status, stdout, stderr), in this process (an interpreter per
    call cost about as much CPU as the commands themselves).  An uncaught exception fails the test
    as a traceback on stderr would; what only a process shows (the guard of start-up, Ctrl-C,
    closed pipes, the installed ``dualcert`` script) is tested on real subprocesses
    (tests/test_startup.py, tests/cli/test_cli_input.py, tests/cli/test_packaging.py)."""
    import contextlib
    import io
    from certificates.cli.main import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:          # argparse's --help and usage errors
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return code, out.getvalue(), err.getvalue()
