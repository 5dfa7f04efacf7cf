"""Leaving an alliance: written notice of exit (the agreement's notice period, dues settled), and
expulsion for breach by a motion of the deciding body, with its consequences recorded."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.formats import day
from itisa.core.values import is_blank, strip_text
from itisa.governance.choices import BodyKind, VotingMethod
from itisa.governance.models import Body, Motion
from itisa.governance.services import motion_open, seats_end_for_organisation
from itisa.membership import actions
from itisa.membership.choices import ExitStatus, ExpulsionStatus, InvoiceStatus
from itisa.membership.models import ExitNotice, Expulsion, GrantRecoveryClaim, Invoice, Membership
from itisa.membership.permissions import can_give_exit_notice, can_manage_members
from itisa.membership.services.memberships import end_membership
from itisa.membership.workflows import EXIT_TRANSITIONS, EXPULSION_TRANSITIONS, KEEPER, MEMBER, SYSTEM

if TYPE_CHECKING:
    from itisa.accounts.models import User

DEFAULT_NOTICE_DAYS = 30


def notice_days(membership: Membership) -> int:
    """The exit notice period of the alliance's effective agreement (30 days when none says otherwise)."""
    version = effective_version(membership.alliance)
    if version is None:
        return DEFAULT_NOTICE_DAYS
    return int((version.content or {}).get("exit_notice_days") or DEFAULT_NOTICE_DAYS)


def _may_give_notice(by: User, membership: Membership) -> bool:
    return bool(can_give_exit_notice(by, membership))


