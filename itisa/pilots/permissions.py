"""Who may open calls, apply, recommend, review and decide in the pilot program. Each predicate returns
a Decision with its reason; the same predicates serve the pages, the API and the templates.

A national call is run by the national office; a provincial call (``Call.scope``) by the science and
technology department of its province, which does for it what the office does for a national call
(``can_manage_call``). The national office follows provincial calls (it sees them) but does not act on
them; an officer of another province neither sees nor acts on them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.pilots.choices import ApplicationStatus, CallScope, CallStatus, RecommenderCapacity
from itisa.pilots.workflows import EDITABLE, IN_PROGRESS, REVIEWING
from itisa.registry.choices import AllianceScope, AllianceStatus

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

NOT_LOGGED_IN = _("You must log in first.")
OFFICE_ONLY = _("Only national office officers run the pilot program.")
CALL_FROZEN = _("Only a draft call can be edited; this call is already open to applications.")
PROVINCE_ONLY = _("Only the science and technology department of the call's province runs a provincial call.")


def can_manage_program(user: Viewer) -> Decision:
    """The national office opens calls, keeps the expert pool, checks, assigns, decides and publishes (Art. 7)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office runs the pilot program."))
    return Decision.deny(OFFICE_ONLY)


def can_create_call(user: Viewer, *, scope: str = CallScope.NATIONAL, province: str = "") -> Decision:
    """The national office drafts national calls; a provincial department drafts its own province's calls."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if scope != CallScope.PROVINCIAL:
        return can_manage_program(user)
    if province and province in s.provinces:
        return Decision.allow(_("The provincial department runs its own programme."))
    return Decision.deny(
        _("Only the science and technology department of that province opens a provincial call.")
    )


def can_manage_call(user: Viewer, call: Any) -> Decision:
    """Who runs a call: opens, closes, checks applications, assigns experts, decides and publishes. The
    national office for a national call (Art. 7); the department of the call's province for a
    provincial call (Art. 12), which the national office only follows."""
    if call.scope != CallScope.PROVINCIAL:
        return can_manage_program(user)
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if call.province in s.provinces:
        return Decision.allow(_("Your province runs this call."))
    if s.national:
        return Decision.deny(
            _("A provincial call is run by its province's department; the national office follows it.")
        )
    return Decision.deny(PROVINCE_ONLY)


def follows_call(user: Viewer, call: Any) -> bool:
    """Whether the viewer sees everything of the call as its office does: whoever runs it, and the
    national office (which follows the provincial programmes)."""
    return bool(can_manage_call(user, call)) or role_summary(user).national


def can_view_call(user: Viewer, call: Any) -> Decision:
    """A call is public once opened; a draft only to whoever runs it (and the national office)."""
    if call.status != CallStatus.DRAFT:
        return Decision.allow(_("Calls are public once opened."))
    if follows_call(user, call):
        return Decision.allow(_("The office prepares its calls."))
    return Decision.deny(_("This call is not open yet."))


def can_edit_call(user: Viewer, call: Any) -> Decision:
    """Whoever runs the call changes it while it is a draft; once opened, alliances rely on it."""
    decision = can_manage_call(user, call)
    if not decision:
        return decision
    if call.status != CallStatus.DRAFT:
        return Decision.deny(CALL_FROZEN)
    return Decision.allow(_("The call is a draft."))


def can_apply(user: Viewer, call: Any, alliance: Any, *, today: Any = None) -> Decision:
    """An alliance's secretariat applies for it while the call is open and within its window."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.deny(_("Only the alliance's secretariat applies for it."))
    if alliance.status in (AllianceStatus.DISSOLVED, AllianceStatus.SUSPENDED, AllianceStatus.FORMING):
        return Decision.deny(_("Only an established alliance may apply to be a pilot."))
    if call.scope == CallScope.PROVINCIAL and (
        alliance.scope != AllianceScope.REGIONAL or alliance.province != call.province
    ):
        return Decision.deny(
            _("Only a regional alliance of the call's province applies to a provincial call.")
        )
    today = today or timezone.localdate()
    if call.status != CallStatus.OPEN or not (call.opens_on <= today <= call.closes_on):
        return Decision.deny(_("The call is not open for applications."))
    return Decision.allow(_("The secretariat applies for its alliance."))


