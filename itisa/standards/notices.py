"""Who is told what about standards, in each reader's language (``notifications.notify``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.models import User
from itisa.notifications.services import link, notify
from itisa.standards.choices import Stage

if TYPE_CHECKING:
    from itisa.standards.models import StandardProject, VoteRound


def drafters_contacts(standard: StandardProject) -> list[Any]:
    """The contacts and legal representatives of the standard's drafting members (one query)."""
    return list(
        User.objects.filter(
            roles__alliance=standard.alliance_id,
            roles__role__in=list(ORGANISATION_ROLES),
            roles__organisation__in=standard.drafting_members.values("organisation"),
        )
        .distinct()
        .order_by("pk")
    )


def round_opened(standard: StandardProject, row: VoteRound, *, by: Any) -> None:
    code = f"{standard.alliance.code} {standard.code}"
    target = row.target
    notify(
        recipients=drafters_contacts(standard),
        kind="standards.round.opened",
        subject=lambda: _("File your IPR declaration for the standard %(code)s") % {"code": code},
        body=lambda: (
            _(
                "Before the vote on %(target)s, every drafting member declares whether it holds patents "
                "essential to the draft and how it licenses them: %(title)s"
            )
            % {"target": Stage(target).label, "title": standard.title_zh}
        ),
        url=link("standards:detail", standard.alliance.code, standard.code),
        alliance=standard.alliance,
        by=by,
    )


def vote_decided(standard: StandardProject, row: VoteRound, *, carried: bool, by: Any) -> None:
    code = f"{standard.alliance.code} {standard.code}"
    recipients = list(
        User.objects.filter(roles__alliance=standard.alliance_id, roles__role=Role.SECRETARIAT).order_by("pk")
    ) + drafters_contacts(standard)
    notify(
        recipients=recipients,
        kind="standards.vote.decided",
        subject=(lambda: _("The vote on the standard %(code)s carried") % {"code": code})
        if carried
        else (lambda: _("The vote on the standard %(code)s did not carry") % {"code": code}),
        body=lambda: standard.title_zh,
        url=link("standards:detail", standard.alliance.code, standard.code),
        alliance=standard.alliance,
        by=by,
    )
