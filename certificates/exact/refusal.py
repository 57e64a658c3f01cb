"""The one protocol for "an answer, or why not": a step that may fail returns its answer, or a
:class:`Refusal` carrying a one-line reason.

The end-game is a chain of attempts (read faces, prove a box, find exact numbers, pass the gate),
each of which may legitimately fail; the reason of the last failure becomes the ``reason`` of a
weaker status.  A distinct type instead of ``None`` keeps the reason with the failure, and
instead of ``(value, why)`` pairs it cannot be half-filled.  A refusal has no truth value, so
``if result:`` cannot silently mistake it for an answer: test ``isinstance(result, Refusal)``.

>>> def reciprocal(q):
...     return Refusal("0 has no reciprocal") if q == 0 else 1 / q
>>> reciprocal(4), reciprocal(0)
(0.25, Refusal(why='0 has no reciprocal'))
>>> isinstance(reciprocal(0), Refusal), reciprocal(0).why
(True, '0 has no reciprocal')
>>> bool(reciprocal(0))
Traceback (most recent call last):
...
TypeError: a Refusal has no truth value (0 has no reciprocal): test isinstance(result, Refusal)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Refusal"]


@dataclass(frozen=True)
class Refusal:
    """A step did not produce its answer; ``why`` says which condition failed (one line)."""

    why: str

    def __bool__(self):
        raise TypeError(f"a Refusal has no truth value ({self.why}): test isinstance(result, Refusal)")
