"""Reading data exactly, and clear errors for bad input."""

import json
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement, DataError, load_data


def test_csv_with_header_and_labels(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("# comment\na,b,y\n0.1,3/7,1\n-2,0,0.5\n")
    data = load_data(path)
    assert data.X == ((Fraction(1, 10), Fraction(3, 7)), (Fraction(-2), Fraction(0)))
    assert data.y == (Fraction(1), Fraction(1, 2))


def test_csv_without_header(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("1,2\n3,4\n")
    assert load_data(path).X == ((1, 2), (3, 4)) and load_data(path).y is None


def test_json_decimals_are_exact(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"X": [[0.1, 1], ["3/7", 2]], "y": [0.3, 1]}))
    data = load_data(path)
    assert data.X[0][0] == Fraction(1, 10) and data.X[1][0] == Fraction(3, 7)
    assert data.y[0] == Fraction(3, 10)


def test_numpy_arrays():
    assert Arrangement(np.array([[1, 0], [0, 1]])).count_regions() == 4
    A = Arrangement(np.array([[0.5, 0.25]]))
    assert A.X == ((Fraction(1, 2), Fraction(1, 4)),)


@pytest.mark.parametrize("X,message", [
    ([[1, 2], [3]], "ragged data: row 1"),
    ([[1, float("nan")]], "NaN"),
    ([[1, float("inf")]], "NaN and infinity"),
    ([[1, "abc"]], "entry (0, 1) 'abc' is not a number"),
    ([], "empty data"),
    ([[], []], "dimension d must be at least 1"),
    (np.zeros((2, 2, 2)), "2-dimensional"),
    ([[1, None]], "is null/None, not a number"),
    ([1, 2, 3], "row 0 is not a list"),
    ([[1, __import__("sympy").sqrt(2)]], "is not a rational number"),   # a number, but not exact data
    ([[1, 1j]], "is not a rational number"),
])
def test_bad_input_raises_a_clear_typed_error(X, message):
    with pytest.raises(DataError) as info:
        Arrangement(X)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_files(tmp_path):
    with pytest.raises(DataError, match="no such data file"):
        load_data(tmp_path / "missing.csv")
    bad = tmp_path / "bad.json"
    bad.write_text('{"X": [[1, NaN]]}')
    with pytest.raises(DataError, match="NaN"):
        load_data(bad)
    bad.write_text('{"X": [[1, 2]], "y": [1, 2]}')
    with pytest.raises(DataError, match="y has 2 entries but there are 1 data points"):
        load_data(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("x1,x2\n")
    with pytest.raises(DataError, match="no data rows"):
        load_data(empty)


def test_python_flint_rationals_are_read_exactly():
    flint = pytest.importorskip("flint")
    A = Arrangement([[flint.fmpq(1, 3), flint.fmpz(-2)], [flint.fmpq(-7, 10**20), 1]])
    assert A.X == ((Fraction(1, 3), Fraction(-2)), (Fraction(-7, 10**20), Fraction(1)))
