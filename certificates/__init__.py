"""Dual certificates on the dual regions (the certificate module and solver are open work, see the issues).

For now this package holds the ``dualcert`` command line (:mod:`certificates.cli`),
the top layer of the data flow data -> arrangement -> graph -> certificate -> report.
"""
