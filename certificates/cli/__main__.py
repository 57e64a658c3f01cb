"""``python -m certificates.cli``: the same as the ``dualcert`` command."""

import sys

from .main import main

sys.exit(main())
