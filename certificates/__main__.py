"""The ``dualcert`` program (also ``python -m certificates``), guarded from its first instant.

The command line itself lives in :mod:`certificates.cli`; this module imports it inside the
guard so that Ctrl-C during the imports of start-up gives ``dualcert: interrupted`` and exit
status 130 like Ctrl-C at any later moment, and a reader that closes the pipe early
(``dualcert regions ... | head``) ends the program quietly (exit status 141 = 128 + SIGPIPE),
with no traceback in either case.
"""

import os
import sys


def main(argv=None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    try:
        from .cli import main as run
        status = run(argv)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        print("dualcert: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # nothing more can be written; point stdout at /dev/null so the flush at exit is quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
