"""DataFrames and yes/no options read as the documented policy says, as arrays and CSV files are."""

from fractions import Fraction

import numpy as np
import pytest

from arrangement import DataError
from arrangement.data import load_data

pd = pytest.importorskip("pandas")


def test_a_float32_column_keeps_the_numbers_typed_into_it():
    """`np.float32(0.1)` is 1/10 in an array; in a DataFrame column it was read as
    0.100000001490116..., the widened binary value (silently another data point)."""
    values = np.array([0.1, 0.2, 3.7], dtype=np.float32)
    frame = pd.DataFrame({"a": values, "b": np.array([1, 2, 3], dtype=np.float16), "y": [1, -1, 1]})
    D = load_data(frame)
    assert [row[0] for row in D.X] == [Fraction(1, 10), Fraction(1, 5), Fraction(37, 10)]
    assert D.X == load_data(np.column_stack([values, np.array([1, 2, 3], dtype=np.float32)])).X
    assert load_data(pd.DataFrame({"a": [0.1, 2.5], "y": [1, 2]})).X == ((Fraction(1, 10),), (Fraction(5, 2),))


def test_a_column_named_like_labels_is_refused_as_in_a_csv_file():
    """A CSV header `x,Y` is refused (the labels must be `y` or named); a DataFrame column 'Y',
    'label' or 'target' became a coordinate and the problem lost its labels without a word."""
    for name in ("Y", "label", "Target", " y"):
        with pytest.raises(DataError, match="looks like labels"):
            load_data(pd.DataFrame({"a": [1, 2], name: [1, -1]}))
        D = load_data(pd.DataFrame({"a": [1, 2], name: [1, -1]}), label=name)
        assert D.X == ((1,), (2,)) and D.y == (1, -1)


def test_a_label_column_with_a_number_for_its_name():
    """`load_data(DataFrame([[1, 0, 1], ...]), label=2)`: an AttributeError ('int' object has no
    attribute 'lower') out of the hint for a missing column; columns are matched by name."""
    frame = pd.DataFrame([[1, 0, 1], [0, 1, -1]])
    D = load_data(frame, label=2)
    assert D.X == ((1, 0), (0, 1)) and D.y == (1, -1)
    with pytest.raises(DataError, match="no column '7'"):
        load_data(frame, label=7)


def test_yes_no_options_are_not_read_by_their_truth():
    """`Arrangement(X, bias="no")` and `solve(..., normalize="no")` meant a bias and the
    normalised loss (a non-empty string is true); `solve(Arrangement(X), y, lam, bias=True)`
    dropped the bias without a word (the arrangement's rows are fixed)."""
    from arrangement import Arrangement, ParameterError
    from certificates import solve
    for bad in ("no", "False", None, 2):
        with pytest.raises(ParameterError, match="bias must be True or False"):
            Arrangement([[1], [2]], bias=bad)
    assert Arrangement([[1], [2]], bias=np.bool_(True)).d == Arrangement([[1], [2]], bias=1).d == 2
    with pytest.raises(ParameterError, match="normalize must be True or False"):
        solve([[1], [2]], [1, 1], 1, bias=True, normalize="no")
    with pytest.raises(ParameterError, match="built without a bias"):
        solve(Arrangement([[1], [2]]), [1, 1], 1, bias=True)
    with_bias = solve(Arrangement([[1], [2]], bias=True), [1, 1], 1, bias=True)
    assert with_bias.p_exact == solve([[1], [2]], [1, 1], 1, bias=True).p_exact


def test_decimals_without_standardize_is_refused(capsys):
    """`dualcert solve DATA --lam 1 --decimals 2`: the rounding of --standardize was ignored
    without a word (the raw data solved); now one line, exit 2.  With --standardize it rounds."""
    from certificates.cli import main
    assert main(["solve", "linnerud:weight[chins]", "--lam", "1", "--decimals", "2", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "give --standardize too" in err
    assert main(["solve", "linnerud:weight[chins]", "--bias", "--lam", "1", "--standardize", "--decimals", "2",
                 "--json", "--quiet"]) == 0
    import json
    assert json.loads(capsys.readouterr().out)["standardization"]["decimals"] == 2
