"""Route results through the independent checker: ``assert_proof_checks(result)`` in any test.

>>> from arrangement import Arrangement
>>> assert_proof_checks(Arrangement([[1, 0], [0, 1]]))[0]
'the 4 listed regions are all regions of the arrangement (2 distinct hyperplanes)'
"""

from arrangement import Arrangement
from certificates import Certificate, Solution
from certificates.proofs.checker import check
from certificates.proofs.producer import proof_of_certificate, proof_of_regions, proof_of_solution


def proof_of(result, arrangement=None, y=None) -> dict:
    """The proof of an Arrangement, a Certificate, or a Solution (give its arrangement)."""
    if isinstance(result, Arrangement):
        return proof_of_regions(result)
    if isinstance(result, Certificate):
        return proof_of_certificate(result)
    if isinstance(result, Solution):
        if arrangement is None:
            raise TypeError("the proof of a Solution needs its Arrangement")
        return proof_of_solution(arrangement, result, y)
    raise TypeError(f"no proof for {type(result).__name__}")


def assert_proof_checks(result, arrangement=None, y=None) -> list:
    """Write the proof of ``result``, check it with :mod:`certificates.proofs.checker`, return the lines."""
    lines = check(proof_of(result, arrangement, y))
    assert lines and lines[0].startswith("the "), lines
    return lines


def assert_path_proof_checks(arrangement, path, y) -> dict:
    """Write the proof of a regularisation path, check it; every claim must be proved."""
    import json
    from certificates.proofs.checker import verdict
    from certificates.proofs.path import proof_of_path
    result = verdict(json.loads(json.dumps(proof_of_path(arrangement, path, y))))
    assert result["valid"], [c for c in result["claims"] if c["status"] != "proved"]
    return result


def rebind(proof: dict) -> dict:
    """The proof with ``data`` and ``data_sha256`` made to agree with its (edited) ``problem``
    again, so that a mutation of the data reaches the claims instead of the binding.  The digest
    is computed here from the documented canonical form, with hashlib alone."""
    import hashlib
    import json
    from fractions import Fraction
    problem = proof["problem"]
    proof["data"] = [row + ["1"] if problem["bias"] else list(row) for row in problem["X"]]
    canonical = {"X": [[str(Fraction(v)) for v in row] for row in problem["X"]], "bias": problem["bias"],
                 "lam": problem["lam"], "y": problem["y"]}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    proof["data_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    return proof


def bound(proof: dict, bias: bool = False) -> dict:
    """A hand-made proof (``data`` and ``claims``, no problem) in the current format, about the
    problem its data and its claims ``y`` and ``lam`` describe."""
    claims = proof["claims"]
    X = [row[:-1] for row in proof["data"]] if bias else proof["data"]
    proof = dict(proof, format={"name": "dualcert-proof", "version": "2.4"},
                 problem={"X": X, "bias": bias, "y": claims.get("y"), "lam": claims.get("lam")})
    return rebind(proof)
