"""Read the package's import graph from the source with :mod:`ast`.

Every import statement counts, also the ones inside functions (lazy imports) and under
``if TYPE_CHECKING:`` is skipped (typing only, never run).  Relative imports are resolved.  The
graph's nodes are module names (``certificates.dual.certificate``); an edge ``a -> b`` with the
names it takes is kept for each import of a module of the packages read.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field

PACKAGES = ("arrangement", "certificates")


@dataclass
class Module:
    name: str
    path: str
    is_package: bool
    lines: int
    # (imported module, names taken from it or () for "import x", line number)
    imports: list = field(default_factory=list)
    # the same for the imports inside a display hook (see DISPLAY_HOOKS), kept apart
    hook_imports: list = field(default_factory=list)


# Methods that draw or display an object (``obj.plot()``, the notebook's ``_repr_*_``): Python's
# protocols put them on the object, the drawing lives in certificates.report, so each imports the
# presentation layer when called.  They are the only imports allowed to run upward, only into
# certificates.report, and are not edges of the graph.
DISPLAY_HOOKS = frozenset({"plot", "_repr_html_", "_repr_markdown_", "_repr_latex_"})


def _is_type_checking(node) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(tree):
    """``(node, in a display hook)`` for all nodes except the bodies of ``if TYPE_CHECKING:`` blocks."""
    stack = [(tree, False)]
    while stack:
        node, hook = stack.pop()
        yield node, hook
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend((child, hook) for child in node.orelse)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            hook = hook or node.name in DISPLAY_HOOKS
        stack.extend((child, hook) for child in ast.iter_child_nodes(node))


def parse_module(name: str, source: str, is_package: bool = False, path: str = "") -> Module:
    """One module's imports, relative ones resolved against ``name``."""
    tree = ast.parse(source)
    module = Module(name, path, is_package, len(source.splitlines()))
    base = name.split(".") if is_package else name.split(".")[:-1]
    for node, hook in _walk(tree):
        imports = module.hook_imports if hook else module.imports
        if isinstance(node, ast.Import):
            for alias in node.names:
                imports.append((alias.name, (), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base[:len(base) - node.level + 1]
                target = ".".join(parts + ([node.module] if node.module else []))
            else:
                target = node.module
            imports.append((target, tuple(a.name for a in node.names), node.lineno))
    return module


def read_tree(root: str, packages=PACKAGES) -> dict:
    """``{module name: Module}`` for every ``.py`` file of ``packages`` under ``root``."""
    modules = {}
    for package in packages:
        for folder, dirs, files in os.walk(os.path.join(root, package)):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            for file in sorted(files):
                if not file.endswith(".py"):
                    continue
                path = os.path.join(folder, file)
                parts = os.path.relpath(path, root)[:-3].split(os.sep)
                is_package = parts[-1] == "__init__"
                if is_package:
                    parts = parts[:-1]
                name = ".".join(parts)
                with open(path, encoding="utf-8") as handle:
                    modules[name] = parse_module(name, handle.read(), is_package, path)
    return modules


def edges(modules: dict) -> list:
    """``(importer, imported module, names, line)`` for imports between modules of the tree.

    ``from pkg import sub`` where ``sub`` is a module counts as an import of ``pkg.sub``."""
    out = []
    for module in modules.values():
        for target, names, line in module.imports:
            if target not in modules:
                # "import a.b.c" of a module or a name inside one: the longest known prefix
                parts = target.split(".")
                while parts and ".".join(parts) not in modules:
                    parts.pop()
                if not parts:
                    continue
                target = ".".join(parts)
            plain = [n for n in names if f"{target}.{n}" not in modules]
            for n in names:
                if f"{target}.{n}" in modules:
                    out.append((module.name, f"{target}.{n}", (), line))
            if plain or not names:
                out.append((module.name, target, tuple(plain), line))
    return [e for e in out if e[0] != e[1]]


def graph(modules: dict, skip_packages: bool = True) -> dict:
    """``{module: set of modules it imports}``; the imports of a package's ``__init__`` by its own
    submodules are left out when ``skip_packages`` (importing ``a.b.c`` runs ``a/__init__``, a
    facade, not a dependency)."""
    g = {name: set() for name in modules}
    for source, target, _, _ in edges(modules):
        g[source].add(target)
    return g


def cycles(g: dict) -> list:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    import sys
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10000))
    try:
        for v in sorted(g):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(out)


def private_imports(modules: dict) -> list:
    """``(importer, module, name, line)`` for every ``_private`` name taken from another module."""
    return [(s, t, n, line) for s, t, names, line in edges(modules)
            for n in names if n.startswith("_") and not n.startswith("__")]


# the one direction, lowest layer first; a module belongs to the longest prefix listed
LAYERS = (
    ("arrangement",),
    ("certificates.exact",),
    ("certificates.dual",),
    ("certificates.results",),
    ("certificates.solver",),
    ("certificates.campaigns", "certificates.proofs"),
    ("certificates.report",),
    ("certificates.cli",),
    ("certificates", "certificates.__main__"),
)


def layer(name: str, layers=LAYERS):
    """The index of ``name``'s layer, or None when no listed prefix holds it."""
    best, best_len = None, -1
    for i, prefixes in enumerate(layers):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best_len:
                # the bare "certificates" entry is the facade itself only
                if prefix == "certificates" and name != "certificates":
                    continue
                best, best_len = i, len(prefix)
    return best


def upward_imports(modules: dict, layers=LAYERS) -> list:
    """``(importer, imported, line)`` for imports from a lower layer into a higher one (or into a
    module of no layer), package ``__init__`` facades excepted."""
    out = []
    for s, t, _, line in edges(modules):
        ls, lt = layer(s, layers), layer(t, layers)
        if ls is None or lt is None or lt > ls:
            out.append((s, t, line))
    return out
