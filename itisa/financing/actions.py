"""Audit action codes of financing."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

NEED_CREATED = register_action("financing.need.created", _("Financing need recorded"))
NEED_MOVED = register_action("financing.need.moved", _("Financing need moved"))
RESPONSE_RECORDED = register_action("financing.response.recorded", _("Institution's response recorded"))
LINE_OPENED = register_action("financing.line.opened", _("Credit line recorded"))
DRAWDOWN_RECORDED = register_action("financing.drawdown.recorded", _("Drawdown recorded"))
REPAYMENT_RECORDED = register_action("financing.repayment.recorded", _("Repayment recorded"))
DRAWDOWN_OVERDUE = register_action(
    "financing.drawdown.overdue", _("Drawdown overdue: its due date passed unpaid")
)
