"""Who may see and keep an alliance's bodies, seats, rules and staff register."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.governance.choices import MotionStatus, SeatRole, VotingMethod
from itisa.governance.vote_bars import veto_barred, vote_barred
from itisa.governance.workflows import CHAIR, KEEPER
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance
from itisa.registry.permissions import can_view_alliance

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_view_governance(user: Viewer, alliance: Alliance) -> Decision:
    """An alliance's bodies and staff are as public as the alliance itself (Art. 8(3) is public record)."""
    return can_view_alliance(user, alliance)


def can_see_voter_names(user: Viewer, alliance: Alliance) -> Decision:
    """Who cast a seat's vote, by name: the alliance's own people and the officers who oversee it.

    Everyone else sees the seat (its body, holder and role) and the organisation it represents, which
    is the public record of a vote; nobody is shown a login name.
    """
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("The public sees each vote's seat and organisation, not who cast it."))
    if s.has_alliance_role(alliance.pk):
        return Decision.allow(_("You hold a role in this alliance."))
    if s.national:
        return Decision.allow(_("National office officers see every alliance."))
    if alliance.scope == AllianceScope.REGIONAL and alliance.province in s.provinces:
        return Decision.allow(_("Provincial officers see the regional alliances of their province."))
    if alliance.industry in s.industries:
        return Decision.allow(_("Association officers see the alliances of their industry."))
    return Decision.deny(_("Only the alliance's own people and its officers see who cast each vote."))


def can_manage_governance(user: Viewer, alliance: Alliance) -> Decision:
    """The secretariat keeps the record of bodies, seats, rules and staff; the national office may correct it."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if alliance.status == AllianceStatus.DISSOLVED:
        return Decision.deny(_("A dissolved alliance has no bodies to keep."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's governance record."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    return Decision.deny(_("Only the alliance's secretariat keeps its bodies, seats, rules and staff."))


def _chairs(user: Viewer, body: Any) -> bool:
    from itisa.governance.selectors import seat_held_by

    seat = seat_held_by(user, body)
    return seat is not None and seat.role == SeatRole.CHAIR


def actors_on(user: Viewer, body: Any) -> set[str]:
    """The workflow actors (governance/workflows.py) this user is on this body."""
    actors = set()
    if can_manage_governance(user, body.alliance):
        actors.add(KEEPER)
    if getattr(user, "is_authenticated", False) and _chairs(user, body):
        actors.add(CHAIR)
    return actors


def can_run_body(user: Viewer, body: Any) -> Decision:
    """Convene meetings and put motions: the secretariat (for the chair) or the chair in person."""
    if can_manage_governance(user, body.alliance):
        return Decision.allow(_("The secretariat convenes meetings and puts motions for the chair."))
    if getattr(user, "is_authenticated", False) and _chairs(user, body):
        return Decision.allow(_("The chair convenes the body's meetings."))
    return Decision.deny(
        _("Only the body's chair or the alliance's secretariat runs its meetings and ballots.")
    )


def can_vote(user: Viewer, motion: Any, *, now: Any = None) -> Decision:
    """One vote per seat on the motion's frozen seat list, cast while the motion is open by the seat's
    current representative, or at a meeting by the seat's recorded proxy (``selectors.voting_seats``)."""
    from django.utils import timezone

    from itisa.governance.selectors import voting_seats

    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("You must log in first."))
    if motion.status != MotionStatus.OPEN:
        return Decision.deny(_("The motion is not open for votes."))
    if now > motion.deadline:
        return Decision.deny(_("The voting deadline has passed."))
    if motion.method == VotingMethod.MEETING and motion.meeting and now < motion.meeting.starts_at:
        return Decision.deny(_("This motion is voted in the meeting, which has not started."))
    seats = voting_seats(user, motion, on=timezone.localdate(now))
    if not seats:
        return Decision.deny(
            _(
                "Only the current representative (or, in a meeting, the recorded proxy) of a seat on the "
                "motion's seat list may vote."
            )
        )
    # a member's rights suspended (vote_bars.py): its seats may not vote
    barred = [vote_barred(v.seat, timezone.localdate(now)) for v in seats]
    if all(barred):
        return Decision.deny(str(barred[0]))
    return Decision.allow(_("You vote for a seat on this motion's list."))