def exit_notice_give(
    *, by: User, membership: Membership, reason: str = "", given_on: dt.date | None = None
) -> ExitNotice:
    """Record a member's written notice of exit; the membership ends after the agreement's notice period."""
    if not _may_give_notice(by, membership):
        raise PermissionDenied(
            _(
                "Only the member's own contacts, or the secretariat recording their written notice, give notice."
            )
        )
    if membership.left_on is not None:
        raise DomainError(_("This membership has already ended."))
    given_on = given_on or timezone.localdate()
    days = notice_days(membership)
    notice = ExitNotice(
        membership=membership,
        given_on=given_on,
        effective_on=given_on + dt.timedelta(days=days),
        notice_days=days,
        reason=strip_text(reason),
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            notice.save()
            log_action(
                membership,
                actions.EXIT_NOTICE_GIVEN,
                by=by,
                data={
                    "given_on": given_on.isoformat(),
                    "effective_on": notice.effective_on.isoformat(),
                    "notice_days": days,
                    "reason": notice.reason,
                },
            )
    except IntegrityError as exc:
        raise Conflict(_("This member has already given notice of exit.")) from exc
    return notice


def exit_notice_withdraw(*, by: User, notice: ExitNotice) -> ExitNotice:
    with transaction.atomic():
        obj = ExitNotice.objects.select_for_update().select_related("membership__alliance").get(pk=notice.pk)
        if not _may_give_notice(by, obj.membership):
            raise PermissionDenied(
                _("Only the member's contacts or the secretariat withdraw a notice of exit.")
            )
        move(
            obj,
            ExitStatus.WITHDRAWN,
            by=by,
            actors={MEMBER},  # _may_give_notice above
            table=EXIT_TRANSITIONS,
            action=actions.EXIT_NOTICE_WITHDRAWN,
            data={"notice": obj.pk},
            invalid=_("Only a pending notice can be withdrawn."),
            audit_on=obj.membership,
        )
    return obj


def unpaid_invoice_numbers(membership: Membership) -> list[str]:
    return list(
        Invoice.objects.filter(membership=membership, status=InvoiceStatus.UNPAID)
        .order_by("year", "seq")
        .values_list("number", flat=True)
    )


def exit_complete(*, by: User, notice: ExitNotice, today: dt.date | None = None) -> ExitNotice:
    """End the membership once the notice period has run and every dues invoice is paid."""
    today = today or timezone.localdate()
    with transaction.atomic():
        obj = ExitNotice.objects.select_for_update().select_related("membership__alliance").get(pk=notice.pk)
        if not can_manage_members(by, obj.membership.alliance):
            raise PermissionDenied(_("Only the alliance's secretariat completes an exit."))
        _complete(obj, by=by, actors={KEEPER}, today=today)  # can_manage_members above
    return obj


def exit_complete_at_end(*, notice: ExitNotice, today: dt.date | None = None) -> ExitNotice | None:
    """The system ends the membership on the day the notice period has run (membership/clocks.py).

    None, and nothing written, when the notice is no longer pending or its period runs beyond
    ``today``: completing twice, or racing the secretariat, acts once. Unpaid dues are refused as
    for the secretariat (``DomainError``).
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        obj = (
            ExitNotice.objects.select_for_update()
            .select_related("membership__alliance")
            .filter(pk=notice.pk, status=ExitStatus.PENDING, effective_on__lte=today)
            .first()
        )
        if obj is None:
            return None
        _complete(obj, by=None, actors={SYSTEM}, today=today)
    return obj


def _complete(obj: ExitNotice, *, by: User | None, actors: set[str], today: dt.date) -> None:
    """Complete the locked notice ``obj``: the membership and its seats end on its ``effective_on``."""
    not_pending = _("Only a pending notice can be completed.")
    EXIT_TRANSITIONS.check(obj.status, ExitStatus.COMPLETED, actors, invalid=not_pending)
    if today < obj.effective_on:
        raise DomainError(_("The notice period runs until %(date)s.") % {"date": day(obj.effective_on)})
    unpaid = unpaid_invoice_numbers(obj.membership)
    if unpaid:
        raise DomainError(
            _("Dues are not settled: %(invoices)s unpaid.") % {"invoices": ", ".join(unpaid)},
            fields={"dues": unpaid},
        )
    with translation.override("zh-hans"):
        reason = _("Left on written notice of %(date)s.") % {"date": day(obj.given_on)}
    end_membership(by=by, membership=obj.membership, left_on=obj.effective_on, reason=reason)
    seats_end_for_organisation(
        by=by,
        alliance=obj.membership.alliance,
        organisation=obj.membership.organisation,
        on=obj.effective_on,
    )
    obj.completed_at = timezone.now()
    move(
        obj,
        ExitStatus.COMPLETED,
        by=by,
        actors=actors,
        table=EXIT_TRANSITIONS,
        action=actions.EXIT_COMPLETED,
        data={"left_on": obj.effective_on.isoformat()},
        fields=("completed_at",),
        invalid=not_pending,
        audit_on=obj.membership,
    )


def expulsion_clause(membership: Membership) -> tuple[bool, bool]:
    """Whether the agreement in force provides for expelling a party in breach and for recovering its
    grants (``breach.expulsion``, ``breach.grant_recovery``, Art. 8(5)); both, for an alliance with no
    agreement in force (the members decide by their own rules)."""
    version = effective_version(membership.alliance)
    if version is None:
        return True, True
    clause = (version.content or {}).get("breach") or {}
    return clause.get("expulsion") is True, clause.get("grant_recovery") is True


def expulsion_put(
    *, by: User, membership: Membership, grounds: str, motion: Motion, recover_grants: bool
) -> Expulsion:
    """Record the expulsion that ``motion`` decides (the expulsion flow: ``expulsion_record_vote`` acts
    on it when the vote closes). Called inside the caller's transaction."""
    expulsion = Expulsion.objects.create(
        membership=membership,
        grounds=strip_text(grounds),
        motion=motion,
        created_by=by,
        recover_grants=recover_grants,
    )
    log_action(
        membership,
        actions.EXPULSION_PROPOSED,
        by=by,
        data={"grounds": expulsion.grounds, "motion": motion.pk, "body": motion.body.name_zh},
    )
    return expulsion


def expulsion_propose(
    *, by: User, membership: Membership, grounds: str, body: Body, deadline: dt.datetime
) -> Expulsion:
    """Put the expulsion of a member for breach to the deciding body's vote, if the agreement in force
    provides for it (``breach.expulsion``); grants are recovered if it says so (``breach.grant_recovery``)."""
    if not can_manage_members(by, membership.alliance):
        raise PermissionDenied(_("Only the alliance's secretariat proposes an expulsion."))
    errors: dict[str, list[str]] = {}
    if is_blank(grounds):
        errors["grounds"] = [_("State the breach.")]
    if body.kind != BodyKind.DECISION or body.alliance_id != membership.alliance_id:
        errors["body"] = [_("Choose a decision body of this alliance.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    if membership.left_on is not None:
        raise DomainError(_("This membership has already ended."))
    may_expel, recover_grants = expulsion_clause(membership)
    if not may_expel:
        raise Conflict(
            _(
                "The breach clause of the agreement in force (breach.expulsion) does not provide for expulsion."
            )
        )
    try:
        with transaction.atomic():
            with translation.override("zh-hans"):
                title = _("Motion to expel %(org)s for breach") % {"org": membership.organisation.name_zh}
            motion = motion_open(
                by=by, body=body, title_zh=title[:200], text_zh=strip_text(grounds), method=VotingMethod.BALLOT,
                deadline=deadline,
            )  # fmt: skip
            expulsion = expulsion_put(
                by=by, membership=membership, grounds=grounds, motion=motion, recover_grants=recover_grants
            )
    except IntegrityError as exc:
        raise Conflict(_("An expulsion of this member is already being voted on.")) from exc
    return expulsion


def expulsion_record_vote(*, motion: Motion, by: User | None, carried: bool) -> Expulsion | None:
    """The vote on an expulsion is final (closed, and past any veto window). If it carried, the membership ends with its consequences:
    rights end, the confidentiality duty and the licences it granted continue, contributions are not
    refunded, and a claim for the recovery of government grants is opened when the expulsion says so
    (an expulsion decided on a breach notice: the breach's decision opens it)."""
    obj = (
        Expulsion.objects.select_for_update(of=("self",))
        .select_related("membership__alliance", "membership__organisation")
        .filter(motion=motion, status=ExpulsionStatus.VOTING)
        .first()
    )
    if obj is None:
        return None
    # decided when the vote closed: at the ballot's deadline when the system closed it, however late
    # that was written (a page settling the clock days afterwards)
    # a decision that waited for its veto window is taken when the window ended (DESCA 6.3.4)
    resolution = getattr(motion, "resolution", None) if motion.passed else None
    decided = (
        (resolution.effective_at if resolution is not None else None) or motion.closed_at or timezone.now()
    )
    today = timezone.localdate(decided)
    obj.decided_at = decided
    if not carried:
        move(
            obj,
            ExpulsionStatus.NOT_EXPELLED,
            by=by,
            actors={SYSTEM},  # the vote closed
            table=EXPULSION_TRANSITIONS,
            action=actions.EXPULSION_DECIDED,
            data={"expelled": False, "outcome": motion.outcome},
            fields=("decided_at",),
            audit_on=obj.membership,
        )
        return obj
    membership = obj.membership
    with translation.override("zh-hans"):
        reason = _("Expelled for breach: %(grounds)s") % {"grounds": obj.grounds}
    end_membership(by=by, membership=membership, left_on=max(today, membership.joined_on), reason=reason)
    seats_end_for_organisation(
        by=by, alliance=membership.alliance, organisation=membership.organisation, on=today
    )
    for notice in ExitNotice.objects.select_for_update().filter(
        membership=membership, status=ExitStatus.PENDING
    ):
        move(notice, ExitStatus.WITHDRAWN, by=by, actors={SYSTEM}, table=EXIT_TRANSITIONS)
    obj.rights_end_on = today
    obj.confidentiality_continues = True
    obj.licences_continue = True
    obj.contributions_refunded = False
    move(
        obj,
        ExpulsionStatus.EXPELLED,
        by=by,
        actors={SYSTEM},  # the vote closed
        table=EXPULSION_TRANSITIONS,
        action=actions.EXPULSION_DECIDED,
        data={
            "expelled": True,
            "rights_end_on": today.isoformat(),
            "confidentiality_continues": True,
            "licences_continue": True,
            "contributions_refunded": False,
        },
        fields=("decided_at", "rights_end_on", "confidentiality_continues", "licences_continue",
                "contributions_refunded"),
        audit_on=membership,
    )  # fmt: skip
    if obj.recover_grants:
        claim = GrantRecoveryClaim.objects.create(
            expulsion=obj, alliance=membership.alliance, organisation=membership.organisation
        )
        log_action(
            claim, actions.RECOVERY_CLAIM_OPENED, by=by, data={"organisation": membership.organisation.uscc}
        )
    return obj


def claim_book(*, by: User, claim: GrantRecoveryClaim, fund: Any, amount: Any) -> GrantRecoveryClaim:
    """Put an amount on a grant-recovery claim and book it as a receivable on the grant's fund."""
    from decimal import Decimal

    from itisa.core.values import ValueRefused, parse_amount
    from itisa.ledger.choices import FundKind
    from itisa.membership.dues import ledger as dues_ledger

    if not can_manage_members(by, claim.alliance):
        raise PermissionDenied(_("Only the alliance's secretariat books a grant-recovery claim."))
    errors: dict[str, list[str]] = {}
    try:
        value = parse_amount(amount, column=GrantRecoveryClaim._meta.get_field("amount"))
    except ValueRefused as exc:
        errors["amount"] = [exc.message]
        value = Decimal(0)
    else:
        if value <= 0:
            errors["amount"] = [_("A positive amount in CNY to the fen.")]
    if fund is None or fund.kind != FundKind.GOVERNMENT_GRANT or fund.book.alliance_id != claim.alliance_id:
        errors["fund"] = [_("Choose a government grant fund of this alliance.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    with transaction.atomic():
        obj = GrantRecoveryClaim.objects.select_for_update().select_related("organisation").get(pk=claim.pk)
        if obj.amount is not None:
            raise Conflict(_("This claim is already booked."))
        obj.amount = value
        obj.note = _("Booked on the fund %(fund)s.") % {"fund": fund.name_zh}
        obj.save(update_fields=["amount", "note", "updated_at"])
        entry = dues_ledger.claim_booked(by=by, claim=obj, fund=fund, amount=value)
        log_action(obj, actions.RECOVERY_CLAIM_BOOKED, by=by, data={"amount": str(value), "entry": entry.pk})
    return obj
