"""The duality-gap claim quotes its ball at any size: features times 2^600 against a bias column
end in a ball of radius about 1e-186, whose square (1e-371) a float prints as 0, a false
``|p - p*|^2 <= 0`` in a proved claim."""

import re
from fractions import Fraction

from conftest import run_cli

from certificates.proofs import checker


def test_magnitude_by_hand():
    magnitude = checker.magnitude
    assert magnitude(Fraction(1, 3 * 10 ** 400)) == "3.33e-401"
    assert magnitude(Fraction(-7 * 10 ** 500, 2)) == "-3.5e+500"
    assert magnitude(Fraction(1, 8)) == "0.125" and magnitude(Fraction(0)) == "0"


def test_a_tiny_gap_ball_is_not_printed_as_zero(tmp_path):
    S = 2 ** 600
    rows, y = [[1, 2], [-1, -2], [2, -1], [0, 1]], [1, -1, 2, 0]
    data = tmp_path / "big.csv"
    data.write_text("x1,x2,y\n" + "".join(f"{a * S},{b * S},{t}\n" for (a, b), t in zip(rows, y)))
    proof = tmp_path / "big.json"
    status, _, err = run_cli("solve", str(data), "--bias", "--lam", str(S // 2), "--quiet",
                             "--proof", str(proof))
    assert status == 0, err
    status, out, _ = run_cli("check", str(proof))
    line = next(t for t in out.splitlines() if "strong concavity" in t)
    radius, square = re.search(r"within (\S+) of p \(\|p - p\*\|\^2 <= (\S+),", line).groups()
    radius, square = Fraction(radius), Fraction(square)   # decimals, exactly
    assert radius > 0 and abs(square / radius ** 2 - 1) < Fraction(1, 50)    # 3 digits each
