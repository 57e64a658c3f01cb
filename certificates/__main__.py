"""The ``dualcert`` program (also ``python -m certificates``), guarded from its first instant.

The command line itself lives in :mod:`certificates.cli`; this module imports it inside the
guard so that Ctrl-C during the imports of start-up gives ``dualcert: interrupted`` and exit
status 130 like Ctrl-C at any later moment, and a reader that closes the pipe early
(``dualcert regions ... | head``) ends the program quietly (exit status 141 = 128 + SIGPIPE),
with no traceback in either case.
"""

import os
import signal
import sys

# one BLAS thread: the solver's dense problems are small, and spinning threads on busy cores
# cost far more than they save (certificates.solver.threads); set before NumPy is imported
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

_interrupted = []


def _on_interrupt(signum, frame):
    # end at once: raising KeyboardInterrupt is not enough, a library may turn it into another
    # error (NumPy, hit during its import, reports an ImportError) or swallow it where
    # exceptions are ignored, and the computation would go on
    _interrupted.append(signum)
    _end_interrupted()


def _end_interrupted():
    print("dualcert: interrupted", file=sys.stderr, flush=True)
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(130)


def main(argv=None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit status
    (on Ctrl-C the process ends at once with status 130)."""
    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        from .cli import main as run
        status = run(argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # nothing more can be written; point stdout at /dev/null so the flush at exit is quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except BaseException:
        if not _interrupted:
            raise
        _end_interrupted()


if __name__ == "__main__":
    sys.exit(main())
