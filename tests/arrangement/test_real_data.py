"""The shipped real data against their documented sources (checksums of scikit-learn 1.9.1's
files, row counts, class sizes and summary statistics of the data sets' descriptions, the
Lang-Witbrock formula), a certified solve on one of them re-checked exactly, DataFrames,
standardisation and the bad-input contract (one line, exit status 2)."""

import hashlib
import json
import math
import re
import statistics
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from arrangement import Arrangement, DataError, load_data
from arrangement.real_data import real_dataset
from arrangement.standardize import standardize
from certificates import solve
from certificates.cli import main
from exact_check import check

FILES = Path(__file__).resolve().parents[2] / "arrangement" / "data_files"


def _documented_sums() -> dict:
    """file -> sha256 as the README beside the files states them (taken from the scikit-learn wheel)."""
    sums = {}
    for line in (FILES / "README.md").read_text().splitlines():
        match = re.match(r"\| `([^`]+)` \|[^|]*\| `([0-9a-f]{64})`", line)
        if match:
            sums[match.group(1)] = match.group(2)
    return sums


def test_files_are_scikit_learns_byte_for_byte():
    sums = _documented_sums()
    shipped = {p.name for p in FILES.iterdir() if p.name != "README.md"}
    assert set(sums) == shipped and len(sums) == 6
    # published by scikit-learn 1.9.1's wheel (sklearn/datasets/data): independent of this package
    assert sums["iris.csv"] == "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"
    for name, digest in sums.items():
        assert hashlib.sha256((FILES / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name, rows", [("iris:setosa-versicolor", 100), ("iris:versicolor-virginica", 100),
                                        ("wine:1-2", 59 + 71), ("wine:1-3", 59 + 48), ("wine:2-3", 71 + 48),
                                        ("linnerud:weight", 20), ("diabetes", 442), ("spiral", 194)])
def test_row_counts_of_the_descriptions(name, rows):
    # iris: 150 rows, 50 per class; wine: 178 rows, 59/71/48; Linnerud 20; diabetes 442; spirals 2 x 97
    D = real_dataset(name)
    assert D.n == rows and len(D.y) == rows
    if not name.startswith(("linnerud", "diabetes")):
        assert set(D.y) == {1, -1}


def test_summary_statistics_of_the_descriptions():
    # iris.rst: sepal length 4.3..7.9, mean 5.84, SD 0.83; petal width 0.1..2.5, mean 1.20, SD 0.76
    setosa = real_dataset("iris:setosa-versicolor").X[:50]
    allrows = list(setosa) + list(real_dataset("iris:versicolor-virginica").X)
    assert len(allrows) == 150
    sepal = [float(r[0]) for r in allrows]
    petal = [float(r[3]) for r in allrows]
    assert (min(sepal), max(sepal), round(statistics.mean(sepal), 2), round(statistics.stdev(sepal), 2)) == \
        (4.3, 7.9, 5.84, 0.83)
    assert (min(petal), max(petal), round(statistics.mean(petal), 2), round(statistics.stdev(petal), 2)) == \
        (0.1, 2.5, 1.2, 0.76)
    # wine_data.rst: proline 278..1680; magnesium 70..162
    wine = list(real_dataset("wine:1-2").X) + list(real_dataset("wine:2-3").X[71:])
    assert len(wine) == 178
    assert (min(r[12] for r in wine), max(r[12] for r in wine)) == (278, 1680)
    assert (min(r[4] for r in wine), max(r[4] for r in wine)) == (70, 162)
    # Linnerud (Tenenhaus): the first man does 5 chins, 162 situps, 60 jumps and weighs 191
    L = real_dataset("linnerud:weight")
    assert L.X[0] == (5, 162, 60) and L.y[0] == 191
    # diabetes (Efron et al.): first patient 59 years, bmi 32.1, progression 151
    D = real_dataset("diabetes")
    assert (D.X[0][0], D.X[0][2], D.y[0]) == (59, Fraction("32.1"), 151)


def test_spirals_follow_the_lang_witbrock_formula():
    X, y = real_dataset("spiral").X, real_dataset("spiral").y
    for i in range(97):
        r, a = 6.5 * (104 - i) / 104, i * math.pi / 16
        expected = tuple(Decimal(repr(v)).quantize(Decimal("0.0001"), ROUND_HALF_EVEN) for v in
                         (r * math.sin(a), r * math.cos(a)))
        assert tuple(map(Fraction, expected)) == X[i] and y[i] == 1
        assert X[97 + i] == tuple(-v for v in X[i]) and y[97 + i] == -1
    assert real_dataset("spiral:5").X[:5] == X[:5]


def test_feature_subsets_and_labels():
    D = real_dataset("iris:versicolor-virginica[petal_width,petal_length]")
    full = real_dataset("iris:versicolor-virginica")
    assert D.X == tuple((row[3], row[2]) for row in full.X) and D.y == full.y
    assert D.y[:50] == (1,) * 50 and D.y[50:] == (-1,) * 50
    assert real_dataset("linnerud:pulse").y[0] == 50


