"""A griffe extension for the API pages: doctest blocks in docstrings become ```pycon fences,
so that their output (lists, tuples) is shown as code, not read as Markdown."""

import griffe


def fence_doctests(text: str) -> str:
    """Wrap every doctest block (from a ``>>>`` line to the next blank line) in a code fence."""
    out, indent = [], None
    for line in text.split("\n"):
        if indent is None and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "```pycon")
        elif indent is not None and not line.strip():
            out.append(indent + "```")
            indent = None
        out.append(line)
    if indent is not None:
        out.append(indent + "```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    def on_instance(self, *, obj, **kwargs):
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
