"""Typed exceptions of dualcert.

Every error a user can cause is one of these, with a one-line message that
names the problem; the command line prints the message and exits with status 2.
"""


class DualcertError(Exception):
    """Base class of every error dualcert raises on purpose."""


class DataError(DualcertError, ValueError):
    """The input data (matrix, labels, file) cannot be read as exact rational data."""


class RegionLimitError(DualcertError):
    """An enumeration would produce more objects than the caller allowed."""


class ParameterError(DualcertError, ValueError):
    """A parameter (a limit, lambda, a method name) has the wrong type or value."""