def is_applicant(user: Viewer, application: Any) -> bool:
    return role_summary(user).has_alliance_role(application.alliance_id, Role.SECRETARIAT)


def can_edit_application(user: Viewer, application: Any) -> Decision:
    """The secretariat completes its materials and submits while the application is in its hands."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not is_applicant(user, application):
        return Decision.deny(_("Only the alliance's secretariat completes its application."))
    if application.status not in EDITABLE:
        return Decision.deny(_("The application is with the national office; it cannot be changed now."))
    return Decision.allow(_("The application is in the secretariat's hands."))


def recommender_capacity(user: Viewer, alliance: Any, call: Any = None) -> str:
    """In which capacity ``user`` may recommend ``alliance`` ("" if none): the national office; the
    provincial department of the alliance's province or of its host unit's; the central ministry in
    charge of its industry; the association of its industry.

    For a provincial ``call`` only the association of the alliance's industry recommends (as the
    municipal bureaus and industry associations do for a province's own programme); the department that
    runs the call decides instead, and the national office follows."""
    s = role_summary(user)
    if call is not None and call.scope == CallScope.PROVINCIAL:
        association = s.industries - s.ministry_industries
        return RecommenderCapacity.ASSOCIATION if alliance.industry in association else ""
    if s.national:
        return RecommenderCapacity.NATIONAL
    host_province = alliance.host_unit.province if alliance.host_unit_id else ""
    if s.provinces and (alliance.province in s.provinces or host_province in s.provinces):
        return RecommenderCapacity.PROVINCIAL
    if alliance.industry in s.ministry_industries:
        return RecommenderCapacity.MINISTRY
    if alliance.industry in s.industries:
        return RecommenderCapacity.ASSOCIATION
    return ""


def can_recommend(user: Viewer, application: Any) -> Decision:
    """A competent officer recommends an application under consideration."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not recommender_capacity(user, application.alliance, application.call):
        if application.call.scope == CallScope.PROVINCIAL:
            return Decision.deny(
                _(
                    "Only the industry association of the alliance's industry recommends it for a provincial call."
                )
            )
        return Decision.deny(
            _(
                "Only the national office, the provincial department, the ministry in charge and the industry association of the alliance recommend it."
            )
        )
    if application.status not in IN_PROGRESS:
        return Decision.deny(_("Only an application under consideration can be recommended."))
    return Decision.allow(_("The alliance is in your scope."))


def _expert_of(user: Any) -> Any:
    from itisa.pilots.models import Expert

    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(user=user).select_related("organisation").first()


def can_view_application(user: Viewer, application: Any) -> Decision:
    """The alliance, the office, the recommenders in scope and the assigned experts without a conflict."""
    from itisa.pilots.selectors import expert_conflicts

    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office sees every application."))
    if is_applicant(user, application):
        return Decision.allow(_("This is your alliance's application."))
    if can_manage_call(user, application.call):
        return Decision.allow(_("Your province runs this call."))
    expert = _expert_of(user)
    if expert is not None and application.assignments.filter(expert=expert).exists():
        conflicts = expert_conflicts(expert, application.alliance)
        if conflicts:
            return Decision.deny(
                _("You have a conflict of interest with this alliance: %(reasons)s")
                % {"reasons": "; ".join(conflicts)}
            )
        return Decision.allow(_("You are assigned to review this application."))
    if application.status != ApplicationStatus.DRAFT and recommender_capacity(
        user, application.alliance, application.call
    ):
        return Decision.allow(_("The alliance is in your scope."))
    return Decision.deny(
        _("Only the alliance, the competent officers and the assigned experts see an application.")
    )


