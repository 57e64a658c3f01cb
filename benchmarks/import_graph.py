"""Figures of the package's import graph: cycles, private names taken across modules, imports
that run against the one direction, and lines per package.

    python benchmarks/import_graph.py [--old]

``--old`` places the modules of the flat layout (before the layered tree) into the layers they
moved to, so that the figures of both layouts can be compared.  The graph reader is the one the
layering test uses (tests/helpers/import_graph.py).
"""

import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "helpers"))

import import_graph as ig  # noqa: E402

# the flat layout's modules, by the layer each moved to
OLD_LAYERS = (
    ("arrangement",),
    ("certificates.exact.field", "certificates.exact.number_field"),
    ("certificates.dual.certificate", "certificates.dual.projection", "certificates.dual.screening",
     "certificates.dual.uniqueness"),
    ("certificates.results.schema", "certificates.results.build"),
    ("certificates.solver",),
    ("certificates.campaigns.batch", "certificates.campaigns.manifest", "certificates.proofs.producer", "certificates.proofs.checker"),
    ("certificates.report",),
    ("certificates.cli",),
    ("certificates", "certificates.__main__"),
)


def main(argv):
    layers = OLD_LAYERS if "--old" in argv else ig.LAYERS
    modules = ig.read_tree(ROOT)
    g = ig.graph(modules)
    found = ig.cycles(g)
    private = ig.private_imports(modules)
    upward = ig.upward_imports(modules, layers)
    print(f"modules: {len(modules)}")
    print(f"import cycles (strongly connected components): {len(found)}")
    for component in found:
        print("   ", " <-> ".join(component))
    print(f"private names taken across modules: {len(private)} "
          f"(in {len({(s, line) for s, _, _, line in private})} import statements)")
    for s, t, n, line in private:
        print(f"    {s}:{line} takes {n} from {t}")
    print(f"imports against the direction: {len(upward)}")
    for s, t, line in upward:
        print(f"    {s}:{line} -> {t}")
    lines = Counter()
    for name, module in modules.items():
        package = name if module.is_package else name.rsplit(".", 1)[0]
        lines[package] += module.lines
    print("lines per package:")
    for package in sorted(lines):
        print(f"    {package:32s} {lines[package]:6d}")
    big = sorted((m.lines, n) for n, m in modules.items() if m.lines > 450)
    print("modules over 450 lines:", ", ".join(f"{n} ({k})" for k, n in big) or "none")


if __name__ == "__main__":
    main(sys.argv[1:])
