"""Float labels in a path proof: a float is its shortest decimal (0.1 is 1/10), as the path
solver reads it, so the proof is about the problem the user meant.  Ground truth: Python's own
``repr`` of each float and ``Fraction`` of that text."""

import json
from fractions import Fraction

from arrangement import Arrangement
from certificates.proofs.checker import check
from certificates.proofs.path import proof_of_path
from certificates.solver.path.path import regularisation_path


def test_path_proof_reads_float_labels_as_decimals():
    A, y = Arrangement([[3, 4], [1, -2]]), [0.1, 0.3]
    proof = json.loads(json.dumps(proof_of_path(A, regularisation_path(A, y, "1/20", 3), y)))
    assert proof["claims"]["y"] == [str(Fraction(repr(v))) for v in y] == ["1/10", "3/10"]
    assert not any(line.startswith("not covered") for line in check(proof))
