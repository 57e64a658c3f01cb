"""One BLAS thread for the solver's dense linear algebra.

The solver's float work is many small dense problems (Newton steps on a system of size
``n + atoms``, least squares, products of ``n x n`` matrices).  A multithreaded BLAS gains
nothing on them and, on a machine whose cores are busy, loses a great deal: the idle threads
spin while they wait for a core (a 112 x 112 least-squares step measured 4 ms on one thread and
90-300 ms on two).  :func:`one_blas_thread` runs a function with the BLAS and OpenMP pools
limited to one thread (through ``threadpoolctl`` when it is installed; without it the pools
keep their size, and the command line sets ``OPENBLAS_NUM_THREADS=1`` before NumPy loads).

>>> @one_blas_thread
... def f(x):
...     return x + 1
>>> f(1)
2
"""

from __future__ import annotations

import functools

try:
    from threadpoolctl import threadpool_limits
except ImportError:   # optional: the limit is a speed-up, never a matter of correctness
    threadpool_limits = None

__all__ = ["one_blas_thread"]


def one_blas_thread(function):
    """``function`` run with the BLAS and OpenMP thread pools limited to one thread."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if threadpool_limits is None:
            return function(*args, **kwargs)
        with threadpool_limits(limits=1):
            return function(*args, **kwargs)
    return wrapper
