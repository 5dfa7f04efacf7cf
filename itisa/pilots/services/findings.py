"""Findings on what data cannot decide in Article 8(1), recorded by the national office with a reason.

Article 8(1) asks that an enterprise hold a backbone position in the industry and that a university or
research institute be at the frontier of the field. No record on the platform says so; the office finds
it (after review) and the latest finding feeds the eligibility facts of that alliance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, full_clean
from itisa.core.values import is_blank, strip_text
from itisa.pilots import actions
from itisa.pilots.eligibility.permissions import can_record_finding
from itisa.pilots.models import Finding, FindingQuestion
from itisa.pilots.services._common import require
from itisa.registry.choices import OrganisationKind
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

# Which kinds of member each question is asked of (Art. 8(1)).
ASKED_OF = {
    FindingQuestion.BACKBONE: {OrganisationKind.ENTERPRISE},
    FindingQuestion.FRONTIER: {OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE},
}


def finding_record(
    *, by: User, alliance: Alliance, organisation: Organisation, question: str, holds: bool, reason: str
) -> Finding:
    """Record that ``organisation`` is (or is not) a backbone enterprise / at the frontier, in ``alliance``."""
    require(can_record_finding(by, alliance))
    fields: dict[str, list[str]] = {}
    if question not in FindingQuestion.values:
        fields["question"] = [_("Choose backbone or frontier.")]
    elif organisation.kind not in ASKED_OF[FindingQuestion(question)]:
        fields["organisation"] = [
            _("This question is asked of enterprises only.")
            if question == FindingQuestion.BACKBONE
            else _("This question is asked of universities and research institutes only.")
        ]
    if not alliance.memberships.active().filter(organisation=organisation).exists():
        fields["organisation"] = [
            _("%(name)s is not a current member of %(code)s.")
            % {"name": organisation.name_zh, "code": alliance.code}
        ]
    if is_blank(reason):
        fields["reason"] = [_("Give the reason for the finding.")]
    if fields:
        raise DomainError(_("Please correct the errors below."), fields=fields)
    with transaction.atomic():
        finding = Finding(
            alliance=alliance,
            organisation=organisation,
            question=question,
            holds=holds,
            reason=strip_text(reason),
            by=by,
            at=timezone.now(),
        )
        full_clean(finding)
        finding.save()
        log_action(
            finding,
            actions.FINDING_RECORDED,
            by=by,
            data={
                "alliance": alliance.code,
                "organisation": organisation.uscc,
                "question": question,
                "holds": holds,
                "reason": finding.reason,
            },
            sealed=[finding],
        )
    return finding
