"""The bad-input contract of the library: nothing silently dropped, every refusal a typed
one-line error naming what is wrong; degenerate and huge-but-valid data work."""

import itertools
import json
import pathlib
import random
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy

from arrangement import Arrangement, DataError, ParameterError, RegionLimitError, load_data
from arrangement.numbers import rational_vector
from arrangement.datasets import braid, random_integer, resonance, threshold
from arrangement.integer import product_signs
from certificates import Certificate, solve


def _refused(source, *fragments):
    with pytest.raises(DataError) as info:
        load_data(source)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message


def _file(tmp_path, text, name="d.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("first_row,column,value", [
    ("1,nan", 2, "'nan'"), ("abc,1", 1, "'abc'"), ("1/0,1", 1, "'1/0'"), ("0x10,1", 1, "'0x10'"),
    ("1,", 2, "empty"), ("-inf,2", 1, "'-inf'"), ("1_000,1", 1, "'1_000'"),
    ("\u0661\u0662,1", 1, "ASCII"),
])
def test_a_first_row_with_a_number_is_data_and_its_bad_entry_an_error(tmp_path, first_row, column, value):
    _refused(_file(tmp_path, f"{first_row}\n2,3\n"), "line 1", f"column {column}", value)


def test_bad_entries_further_down_name_line_column_and_header_name(tmp_path):
    path = _file(tmp_path, "# data\nx1,x2,y\n1,2,3\n\n4,abc,6\n")
    _refused(path, "line 5", "column 2 (x2)", "'abc'")


def test_a_byte_order_mark_is_not_a_header(tmp_path):
    path = _file(tmp_path, "\ufeff1,0\n0,1\n")
    assert load_data(path).X == ((1, 0), (0, 1))
    path = _file(tmp_path, "\ufeffx1,y\n2,3\n")
    assert load_data(path).y == (3,)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_separators_are_detected(tmp_path, separator):
    path = _file(tmp_path, separator.join(["x1", "x2", "y"]) + "\n" + separator.join(["1/2", "2", "3"]) + "\n")
    data = load_data(path)
    assert data.X == ((Fraction(1, 2), 2),) and data.y == (3,)


def test_mixed_separators_are_named_in_the_error(tmp_path):
    _refused(_file(tmp_path, "1;2\n3,4\n"), "line 2", "separated by semicolons", "found commas")


@pytest.mark.parametrize("header,fragment", [
    ("x1,x2,Y", "named exactly 'y'"), ("x1,label", "named exactly 'y'"),
    ("x,y,y", "'y' appears twice"), ("a,a,y", "'a' appears twice"), ("a,,y", "has no name"),
])
def test_header_names_are_checked(tmp_path, header, fragment):
    _refused(_file(tmp_path, f"{header}\n1,2,3\n"), "line 1", fragment)


@pytest.mark.parametrize("text", ["x1,x2,y\n1,2\n", "x1,y\n1,2,3\n", "1,2\n3,4,5\n"])
def test_rows_must_have_the_width_of_the_header_or_first_row(tmp_path, text):
    _refused(_file(tmp_path, text), "ragged data: line 2")


@pytest.mark.parametrize("obj,fragment", [
    ({"X": [[True, 1]]}, "boolean"), ({"X": [[1, None]]}, "null"), ({"X": [[1, 2]], "y": [False]}, "boolean"),
    ({"X": [[1, 2]], "Y": [1]}, "unknown key 'Y'"), ({"X": [[1, "abc"]]}, "'abc' is not a number"),
    ({"X": [[1, [2]]]}, "of type list"), ("[[1, NaN]]", "NaN"), ({"y": [1]}, "key 'X'"),
])
def test_json_types_are_checked(tmp_path, obj, fragment):
    _refused(_file(tmp_path, obj if isinstance(obj, str) else json.dumps(obj), "d.json"), "d.json", fragment)


def test_json_numbers_and_rational_strings_are_exact(tmp_path):
    data = load_data(_file(tmp_path, '{"X": [[0.1, "3/7", 1e400]], "y": ["-1/3"]}', "d.json"))
    assert data.X == ((Fraction(1, 10), Fraction(3, 7), 10**400),) and data.y == (Fraction(-1, 3),)


@pytest.mark.parametrize("text", ["1,,2", "1,2,", ",1", "", "  "])
def test_empty_list_items_are_refused(text):
    with pytest.raises(DataError, match="empty"):
        rational_vector(text, "p")


@pytest.mark.parametrize("value", [True, np.bool_(False), None, float("nan"), "inf", ""])
def test_non_numbers_in_rows_are_refused(value):
    with pytest.raises(DataError):
        Arrangement([[1, value]])


def test_unreadable_and_odd_files(tmp_path):
    _refused(tmp_path, "is a directory")
    _refused(_file(tmp_path, b"1,2\n\xff\xfe,3\n"), "not UTF-8")
    _refused(str(tmp_path / "nothing.csv"), "no such data file")
    _refused("threshold:\u00b2", "unknown built-in data set")


