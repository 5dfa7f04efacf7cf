"""Audit action codes of proposals to form an alliance."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

CREATED = register_action("founding.proposal.created", _("Proposal to form an alliance drafted"))
UPDATED = register_action("founding.proposal.updated", _("Proposal to form an alliance changed"))
SUBMITTED = register_action("founding.proposal.submitted", _("Proposal to form an alliance submitted"))
RETURNED = register_action("founding.proposal.returned", _("Proposal to form an alliance returned"))
ACCEPTED = register_action("founding.proposal.accepted", _("Proposal to form an alliance accepted"))
