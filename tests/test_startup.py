"""The package at start-up: the public Arrangement view, lazy start-up, a quiet
library and a quiet end when the reader of the output leaves."""

import io
import itertools
import subprocess
import sys

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from arrangement import Arrangement
from arrangement.datasets import builtin, random_integer
from certificates.results.build import polynomial_text

HEAVY = ("sympy", "scipy", "matplotlib", "shapely", "clarabel", "networkx", "flint", "tqdm", "mpmath")


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.lists(st.integers(-30, 30), max_size=7))
def test_polynomial_text_matches_sympy(leading, rest):
    coefficients = [leading] + rest
    x = sympy.Symbol("x")
    expected = str(sympy.Poly(coefficients, x).as_expr()).replace("**", "^")
    assert polynomial_text(coefficients) == expected


def test_characteristic_polynomial_text_matches_sympy():
    for name in ("braid:4", "threshold:3", "resonance:4"):
        A = Arrangement(builtin(name))
        expected = str(A.characteristic_polynomial().as_expr()).replace("**", "^")
        assert polynomial_text(A.characteristic_coefficients) == expected


@pytest.mark.parametrize("rows", [
    [[1, 0], [0, 1], [-2, 0], [0, 0], [1, 1]],          # repeated/opposite/zero rows
    [[1, 1, 0], [2, 2, 0], [0, 0, 1], [1, 1, 1]],        # rank 2 in R^3
    random_integer(9, 3, seed=5),
])
def test_public_view_against_direct_computation(rows):
    A = Arrangement(rows)
    X = np.array([[sympy.Rational(str(v)) for v in row] for row in A.X], dtype=object)
    W = A.witness_matrix()
    # signs over the data computed directly from the exact witnesses
    data_signs = np.sign((W.astype(object) @ X.T).astype(float)).astype(int)
    assert (A.sign_matrix() == data_signs).all()
    # the hyperplane columns, against the oriented normals in R^d
    hyper = np.sign((W.astype(object) @ A.hyperplane_normals.T).astype(float)).astype(int)
    assert (A.hyperplane_sign_matrix() == hyper).all()
    assert (A.data_signs(A.hyperplane_sign_matrix()) == data_signs).all()
    for j, h in enumerate(A.hyperplane_of):
        if h < 0:
            assert not any(X[j])
        else:
            assert j in A.hyperplanes[h] and A.orientation[j] in (1, -1)
            assert (data_signs[:, j] == A.orientation[j] * hyper[:, h]).all()
    # neighbours differ in exactly the one hyperplane; every pair that does is a neighbour pair
    S = A.hyperplane_sign_matrix()
    nb = A.neighbours()
    for r, s in itertools.combinations(range(len(S)), 2):
        differ = np.flatnonzero(S[r] != S[s]).tolist()
        across = [h for h in range(S.shape[1]) if nb[r, h] == s]
        assert across == (differ if len(differ) == 1 else [])
        assert [h for h in range(S.shape[1]) if nb[s, h] == r] == across
    if A.essential_basis is not None:
        assert len(A.essential_basis) == A.rank == len(A.normals[0])


def test_public_view_is_read_only():
    A = Arrangement([[1, 0], [0, 1]])
    for array in (A.normals, A.orientation, A.hyperplane_of, A.integer_rows, A.neighbours(),
                  A.hyperplane_sign_matrix(), A.hyperplane_normals):
        with pytest.raises(ValueError):
            array[0] = 0


def test_is_interior():
    A = Arrangement([[1, 0], [0, 1], [0, 0]])
    assert A.is_interior("++0") and not A.is_interior("+00") and not A.is_interior("0+0")


def _loaded_after(code: str) -> list:
    script = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split("\n")[-2].split()


def test_start_up_loads_no_heavy_library():
    assert _loaded_after("import arrangement, certificates.cli") == []
    count = "from certificates.cli import main\nmain(['count', 'braid:4', '--json'])"
    assert _loaded_after(count) == []
    regions = "from certificates.cli import main\nmain(['regions', 'threshold:3', '--json'])"
    assert _loaded_after(regions) == []


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_solver_writes_nothing_and_reports_through_the_callback(monkeypatch):
    from certificates import solve
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", terminal)
    steps = []
    s = solve([[1, 0], [0, 1], [1, 1]], [1, 2, 1], "1/4", progress=False,
              on_iteration=lambda k, cones, bound: steps.append((k, cones, bound)))
    assert terminal.getvalue() == ""
    assert s.status in ("exact", "verified")
    assert steps and [k for k, _, _ in steps] == sorted(k for k, _, _ in steps)


def test_closed_pipe_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "certificates", "regions", "threshold:4", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == "" and proc.returncode in (0, 141)   # 141 = 128 + SIGPIPE, as a shell reports it
