"""``python -m dualcert``: the ``dualcert`` command line."""

import sys

from certificates.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
