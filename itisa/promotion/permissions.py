"""Who publishes key technical problems, sees the alliances forming in a scope, and endorses them. Each
predicate returns a Decision whose reason names the article it rests on.

Art. 11 of 国科发政〔2008〕770号 asks industry associations to promote the alliances of their industry around
its major technical innovation problems; Art. 12 asks the localities to promote regional alliances around
their pillar industries. So the promoting bodies are a province's department (its provincial officers), an
industry association (its association officers) and a central ministry in charge of an industry (its
ministry officers); ``rules.covers`` says which alliances each promotes. The national office registers and
follows alliances (``founding``, ``dashboards``) but is not a promoting body here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.founding.permissions import can_view_proposal
from itisa.promotion.choices import PUBLISHED, BodyKind, EndorsementStatus, ProblemStatus
from itisa.promotion.rules import Body, covers
from itisa.promotion.workflows import BODY
from itisa.registry.choices import AllianceStatus

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

NOT_LOGGED_IN = _("You must log in first.")
ONLY_PROMOTERS = _(
    "Only provincial officers (Art. 12 of 国科发政〔2008〕770号) and industry association or ministry officers "
    "(Art. 11) promote alliances."
)


def bodies_of(user: Viewer) -> list[Body]:
    """The promoting bodies ``user`` acts for, in a stable order (no query: the role summary)."""
    s = role_summary(user)
    found = {Body(BodyKind.PROVINCE, p) for p in s.provinces}
    found |= {Body(BodyKind.MINISTRY, i) for i in s.ministry_industries}
    found |= {Body(BodyKind.ASSOCIATION, i) for i in s.industries - s.ministry_industries}
    return sorted(found)


def holds_body(user: Viewer, body: Body) -> bool:
    """Whether ``user`` is an officer of ``body``."""
    return body in bodies_of(user)


def _subject_facts(subject: Any) -> tuple[str, str, str]:
    return subject.scope, subject.province, subject.industry


def covering_bodies(user: Viewer, subject: Any) -> list[Body]:
    """The bodies of ``user`` whose scope covers ``subject`` (an alliance or a proposal)."""
    scope, province, industry = _subject_facts(subject)
    return [b for b in bodies_of(user) if covers(b, scope=scope, province=province, industry=industry)]


def may_promote(user: Viewer) -> Decision:
    """Whether ``user`` promotes alliances at all: an officer of a province, an association or a ministry."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if bodies_of(user):
        return Decision.allow(
            _("You promote the alliances of your scope (Art. 11, 12 of 国科发政〔2008〕770号).")
        )
    return Decision.deny(ONLY_PROMOTERS)


def can_view_problem(user: Viewer, problem: Any) -> Decision:
    """A published problem is public; a draft is seen by its body's officers only."""
    if problem.status in PUBLISHED:
        return Decision.allow(_("Published key technical problems are public."))
    if holds_body(user, problem.body):
        return Decision.allow(_("Your body drafted this problem."))
    return Decision.deny(_("A draft key technical problem is seen only by the officers of its body."))


def can_edit_problem(user: Viewer, problem: Any) -> Decision:
    """The body's officers change (or delete) a problem while it is a draft; a published one is closed,
    never changed or deleted."""
    if not holds_body(user, problem.body):
        return Decision.deny(
            _("Only the officers of the body that drafted a key technical problem change it (Art. 11, 12).")
        )
    if problem.status != ProblemStatus.DRAFT:
        return Decision.deny(
            _("A published key technical problem is not changed or deleted; close it instead.")
        )
    return Decision.allow(_("Your body drafted this problem and it is not published yet."))


def can_close_problem(user: Viewer, problem: Any) -> Decision:
    """The body's officers close its open problem."""
    if not holds_body(user, problem.body):
        return Decision.deny(
            _("Only the officers of the body that published a key technical problem close it.")
        )
    if problem.status != ProblemStatus.OPEN:
        return Decision.deny(_("Only an open key technical problem is closed."))
    return Decision.allow(_("Your body published this problem."))


def problem_actors(user: Viewer, problem: Any) -> set[str]:
    """Which workflow actors ``user`` is for ``problem``."""
    return {BODY} if holds_body(user, problem.body) else set()


def can_view_forming(user: Viewer) -> Decision:
    """The alliances forming in a scope are seen by the officers of the bodies that promote them."""
    return may_promote(user)


def can_endorse(user: Viewer, subject: Any) -> Decision:
    """An officer endorses a forming alliance or a submitted proposal whose scope its body promotes: a
    province the regional ones of its province (Art. 12), an association or ministry those of its industry
    (Art. 11)."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not bodies_of(user):
        return Decision.deny(ONLY_PROMOTERS)
    if not covering_bodies(user, subject):
        return Decision.deny(
            _(
                "Your body does not promote this alliance: a province promotes the regional alliances of its "
                "province (Art. 12 of 国科发政〔2008〕770号), an association or ministry the alliances of its "
                "industry (Art. 11)."
            )
        )
    if isinstance(subject, AllianceProposal):
        if subject.status != ProposalStatus.SUBMITTED:
            return Decision.deny(_("Only a submitted proposal to form an alliance is endorsed."))
    elif subject.status != AllianceStatus.FORMING:
        return Decision.deny(_("Only an alliance that is still forming is endorsed."))
    return Decision.allow(
        _("Your body promotes the alliances of this scope (Art. 11, 12 of 国科发政〔2008〕770号).")
    )


def can_withdraw_endorsement(user: Viewer, endorsement: Any) -> Decision:
    """The officers of the endorsing body withdraw its active endorsement."""
    if not holds_body(user, endorsement.body):
        return Decision.deny(_("Only the officers of the endorsing body withdraw its endorsement."))
    if endorsement.status != EndorsementStatus.ACTIVE:
        return Decision.deny(_("This endorsement has been withdrawn already."))
    return Decision.allow(_("Your body made this endorsement."))


def can_view_proposal_endorsements(user: Viewer, proposal: Any) -> Decision:
    """A proposal's endorsements are seen by those who see the proposal (its proposer and the competent
    officers) and by the officers of the bodies that promote its scope once it has been submitted."""
    if can_view_proposal(user, proposal):
        return Decision.allow(_("You see this proposal."))
    if proposal.status != ProposalStatus.DRAFT and covering_bodies(user, proposal):
        return Decision.allow(
            _("Your body promotes the alliances of this scope (Art. 11, 12 of 国科发政〔2008〕770号).")
        )
    return Decision.deny(
        _(
            "A proposal is seen only by its proposer, the competent officers and the bodies that promote its scope."
        )
    )
