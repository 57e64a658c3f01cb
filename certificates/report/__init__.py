"""What the user reads: Markdown and LaTeX reports (:mod:`~certificates.report.render`) and
pictures (:mod:`~certificates.report.plots`, imported on demand: it needs matplotlib)."""

from .render import latex, markdown

__all__ = ["markdown", "latex"]
