"""The breach procedure (国科发政〔2008〕770号 第八条(五); docs/workflows.md, "Breach").

The secretariat serves a notice of breach on a member, citing the clause breached; the member has the
cure period of the agreement in force (``procedures.breach_cure_days``). It is cured (the secretariat
records the cure with its evidence, or confirms the member's own report), or the period lapses by
itself (``membership.breach.lapse``) and the secretariat refers it to the council: a ballot of a
decision body on the remedies the agreement's breach clause allows (suspension of rights, expulsion
through the expulsion flow, recovery of grants). The vote closing decides (``breach_record_vote``).
Every step is one transaction with its history row, audit entry and notifications.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.agreements.choices import Matter
from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core import formats
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.governance.choices import BodyKind, VotingMethod
from itisa.governance.models import Body, Motion
from itisa.governance.services import motion_open
from itisa.membership import actions as membership_actions
from itisa.membership.breach import actions, notices, rules
from itisa.membership.choices import BreachStatus as B
from itisa.membership.choices import Remedy
from itisa.membership.models import (
    BreachNotice,
    BreachStatusChange,
    Expulsion,
    GrantRecoveryClaim,
    Membership,
    Suspension,
)
from itisa.membership.permissions import can_manage_members, can_report_cure
from itisa.membership.services.exits import expulsion_put
from itisa.membership.services.inputs import BreachInput, ReferralInput
from itisa.membership.workflows import BREACH_TRANSITIONS, KEEPER, MEMBER, SYSTEM

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _keeper(by: User, notice: BreachNotice | Membership) -> None:
    alliance = notice.membership.alliance if isinstance(notice, BreachNotice) else notice.alliance
    decision = can_manage_members(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def _locked(notice: BreachNotice) -> BreachNotice:
    return (
        BreachNotice.objects.select_for_update(of=("self",))
        .select_related("membership__alliance", "membership__organisation", "agreement")
        .get(pk=notice.pk)
    )


def _required(value: str, field: str, message: str) -> str:
    if is_blank(value):
        raise DomainError(_("Please correct the errors below."), fields={field: [message]})
    return strip_text(value)


def breach_serve(
    *, by: User, membership: Membership, data: BreachInput, now: dt.datetime | None = None
) -> BreachNotice:
    """Serve a notice of breach on ``membership``: the cure period is the agreement in force's."""
    _keeper(by, membership)
    errors: dict[str, list[str]] = {}
    if is_blank(data.clause):
        errors["clause"] = [_("Name the clause breached.")]
    if is_blank(data.facts):
        errors["facts"] = [_("State the facts of the breach.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    if membership.left_on is not None:
        raise DomainError(_("This membership has already ended."))
    version = effective_version(membership.alliance)
    if version is None:
        raise Conflict(
            _("No agreement is in force: a notice of breach needs its breach clause and cure period.")
        )
    content = version.content or {}
    now = now or timezone.now()
    served_on = timezone.localdate(now)
    days = rules.cure_days(content)
    clause = strip_text(data.clause)
    with transaction.atomic():
        notice = BreachNotice(
            membership=membership,
            clause=clause,
            clause_listed=clause in rules.listed_breaches(content),
            facts=strip_text(data.facts),
            served_on=served_on,
            served_at=now,
            cure_days=days,
            cure_by=rules.cure_by(served_on, days),
            agreement=version,
            served_by=by,
        )
        notice.full_clean()
        notice.save()
        row = record(BreachStatusChange, notice, "", B.SERVED, by=by, at=now)
        log_action(
            membership,
            actions.BREACH_SERVED,
            by=by,
            data={
                "breach": notice.pk,
                "clause": notice.clause,
                "clause_listed": notice.clause_listed,
                "cure_days": days,
                "cure_by": notice.cure_by.isoformat(),
                "agreement": version.label,
            },
            sealed=[row],
        )
        notices.served(notice, by=by)
    return notice


def _move(notice: BreachNotice, target: str, *, by: User | None, actors: set[str], action: str,
          comment: str = "", fields: tuple[str, ...] = (), data: dict[str, Any] | None = None,
          at: dt.datetime | None = None) -> None:  # fmt: skip
    move(
        notice,
        target,
        by=by,
        actors=actors,
        table=BREACH_TRANSITIONS,
        history=BreachStatusChange,
        action=action,
        comment=comment,
        fields=fields,
        at=at,
        data={"breach": notice.pk, "from": notice.status, "to": target, "comment": comment, **(data or {})},
        invalid=_("A notice of breach that is “%(status)s” cannot be moved that way.")
        % {"status": notice.get_status_display()},
        audit_on=notice.membership,
    )


def breach_report_cure(
    *, by: User, notice: BreachNotice, report: str, now: dt.datetime | None = None
) -> BreachNotice:
    """The defaulting member's contact or legal representative reports the breach cured (within the cure
    period, or late, once it lapsed, until the secretariat refers it); the secretariat confirms it."""
    now = now or timezone.now()
    text = _required(report, "report", _("Say how the breach was cured."))
    with transaction.atomic():
        obj = _locked(notice)
        decision = can_report_cure(by, obj)
        if not decision:
            raise PermissionDenied(decision.reason)
        obj.cure_report = text
        _move(obj, B.CURE_REPORTED, by=by, actors={MEMBER}, action=actions.BREACH_CURE_REPORTED,
              comment=text, fields=("cure_report",), at=now)  # fmt: skip
        notices.cure_reported(obj, by=by)
    return obj


def breach_confirm_cure(
    *, by: User, notice: BreachNotice, evidence: str, now: dt.datetime | None = None
) -> BreachNotice:
    """The secretariat records the breach cured, with the evidence (confirming the member's report, or
    of its own motion; a late cure after the period lapsed may still be accepted instead of referring)."""
    text = _required(evidence, "evidence", _("State the evidence of the cure."))
    with transaction.atomic():
        obj = _locked(notice)
        _keeper(by, obj)
        obj.cure_evidence = text
        _move(obj, B.CURED, by=by, actors={KEEPER}, action=actions.BREACH_CURED, comment=text,
              fields=("cure_evidence",), at=now)  # fmt: skip
        notices.cured(obj, by=by)
    return obj


def breach_reject_cure(
    *, by: User, notice: BreachNotice, reason: str, now: dt.datetime | None = None
) -> BreachNotice:
    """The secretariat finds the member's reported cure insufficient: the notice is served again, and
    lapses at once when its cure period has already run."""
    now = now or timezone.now()
    text = _required(reason, "reason", _("Say why the breach is not cured."))
    with transaction.atomic():
        obj = _locked(notice)
        _keeper(by, obj)
        _move(
            obj, B.SERVED, by=by, actors={KEEPER}, action=actions.BREACH_CURE_REJECTED, comment=text, at=now
        )
        notices.cure_rejected(obj, text, by=by)
    breach_lapse_at_deadline(notice=obj, now=now)
    obj.refresh_from_db(fields=["status"])
    return obj


def lapse_moment(notice: BreachNotice) -> dt.datetime:
    """The start of the day after the cure period's last day, in the site's time zone (Beijing)."""
    day = notice.cure_by + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def breach_lapse_at_deadline(*, notice: BreachNotice, now: dt.datetime | None = None) -> BreachNotice | None:
    """The system lapses a served notice whose cure period has run (membership/clocks.py), as of the
    day after its last day. None, and nothing written, when it is no longer served or not yet due:
    firing twice, or racing the secretariat, acts once."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = (
            BreachNotice.objects.select_for_update(of=("self",))
            .select_related("membership__alliance", "membership__organisation")
            .filter(pk=notice.pk, status=B.SERVED, cure_by__lt=timezone.localdate(now))
            .first()
        )
        if obj is None:
            return None
        with translation.override("zh-hans"):
            comment = _("The cure period ended on %(date)s.") % {"date": formats.day(obj.cure_by)}
        _move(obj, B.LAPSED, by=None, actors={SYSTEM}, action=actions.BREACH_LAPSED, comment=comment,
              at=lapse_moment(obj))  # fmt: skip
        notices.lapsed(obj)
    return obj


def _remedy_problems(data: ReferralInput, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    remedies = set(data.remedies)
    if not remedies:
        errors["remedies"] = [_("Propose at least one remedy.")]
    elif not remedies <= set(Remedy.values):
        errors["remedies"] = [_("Choose a valid option.")]
    elif {Remedy.SUSPENSION, Remedy.EXPULSION} <= remedies:
        errors["remedies"] = [
            _("An expelled member's rights end; propose suspension or expulsion, not both.")
        ]
    if Remedy.SUSPENSION in remedies:
        if data.suspend_from is None or data.suspend_until is None:
            errors["suspend_until"] = [_("A suspension needs its first and last day.")]
        elif data.suspend_until < data.suspend_from:
            errors["suspend_until"] = [_("The suspension must end on or after its first day.")]
        elif data.suspend_from < today:
            errors["suspend_from"] = [_("A suspension cannot start in the past.")]
    return errors


def breach_refer(
    *, by: User, notice: BreachNotice, body: Body, data: ReferralInput, now: dt.datetime | None = None
) -> BreachNotice:
    """Refer a lapsed breach to a decision body: a ballot on the remedies proposed, which the breach
    clause of the agreement in force must allow (refused with the clause cited, nothing written).
    Expulsion is an important matter (agreements.choices.Matter), decided by the body's rules for it."""
    now = now or timezone.now()
    _keeper(by, notice)
    errors = _remedy_problems(data, timezone.localdate(now))
    if body.kind != BodyKind.DECISION or body.alliance_id != notice.membership.alliance_id:
        errors["body"] = [_("Choose a decision body of this alliance.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    version = effective_version(notice.membership.alliance)
    refused = rules.refused_remedies(version.content if version else None, data.remedies)
    if refused:
        labels = ", ".join(str(Remedy(r).label) for r in refused)
        flags = ", ".join(rules.CLAUSE_FLAG[Remedy(r)] for r in refused)
        raise Conflict(
            _(
                "The breach clause of the agreement in force (%(version)s, %(flags)s) does not allow: %(remedies)s."
            )
            % {"version": version.label if version else "—", "flags": flags, "remedies": labels},
            fields={"remedies": [_("Not allowed by the agreement: %(remedies)s.") % {"remedies": labels}]},
        )
    remedies = set(data.remedies)
    with transaction.atomic():
        obj = _locked(notice)
        BREACH_TRANSITIONS.check(obj.status, B.REFERRED, {KEEPER},
                                 invalid=_("Only a breach whose cure period has lapsed is referred to the council."))  # fmt: skip
        org = obj.membership.organisation.name_zh
        with translation.override("zh-hans"):
            title = _("Remedies for the breach of %(org)s: %(remedies)s") % {
                "org": org,
                "remedies": "、".join(str(Remedy(r).label) for r in Remedy.values if r in remedies),
            }
            text = "\n".join(
                [
                    _("Clause breached: %(clause)s") % {"clause": obj.clause},
                    _("Facts: %(facts)s") % {"facts": obj.facts},
                    _("Cure period ended on %(date)s.") % {"date": formats.day(obj.cure_by)},
                    *([_("Rights suspended from %(start)s to %(end)s.") % {
                        "start": formats.day(data.suspend_from), "end": formats.day(data.suspend_until)}]
                      if Remedy.SUSPENSION in remedies and data.suspend_from and data.suspend_until else []),
                    *([strip_text(data.comment)] if data.comment else []),
                ]
            )  # fmt: skip
        matter = Matter.IMPORTANT if Remedy.EXPULSION in remedies else Matter.ORDINARY
        motion = motion_open(by=by, body=body, title_zh=title[:200], text_zh=text, method=VotingMethod.BALLOT,
                             deadline=data.deadline, matter=matter, now=now)  # fmt: skip
        obj.motion = motion
        obj.expel = Remedy.EXPULSION in remedies
        obj.recover_grants = Remedy.GRANT_RECOVERY in remedies
        if Remedy.SUSPENSION in remedies:
            obj.suspend_from, obj.suspend_until = data.suspend_from, data.suspend_until
        if obj.expel:
            # the expulsion flow, on the same motion; the breach's decision opens the grant claim
            obj.expulsion = expulsion_put(by=by, membership=obj.membership, grounds=obj.clause + "\n" + obj.facts,
                                          motion=motion, recover_grants=False)  # fmt: skip
        _move(
            obj, B.REFERRED, by=by, actors={KEEPER}, action=actions.BREACH_REFERRED, comment=strip_text(data.comment),
            fields=("motion", "expel", "recover_grants", "suspend_from", "suspend_until", "expulsion"),
            data={"motion": motion.pk, "body": body.name_zh, "matter": str(matter), "remedies": sorted(remedies),
                  "agreement": version.label if version else ""},
            at=now,
        )  # fmt: skip
        notices.referred(obj, by=by)
    return obj


def breach_record_vote(*, motion: Motion, by: User | None, carried: bool) -> BreachNotice | None:
    """The council's vote on a referred breach is final (receivers.on_motion_closed, after the expulsion
    flow has ended the membership if it was proposed and carried): carried (passed, and not vetoed
    within the rules' veto window) → the remedies take effect (suspension recorded, grant-recovery
    claim opened); otherwise → no remedy."""
    obj = (
        BreachNotice.objects.select_for_update(of=("self",))
        .select_related("membership__alliance", "membership__organisation")
        .filter(motion=motion, status=B.REFERRED)
        .first()
    )
    if obj is None:
        return None
    # a decision that waited for its veto window is taken when the window ended (DESCA 6.3.4)
    resolution = getattr(motion, "resolution", None) if motion.passed else None
    obj.decided_at = (
        (resolution.effective_at if resolution is not None else None) or motion.closed_at or timezone.now()
    )
    if not carried:
        _move(obj, B.NO_REMEDY, by=by, actors={SYSTEM}, action=actions.BREACH_DECIDED, fields=("decided_at",),
              data={"outcome": motion.outcome, "remedies": []}, at=obj.decided_at)  # fmt: skip
        notices.decided(obj, by=by)
        return obj
    remedies = []
    if obj.suspend_from is not None and obj.suspend_until is not None:
        suspension = Suspension(
            membership=obj.membership, breach=obj, starts_on=obj.suspend_from, ends_on=obj.suspend_until
        )
        suspension.full_clean()
        suspension.save()
        log_action(
            obj.membership,
            actions.SUSPENSION_RECORDED,
            by=by,
            data={
                "breach": obj.pk,
                "from": suspension.starts_on.isoformat(),
                "until": suspension.ends_on.isoformat(),
            },
            sealed=[suspension],  # write-once (database triggers): the audit chain vouches for it
        )
        remedies.append(Remedy.SUSPENSION.value)
    if obj.expel:
        remedies.append(Remedy.EXPULSION.value)
    if obj.recover_grants:
        claim = GrantRecoveryClaim(
            breach=obj,
            expulsion=obj.expulsion,
            alliance=obj.membership.alliance,
            organisation=obj.membership.organisation,
        )
        claim.full_clean()
        claim.save()
        log_action(claim, membership_actions.RECOVERY_CLAIM_OPENED, by=by,
                   data={"organisation": obj.membership.organisation.uscc, "breach": obj.pk})  # fmt: skip
        remedies.append(Remedy.GRANT_RECOVERY.value)
    _move(obj, B.REMEDIED, by=by, actors={SYSTEM}, action=actions.BREACH_DECIDED, fields=("decided_at",),
          data={"outcome": motion.outcome, "remedies": remedies}, at=obj.decided_at)  # fmt: skip
    notices.decided(obj, by=by)
    return obj


def breach_withdraw(
    *, by: User, notice: BreachNotice, reason: str, now: dt.datetime | None = None
) -> BreachNotice:
    """The secretariat withdraws a notice served in error (before it is referred to the council)."""
    text = _required(reason, "reason", _("Give the reason."))
    with transaction.atomic():
        obj = _locked(notice)
        _keeper(by, obj)
        _move(obj, B.WITHDRAWN, by=by, actors={KEEPER}, action=actions.BREACH_WITHDRAWN, comment=text, at=now)
        notices.withdrawn(obj, text, by=by)
    return obj


def defaulting_seat_veto_reason(seat: Any, motion: Any) -> str | None:
    """The veto bar membership registers with governance (governance/vote_bars.py): a member may not veto
    the decision on its own breach or expulsion (DESCA model consortium agreement 6.3.4)."""
    if seat.organisation_id is None:
        return None
    subject = (
        BreachNotice.objects.filter(motion=motion, membership__organisation_id=seat.organisation_id).exists()
        or Expulsion.objects.filter(motion=motion, membership__organisation_id=seat.organisation_id).exists()
    )
    if not subject:
        return None
    return _("A member may not veto the decision on its own breach or expulsion.")


def suspended_seat_reason(seat: Any, day: dt.date) -> str | None:
    """The vote bar membership registers with governance (governance/vote_bars.py): a seat of an
    organisation whose rights in the body's alliance are suspended on ``day`` may not vote."""
    if seat.organisation_id is None:
        return None
    suspension = (
        Suspension.objects.filter(
            membership__alliance_id=seat.body.alliance_id,
            membership__organisation_id=seat.organisation_id,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .order_by("-ends_on")
        .first()
    )
    if suspension is None:
        return None
    return _("The member's rights are suspended for breach until %(date)s; its seats cannot vote.") % {
        "date": formats.day(suspension.ends_on)
    }
