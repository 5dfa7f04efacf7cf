"""Audit action codes of membership dues (fee schedules, invoices, payments).

Imported by ``itisa.membership.services.dues``, so the codes are registered before any dues write.
"""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

FEE_SET = register_action("membership.dues.fee_set", _("Annual dues of a rank set"))
INVOICE_ISSUED = register_action("membership.dues.invoice_issued", _("Dues notice issued"))
INVOICE_PAID = register_action("membership.dues.invoice_paid", _("Dues notice marked paid"))
INVOICE_CANCELLED = register_action("membership.dues.invoice_cancelled", _("Dues notice cancelled"))
