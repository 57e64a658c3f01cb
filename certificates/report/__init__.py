"""What the user reads: one typed result schema (:mod:`~certificates.report.schema`), assembled in
one place (:mod:`~certificates.report.build`), rendered as JSON, Markdown and LaTeX
(:mod:`~certificates.report.render`), and pictures (:mod:`~certificates.report.plots`, imported
on demand: it needs matplotlib)."""

from .build import certificate_report, solution_report
from .render import latex, markdown, solution_markdown
from .schema import CertificateReport, SolutionReport

__all__ = ["markdown", "latex", "solution_markdown", "certificate_report", "solution_report",
           "CertificateReport", "SolutionReport"]