def can_read_materials(user: Viewer, application: Any) -> Decision:
    """What the application consists of (its uploaded PDFs, the agreement version it froze, the pages the
    platform supplied) is read by the alliance, the office and the competent officers in scope, and by each
    assigned expert without a conflict of interest while the application is with the office and its
    experts (formal check and expert review). The agreement is read here, through the application, even by
    an expert whom the agreements' own rule would not let read the alliance's agreements."""
    from itisa.pilots.selectors import expert_conflicts

    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office reads every application."))
    if is_applicant(user, application):
        return Decision.allow(_("This is your alliance's application."))
    if can_manage_call(user, application.call):
        return Decision.allow(_("Your province runs this call."))
    expert = _expert_of(user)
    assigned = expert is not None and application.assignments.filter(expert=expert).exists()
    if assigned:
        conflicts = expert_conflicts(expert, application.alliance)
        if conflicts:
            return Decision.deny(
                _("You have a conflict of interest with this alliance: %(reasons)s")
                % {"reasons": "; ".join(conflicts)}
            )
    if application.status != ApplicationStatus.DRAFT and recommender_capacity(
        user, application.alliance, application.call
    ):
        return Decision.allow(_("The alliance is in your scope."))
    if assigned and application.status in REVIEWING:
        return Decision.allow(_("You are assigned to review this application."))
    if assigned:
        return Decision.deny(
            _("The review of this application is over; its materials are no longer open to its experts.")
        )
    return Decision.deny(
        _(
            "Only the alliance, the competent officers and the assigned experts read an application's materials."
        )
    )


def can_review(user: Viewer, assignment: Any) -> Decision:
    """The assigned expert scores once, while the application is in expert review, if not in conflict."""
    from itisa.pilots.selectors import expert_conflicts

    if user is None or not user.is_authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if assignment.expert.user_id != user.pk:
        return Decision.deny(_("Only the assigned expert reviews."))
    if hasattr(assignment, "review"):
        return Decision.deny(_("Your review is submitted; it cannot be changed."))
    if assignment.application.status != ApplicationStatus.EXPERT_REVIEW:
        return Decision.deny(_("The application is not in expert review."))
    conflicts = expert_conflicts(assignment.expert, assignment.application.alliance)
    if conflicts:
        return Decision.deny(
            _("You have a conflict of interest with this alliance: %(reasons)s")
            % {"reasons": "; ".join(conflicts)}
        )
    return Decision.allow(_("You are assigned to review this application."))


def can_view_reviews(user: Viewer, application: Any) -> Decision:
    """The office sees every review; an expert sees the others only after submitting their own; the
    alliance never sees reviews (reviews are independent and confidential)."""
    from itisa.pilots.selectors import expert_conflicts

    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office sees every review."))
    if can_manage_call(user, application.call):
        return Decision.allow(_("Your province runs this call."))
    if is_applicant(user, application):
        # checked before the expert's own assignment: the alliance's people never see reviews
        return Decision.deny(_("Expert reviews are seen only by the national office."))
    expert = _expert_of(user)
    if expert is not None:
        mine = application.assignments.filter(expert=expert).first()
        if mine is not None and expert_conflicts(expert, application.alliance):
            return Decision.deny(_("You have a conflict of interest with this alliance."))
        if mine is not None and hasattr(mine, "review"):
            return Decision.allow(_("You have submitted your own review."))
        if mine is not None:
            return Decision.deny(_("Reviews are independent: submit your own before you see the others."))
    return Decision.deny(_("Expert reviews are seen only by the national office."))


def can_view_published(call: Any) -> Decision:
    """The published list is public."""
    if call.status == CallStatus.PUBLISHED:
        return Decision.allow(_("The list is published."))
    return Decision.deny(_("The list of this call is not published yet."))
