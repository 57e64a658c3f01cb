"""``python -m certificates.cli``: the same as the ``dualcert`` command (and its Ctrl-C and
closed-pipe guard, :mod:`certificates.__main__`)."""

import sys

from ..__main__ import main

sys.exit(main())
