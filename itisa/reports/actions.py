"""Audit action codes of the annual reports."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

ROUND_OPENED = register_action("reports.round.opened", _("Annual report round opened"))
REPORT_SAVED = register_action("reports.report.saved", _("Annual report draft saved"))
REPORT_SUBMITTED = register_action("reports.report.submitted", _("Annual report submitted"))
REPORT_MOVED = register_action("reports.report.moved", _("Annual report returned or accepted"))
REPORT_OVERDUE = register_action("reports.report.overdue", _("Annual report overdue"))
