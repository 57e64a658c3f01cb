"""Presentation only: the typed results (:mod:`certificates.results`) rendered as Markdown and LaTeX
(:mod:`~certificates.report.render`), and pictures (:mod:`~certificates.report.plots`, imported
on demand: it needs matplotlib)."""

from ..results.build import certificate_report, solution_report
from ..results.schema import CertificateReport, SolutionReport
from .render import latex, markdown, solution_markdown

__all__ = ["markdown", "latex", "solution_markdown", "certificate_report", "solution_report",
           "CertificateReport", "SolutionReport"]
