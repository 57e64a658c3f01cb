"""Exact engine for the dual regions of shallow ReLU networks.

The data rows x_1..x_n cut the weight sphere by the hyperplanes <w, x_j> = 0;
this package enumerates the regions (activation patterns) of that central
arrangement with exact rational witnesses, their faces, the region adjacency
graph, and counts the regions independently through the characteristic
polynomial.  Nothing is decided by a float.

>>> from arrangement import Arrangement
>>> A = Arrangement([[0, 0], [0, 1], [1, 0], [1, 1]], bias=True)   # XOR points with a bias
>>> A.count_regions(), len(A.regions()), A.general_position
(14, 14, True)
"""

from .arrangement import Arrangement, Region
from .numbers import Dataset
from .data import load_data
from .errors import DataError, DualcertError, ParameterError, RegionLimitError
from .faces import Face
from .signs import pattern_string

__all__ = ["Arrangement", "Region", "Face", "Dataset", "load_data", "DataError", "DualcertError", "ParameterError",
           "RegionLimitError", "pattern_string"]
