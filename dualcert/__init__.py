"""dualcert: exact dual regions and dual certificates of infinite-width shallow ReLU networks.

The public API in one place (each name is imported on first use, so ``import dualcert`` is
fast):

* data and the arrangement: :class:`Arrangement`, :class:`Region`, :class:`Face`,
  :class:`Dataset`, :func:`load_data`;
* certificates and the solver: :class:`Certificate`, :func:`solve`, :func:`exact_fit`,
  :class:`Solution`, :class:`Atom`, :func:`regularisation_path` (a :class:`Path`),
  :func:`sweep`;
* exact numbers: :func:`simplest`, :func:`decimal` (:mod:`certificates.exact.numbers`);
* errors: :class:`DualcertError` and its kinds :class:`DataError`, :class:`ParameterError`,
  :class:`RegionLimitError`.

Python floats are read through their shortest decimal repr (``0.1`` is exactly 1/10), like
decimal text on the command line.

>>> import dualcert
>>> dualcert.solve([[3, 4]], [10], 5).atoms[0].amplitude_exact
9/5
>>> dualcert.Arrangement([[1, 0], [0, 1]]).count_regions()
4
>>> dualcert.__version__ == __import__("importlib.metadata").metadata.version("dualcert")
True
"""

import importlib as _importlib

__all__ = ["Arrangement", "Region", "Face", "Dataset", "load_data", "Certificate", "Solution", "Atom",
           "solve", "exact_fit", "regularisation_path", "Path", "sweep", "simplest", "decimal",
           "DualcertError", "DataError", "ParameterError", "RegionLimitError", "__version__"]

_HOME = {"Arrangement": "arrangement", "Region": "arrangement", "Face": "arrangement", "Dataset": "arrangement",
         "load_data": "arrangement", "DualcertError": "arrangement", "DataError": "arrangement",
         "ParameterError": "arrangement", "RegionLimitError": "arrangement",
         "Certificate": "certificates.dual.certificate", "Solution": "certificates.solver",
         "Atom": "certificates.solver", "solve": "certificates.solver", "exact_fit": "certificates.solver",
         "regularisation_path": "certificates.solver.path.path", "Path": "certificates.solver.path.path",
         "sweep": "certificates.solver.sweep", "simplest": "certificates.exact.numbers",
         "decimal": "certificates.exact.numbers"}


def _version() -> str:
    """The installed distribution's version: the one number, ``version`` in setup.cfg."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("dualcert")
    except PackageNotFoundError:   # run from a source tree that was never installed
        return "0+unknown"


def __getattr__(name):
    if name == "__version__":
        value = _version()
    elif name in _HOME:
        # nothing is imported before the first use (``python -m dualcert`` guards its start-up);
        # then the notebook display of Arrangement and Region is registered with the rest
        _importlib.import_module("certificates.report.notebook")
        value = getattr(_importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
