"""Who is told, in their own language: a submitted proposal reaches the competent officers
(``permissions.is_competent_for``); a returned or accepted one reaches its proposer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.notifications.services import link, notify
from itisa.registry.choices import AllianceScope

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.founding.models import AllianceProposal


def reviewers(proposal: AllianceProposal) -> list[Any]:
    """The competent officers of ``proposal``, by user id: the national office for a national proposal, the
    provincial officers of its province for a regional one."""
    if proposal.scope == AllianceScope.NATIONAL:
        query = Q(role=Role.NATIONAL_OFFICER)
    else:
        query = Q(role=Role.PROVINCIAL_OFFICER, province=proposal.province)
    seen: dict[int, Any] = {}
    for ra in RoleAssignment.objects.filter(query).select_related("user").order_by("user_id", "pk"):
        seen.setdefault(ra.user_id, ra.user)
    return list(seen.values())


def _names(proposal: AllianceProposal) -> dict[str, Any]:
    return {"name": proposal.name_zh, "code": proposal.code}


def proposal_submitted(proposal: AllianceProposal, *, by: User) -> None:
    names = {**_names(proposal), "proposer": by.display_name or by.username}
    notify(
        recipients=reviewers(proposal),
        kind="founding.proposal.submitted",
        subject=lambda: _("Proposed alliance %(name)s (%(code)s) to review") % names,
        body=lambda: _("%(proposer)s proposes to form %(name)s (%(code)s). Accept it into the registry or "
                       "return it with a reason.") % names,
        url=link("founding:detail", proposal.pk),
        by=by,
    )  # fmt: skip


def proposal_returned(proposal: AllianceProposal, *, by: User) -> None:
    names = {**_names(proposal), "reason": proposal.return_reason}
    notify(
        recipients=[proposal.proposer],
        kind="founding.proposal.returned",
        subject=lambda: _("Your proposal %(name)s (%(code)s) was returned") % names,
        body=lambda: _("Reason: %(reason)s Correct the proposal and submit it again.") % names,
        url=link("founding:detail", proposal.pk),
        by=by,
    )  # fmt: skip


def proposal_accepted(proposal: AllianceProposal, *, by: User) -> None:
    names = _names(proposal)
    notify(
        recipients=[proposal.proposer],
        kind="founding.proposal.accepted",
        subject=lambda: _("%(name)s (%(code)s) is in the registry, forming") % names,
        body=lambda: _("Your proposal was accepted. You are the secretariat of %(code)s: draft the founding "
                       "agreement from the template on the alliance's agreements page.") % names,
        url=link("registry:alliance_detail", proposal.code),
        alliance=proposal.alliance,
        by=by,
    )  # fmt: skip
