"""What the user reads: one typed result schema (:mod:`~certificates.report.schema`), assembled in
one place (:mod:`~certificates.report.build`), rendered as JSON, Markdown (:mod:`~certificates.report.render`) and paste-ready LaTeX
(:mod:`~certificates.report.latex_reports`), and pictures (:mod:`~certificates.report.plots` and
:mod:`~certificates.report.plots_lambda`, imported on demand: they need matplotlib;
:mod:`~certificates.report.interactive`, with plotly)."""

from .build import certificate_report, solution_report
from .render import latex, markdown, solution_markdown
from .schema import CertificateReport, SolutionReport

__all__ = ["markdown", "latex", "solution_markdown", "certificate_report", "solution_report",
           "CertificateReport", "SolutionReport"]
