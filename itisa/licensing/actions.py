"""Audit action codes of licensing."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

LICENCE_GRANTED = register_action("licensing.licence.granted", _("Licence recorded"))
RECEIPT_RECORDED = register_action("licensing.receipt.recorded", _("Licence receipt recorded and split"))
SPLIT_APPROVED = register_action("licensing.receipt.split_approved", _("Receipt split approved for posting"))
TRANSFER_NOTIFIED = register_action("licensing.transfer.notified", _("Transfer notified to the joint owners"))
TRANSFER_OBJECTED = register_action("licensing.transfer.objected", _("Joint owner objected to a transfer"))
TRANSFER_COMPLETED = register_action("licensing.transfer.completed", _("Transfer completed"))
CONTRACT_REGISTERED = register_action("licensing.contract.recorded", _("Technology contract recorded"))