def test_one_against_the_rest():
    # iris: 150 rows, 50 per species in file order setosa, versicolor, virginica; wine 59/71/48
    for k, species in enumerate(("setosa", "versicolor", "virginica")):
        D = real_dataset(f"iris:{species}-rest")
        assert D.n == 150 and [j for j, v in enumerate(D.y) if v == 1] == list(range(50 * k, 50 * k + 50))
        assert sorted(set(D.y)) == [-1, 1]
    pair = real_dataset("iris:versicolor-virginica")
    assert real_dataset("iris:versicolor-rest").X[50:] == pair.X     # the same rows, in file order
    for cultivar, size in (("1", 59), ("2", 71), ("3", 48)):
        D = real_dataset(f"wine:{cultivar}-rest[proline]")
        assert (D.n, D.d, list(D.y).count(1)) == (178, 1, size)
    # cultivar 1 has proline 1065 in the first row (wine_data.csv), cultivar 3 ends with 560
    assert real_dataset("wine:1-rest[proline]").X[0] == (1065,) and real_dataset("wine:3-rest[proline]").X[-1] == (560,)


def test_certified_solve_on_a_real_data_set():
    X, y = real_dataset("spiral:4").X, real_dataset("spiral:4").y
    s = solve("spiral:4", lam="1/10", bias=True)
    assert s.status == "exact" and s.certificate["unique"] is True
    assert check(X, y, Fraction(1, 10), True, s) == []


def test_dataframes_read_floats_through_their_shortest_repr():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [0.1, 0.7, 1.0], "b": [1, 2, 3], "target": [1.5, -1.0, 0.25]})
    A = Arrangement(df, label="target", bias=True)
    assert A.X[0] == (Fraction(1, 10), 1, 1) and A.y == (Fraction(3, 2), -1, Fraction(1, 4))
    assert load_data(df.rename(columns={"target": "y"})).y == A.y
    with pytest.raises(DataError, match="not numeric"):
        Arrangement(pd.DataFrame({"a": [1.0, 2.0], "y": ["yes", "no"]}))
    with pytest.raises(DataError, match="did you mean 'target'"):
        Arrangement(df, label="Target")
    with pytest.raises(DataError, match="NaN"):
        Arrangement(pd.DataFrame({"a": [1.0, float("nan")], "y": [1, 2]}))


def test_standardize_against_floats():
    data = real_dataset("linnerud:weight")
    scaled, record = standardize(data, decimals=3, labels=True)
    X = np.array([[float(v) for v in row] for row in data.X])
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    assert np.abs(np.array([[float(v) for v in row] for row in scaled.X]) - z).max() <= 0.0005 + 1e-12
    assert all(v.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500, 1000)
               for row in scaled.X for v in row)
    assert Fraction(record["columns"][0]["mean"]) == statistics.mean(row[0] for row in data.X)
    assert abs(float(record["labels"]["scale"]) - float(np.std([float(v) for v in data.y]))) < 1e-9


def _fails(capsys, *args, fragment=""):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, (code, err)
    assert fragment in err, err


def test_bad_names_and_labels_are_one_line(capsys, tmp_path):
    _fails(capsys, "solve", "Xor", "--lam", "1", fragment="did you mean 'xor'")
    _fails(capsys, "regions", "irsi:setosa-versicolor", fragment="did you mean 'iris'")
    _fails(capsys, "regions", "iris:versicolor-virginica[petal_lenght]", fragment="did you mean 'petal_length'")
    _fails(capsys, "regions", "iris:versicolour-virginica", fragment="did you mean")
    _fails(capsys, "regions", "spiral:98", fragment="1 <= N <= 97")
    _fails(capsys, "regions", "iris:setosa-rst", fragment="did you mean 'iris:setosa-rest'")
    _fails(capsys, "regions", "iris:rest-setosa", fragment="iris task 'rest-setosa'")
    _fails(capsys, "regions", "wine:4-rest", fragment="did you mean")
    _fails(capsys, "regions", "iris:rest", fragment="iris task 'rest'")
    path = tmp_path / "d.csv"
    path.write_text("a,b,kind\n1,2,yes\n3,4,no\n")
    _fails(capsys, "solve", str(path), "--label", "kind", "--lam", "1", fragment="'yes' is not a number")
    _fails(capsys, "solve", str(path), "--label", "knd", "--lam", "1", fragment="no column named 'knd'")
    _fails(capsys, "solve", "xor", "--label", "y", "--lam", "1", fragment="CSV file or a DataFrame")


def test_label_column_on_the_command_line(capsys, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b,target\n1,0,1\n0,1,2\n1,1,0\n")
    assert main(["solve", str(path), "--label", "target", "--lam", "1/2", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    direct = solve([[1, 0], [0, 1], [1, 1]], [1, 2, 0], "1/2")
    assert s["status"] == direct.status and len(s["atoms"]) == len(direct.atoms)


def test_datasets_command_lists_every_name(capsys):
    assert main(["datasets", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["datasets"]
    names = {r["name"] for r in rows}
    assert {"xor", "threshold:K", "iris:versicolor-virginica", "wine:1-2", "linnerud:weight", "diabetes",
            "spiral:N"} <= names
    for r in rows:
        if isinstance(r["n"], int) and r["name"] != "xor":
            D = load_data(r["name"])
            assert (D.n, D.d) == (r["n"], r["d"]) and r["source"]
    assert main(["datasets"]) == 0 and "iris:setosa-versicolor" in capsys.readouterr().out


def test_standardize_is_recorded(capsys):
    assert main(["solve", "linnerud:weight[chins]", "--bias", "--lam", "1", "--standardize",
                 "--standardize-labels", "--json", "--quiet"]) == 0
    s = json.loads(capsys.readouterr().out)
    record = s["standardization"]
    assert record["decimals"] == 3 and record["columns"][0]["mean"] == "189/20"
    assert record["labels"]["mean"] == "893/5"     # the mean weight, 178.6
