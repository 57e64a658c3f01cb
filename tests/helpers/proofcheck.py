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
