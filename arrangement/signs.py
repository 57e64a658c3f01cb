"""Sign vectors as strings: the one encoding of a region's or face's pattern.

The sign of ``<w, x_j>`` is written ``+``, ``-`` or ``0``; a sign vector over the data is the
string of its signs, in data order.

>>> pattern_string([1, -1, 0])
'+-0'
>>> pattern_signs('+-0').tolist()
[1, -1, 0]
>>> import numpy as np
>>> pattern_strings(np.array([[1, 0], [-1, 1]]))
['+0', '-+']
"""

from __future__ import annotations

import numpy as np

__all__ = ["pattern_string", "pattern_strings", "pattern_signs"]

_SYMBOL = {1: "+", -1: "-", 0: "0"}
_SIGN = {symbol: sign for sign, symbol in _SYMBOL.items()}


def pattern_string(sign_row) -> str:
    """``[1, -1, 0]`` -> ``'+-0'``."""
    return "".join(_SYMBOL[int(s)] for s in sign_row)


def pattern_signs(pattern: str) -> np.ndarray:
    """``'+-0'`` -> ``array([1, -1, 0])`` (``int8``): the inverse of :func:`pattern_string`."""
    return np.array([_SIGN[c] for c in pattern], dtype=np.int8)


def pattern_strings(S: np.ndarray) -> list:
    """Rows of a sign matrix as pattern strings (vectorised :func:`pattern_string`)."""
    chars = np.frombuffer(b"-0+", dtype=np.uint8)[S.astype(np.int64) + 1]
    width = S.shape[1]
    if width == 0:
        return [""] * len(S)
    return np.ascontiguousarray(chars).view(f"S{width}").ravel().astype(str).tolist()
