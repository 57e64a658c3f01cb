"""The notebook display of :class:`~arrangement.Arrangement` and :class:`~arrangement.Region`.

This package knows nothing of reports: the results layer (``certificates.report.notebook``,
loaded by ``import dualcert`` or ``import certificates``) registers a renderer per class and
format.  Without one, ``_repr_html_`` and ``_repr_markdown_`` return None and Jupyter shows the
one-line ``repr``.

>>> from arrangement import Arrangement
>>> rich(Arrangement([[1, 0]]), "nonsense") is None
True
"""

__all__ = ["register", "rich", "short_vector"]

_RENDERERS: dict = {}


def register(cls, kind: str, render) -> None:
    """``render(obj) -> str`` shows instances of ``cls`` as ``kind`` (``"html"``, ``"markdown"``)."""
    _RENDERERS[cls, kind] = render


def rich(obj, kind: str):
    """``obj`` as ``kind`` text by its registered renderer, or None."""
    render = _RENDERERS.get((type(obj), kind))
    return None if render is None else render(obj)


def short_vector(values, shown: int = 4) -> str:
    """A vector on one short line: its first ``shown`` entries, then how many more.

    >>> short_vector(range(7)), short_vector(["1/2"])
    ('(0, 1, 2, 3, ... 3 more)', '(1/2)')
    """
    values = [str(v) for v in values]
    more = f", ... {len(values) - shown} more" if len(values) > shown else ""
    return "(" + ", ".join(values[:shown]) + more + ")"
