"""The writes of the annual reports (docs/reports.md)."""

from itisa.reports.services.deadlines import report_mark_overdue, report_remind
from itisa.reports.services.inputs import ReportInput
from itisa.reports.services.reports import report_accept, report_return, report_save, report_submit
from itisa.reports.services.rounds import round_open

__all__ = [
    "ReportInput",
    "report_accept",
    "report_mark_overdue",
    "report_remind",
    "report_return",
    "report_save",
    "report_submit",
    "round_open",
]
