"""Presentation only: the typed results (:mod:`certificates.results`) rendered as Markdown
(:mod:`~certificates.report.render`) and paste-ready LaTeX (:mod:`~certificates.report.latex_reports`),
and pictures (:mod:`~certificates.report.plots` and :mod:`~certificates.report.plots_lambda`,
imported on demand: they need matplotlib; :mod:`~certificates.report.interactive`, with plotly)."""

from ..results.build import certificate_report, solution_report
from ..results.schema import CertificateReport, SolutionReport
from .latex_reports import certificate_latex as latex, solution_latex
from .render import markdown, solution_markdown

__all__ = ["markdown", "latex", "solution_markdown", "solution_latex", "certificate_report", "solution_report",
           "CertificateReport", "SolutionReport"]