def can_veto(user: Viewer, resolution: Any, *, now: Any = None) -> Decision:
    """A seat on the motion's frozen list may veto a passed motion while its veto window is open
    (DESCA 6.3.4); the seat's current representative exercises it, unless the member's rights are
    suspended or the decision is on its own breach (vote_bars.py)."""
    from django.utils import timezone

    from itisa.governance.choices import ResolutionEffect
    from itisa.governance.selectors import veto_seats

    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("You must log in first."))
    if resolution.effect != ResolutionEffect.PENDING_VETO:
        return Decision.deny(_("This resolution is not waiting for its veto window."))
    if resolution.veto_until is None or now > resolution.veto_until:
        return Decision.deny(_("The veto window has closed."))
    seats = veto_seats(user, resolution.motion, on=timezone.localdate(now))
    if not seats:
        return Decision.deny(_("Only the representative of a seat on the motion's seat list may veto it."))
    barred = [veto_barred(s, resolution.motion, timezone.localdate(now)) for s in seats]
    if all(barred):
        return Decision.deny(str(barred[0]))
    return Decision.allow(_("Your seat may veto this decision within the window."))


def _holds_seat(user: Any, alliance: Any, *, chair: bool) -> bool:
    from django.utils import timezone

    from itisa.governance.models import Seat
    from itisa.governance.selectors import current_seats_q

    if not getattr(user, "is_authenticated", False):
        return False
    seats = Seat.objects.filter(
        current_seats_q(timezone.localdate()), body__alliance=alliance, representative=user
    )
    if chair:
        seats = seats.filter(role=SeatRole.CHAIR)
    return seats.exists()


def can_put_motions_in(user: Viewer, alliance: Any) -> Decision:
    """Put motions to an alliance's bodies: the secretariat, or the chair of a body."""
    if can_manage_governance(user, alliance):
        return Decision.allow(_("The secretariat convenes meetings and puts motions for the chair."))
    if _holds_seat(user, alliance, chair=True):
        return Decision.allow(_("The chair convenes the body's meetings."))
    return Decision.deny(
        _("Only a body's chair or the alliance's secretariat runs its meetings and ballots.")
    )


def can_convene_in(user: Viewer, alliance: Any) -> Decision:
    """Convene a meeting (the secretariat or a chair), or request an extraordinary one (any current seat)."""
    decision = can_put_motions_in(user, alliance)
    if decision:
        return decision
    if _holds_seat(user, alliance, chair=False):
        return Decision.allow(
            _("Seats may request an extraordinary meeting together, in the share the rules name.")
        )
    return Decision.deny(_("Only the secretariat, a chair or the seats of a body call its meetings."))


def can_object_to_minutes(user: Viewer, meeting: Any, *, now: Any = None) -> Decision:
    """A seat of the body objects to the circulated minutes while their objection window is open
    (DESCA 6.2.5): its representative, or the secretariat on its behalf."""
    from django.utils import timezone

    from itisa.governance.choices import MinutesStatus
    from itisa.governance.selectors import minutes_seats

    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("You must log in first."))
    if meeting.minutes_status not in (MinutesStatus.CIRCULATED, MinutesStatus.OBJECTED):
        return Decision.deny(_("These minutes are not open for objections."))
    if meeting.minutes_objection_until is None or now > meeting.minutes_objection_until:
        return Decision.deny(_("The objection window of these minutes has closed."))
    if not minutes_seats(user, meeting, on=timezone.localdate(now)):
        return Decision.deny(
            _("Only a seat's representative, or the secretariat on its behalf, objects to the minutes.")
        )
    return Decision.allow(_("A seat may object to these minutes within the window."))
