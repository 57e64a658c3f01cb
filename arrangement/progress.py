"""Progress bars for long enumerations: shown on a terminal, silent in pipes and when disabled.

>>> with progress_bar(10, "regions", enabled=False) as bar:
...     bar.update_to(10)
"""

from __future__ import annotations

import sys
from contextlib import contextmanager


class _Bar:
    def __init__(self, bar):
        self._bar = bar

    def update_to(self, value: int) -> None:
        """Move the bar to ``value`` (never backwards past the total)."""
        value = min(value, self._bar.total) if self._bar.total else value
        if value > self._bar.n:
            self._bar.update(value - self._bar.n)


class _Silent:
    def update_to(self, value: int) -> None:
        """Nothing to show."""


@contextmanager
def progress_bar(total: int, unit: str, enabled=None):
    """A bar counting ``unit`` up to ``total``; ``enabled=None`` means "only on a terminal"."""
    if enabled is False or (enabled is None and not sys.stderr.isatty()):
        yield _Silent()
        return
    from tqdm.auto import tqdm  # on demand: tqdm.auto costs a tenth of a second at start-up

    disable = None if enabled is None else not enabled
    bar = tqdm(total=total, unit=" " + unit, disable=disable, leave=False, dynamic_ncols=True)
    try:
        yield _Bar(bar)
    finally:
        bar.close()