def test_one_reader_for_every_kind_of_source(tmp_path):
    path = _file(tmp_path, "1,0\n0,1\n1,1\n")
    expected = ((1, 0), (0, 1), (1, 1))
    for source in (path, str(path), [[1, 0], [0, 1], [1, 1]], np.array(expected), load_data(path)):
        assert load_data(source).X == expected
        assert Arrangement(source).count_regions() == 6      # three lines through 0 in the plane
    assert Arrangement("braid:3").X == load_data(braid(3)).X


def test_certificate_accepts_data():
    # eta = relu(w1): sup 1 at w = (1, 0), so p = (1) is feasible with extreme point e_1
    c = Certificate([[1, 0]], [1])
    assert c.feasible and [list(e.w) for e in c.extreme_points] == [[1, 0]]


@pytest.mark.parametrize("bad", ["abc", 0, -3, 2.5, True, [10]])
def test_limits_must_be_positive_integers(bad):
    with pytest.raises(ParameterError, match="max_regions must be a positive integer"):
        Arrangement([[1, 0], [0, 1]]).regions(max_regions=bad)


@pytest.mark.parametrize("X,bias", [(threshold(6), True), (threshold(9), False), (resonance(8), False),
                                    (random_integer(60, 10, seed=1), False)])
def test_max_regions_refuses_within_a_second(X, bias):
    A = Arrangement(X, bias=bias)
    start = time.perf_counter()
    with pytest.raises(RegionLimitError, match="more than max_regions = 10 regions"):
        A.regions(max_regions=10)
    assert time.perf_counter() - start < 2.0   # typically 0.03-0.2 s; 2 s leaves room for a loaded machine


def test_max_regions_exact_when_covers_bound_exceeds_it():
    # braid(5): rank 4, 10 hyperplanes, Cover's bound 260 but 5! = 120 regions (Weyl chambers)
    with pytest.raises(RegionLimitError, match="more than max_regions = 119"):
        Arrangement(braid(5)).regions(max_regions=119)
    assert len(Arrangement(braid(5)).regions(max_regions=120)) == 120


@pytest.mark.parametrize("rows", [
    [[10**50, 1], [1, 2], [Fraction(1, 10**40), 3]],
    [["1e400", 1, 0], [1, 2, 1], ["1e-400", 3, 1]],
    [["1e400", 1, 0, 1], [1, 2, 1, 1], ["1e-400", 3, 1, 2], [1, 1, 1, 1], [3, 1, 4, 1]],
])
def test_numbers_beyond_float_range_are_exact_data(rows):
    A = Arrangement(rows)
    regions = A.regions()
    # ground truth: these rows are in general position, so Cover's formula counts the regions
    assert A.general_position and len(regions) == A.cover_count()
    W = np.array([r.witness for r in regions], dtype=object)
    signs = product_signs(W, np.array(A.integer_rows, dtype=object).T)
    assert ["".join("+-0"[{1: 0, -1: 1, 0: 2}[int(s)]] for s in row) for row in signs] == \
        [r.pattern for r in regions]


def test_lambda_and_labels_beyond_float_range_are_clear_errors():
    with pytest.raises(DataError, match="lambda .*is about 1e400: outside the range of floats"):
        solve([[1, 0], [0, 1]], [1, 1], "1e400")
    with pytest.raises(DataError, match="outside the range of floats"):
        solve([[1, 0], [0, 1]], ["1e400", 1], 1)   # the labels scale into floats, lambda then not
    with pytest.raises(DataError, match="lambda .*is about 1e-400"):
        solve([[1, 0], [0, 1]], [1, 1], "1e-400")


def _independent(rows) -> bool:
    return sympy.Matrix(rows).rank() == len(rows)


def _general_position_by_definition(X) -> bool:
    """Every min(n, d) of the vectors are linearly independent (general position), by brute force."""
    k = min(len(X), len(X[0]))
    return all(_independent([X[i] for i in subset]) for subset in itertools.combinations(range(len(X)), k))


def test_general_position_is_the_definition_on_degenerate_data():
    rng = random.Random(9)
    cases = [[[0]], [[1], [0]], [[1], [2]], [[0, 0], [1, 0]], [[1, 0], [2, 0]], [[1, 0], [-1, 0]],
             [[1, 0, 0], [0, 1, 0]], [[1, 1, 0], [2, 2, 0], [0, 0, 1]]]
    for _ in range(60):
        n, d = rng.randint(1, 5), rng.randint(1, 4)
        cases.append([[rng.choice([0, 0, 1, -1, 2]) for _ in range(d)] for _ in range(n)])
    for X in cases:
        assert Arrangement(X).general_position == _general_position_by_definition(X), X


def test_pathlib_arrangement_and_certificate_from_file(tmp_path):
    path = _file(tmp_path, "x1,x2,y\n1,0,1\n0,1,1\n")
    A = Arrangement(pathlib.Path(path))
    assert A.y == (1, 1) and A.count_regions() == 4


def test_face_limit_is_checked_too():
    with pytest.raises(ParameterError, match="max_faces must be a positive integer"):
        Arrangement([[1, 0], [0, 1]]).faces(max_faces="abc")
