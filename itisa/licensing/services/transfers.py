"""Transfers of a share of a result to a third party, with the joint owners' objection window from the
agreement (``ip.transfer_objection_days``, default 45 days: DESCA's notice), and technology contracts.

A transfer is notified (``transfer_notify``); each other joint owner may object until the window's last
day (``transfer_object``), which blocks it; after the window without objection ``transfer_complete``
changes the result's owners through the results register's own service
(``results.services.result_change_owners``, on the owners' consent: the transferor's and the
transferee's contract, the others' silence through the window).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.content import AgreementContent, IntellectualProperty
from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.core.formats import day
from itisa.core.inputs import refuse_bad_values
from itisa.licensing import actions
from itisa.licensing.choices import ContractKind, TransferState
from itisa.licensing.models import Licence, TechContract, Transfer, TransferCompletion, TransferObjection
from itisa.licensing.permissions import can_act_for_member
from itisa.licensing.rules import contract_number_problem, objection_deadline, transfer_state
from itisa.licensing.services.common import Errors, amount, invalid, require_keeper, required
from itisa.licensing.services.inputs import ContractInput, TransferInput
from itisa.registry.models import Alliance, Organisation
from itisa.results.choices import OwnershipBasis
from itisa.results.models import Result
from itisa.results.services import OwnerChangeInput, ShareInput, current_owners, result_change_owners

if TYPE_CHECKING:
    import datetime as dt

    from itisa.accounts.models import User


def objection_days(alliance: Alliance) -> int:
    """The agreement's objection window for transfers (the default when no agreement is effective)."""
    version = effective_version(alliance)
    if version is None:
        return IntellectualProperty().transfer_objection_days
    return AgreementContent.model_validate(version.content).ip.transfer_objection_days


def state_of(transfer: Transfer, today: dt.date) -> str:
    """Where ``transfer`` stands on ``today`` (``rules.transfer_state``)."""
    owners = {o for o, _s in current_owners(transfer.result)}
    return transfer_state(
        notice_on=transfer.notice_on, days=transfer.objection_days,
        objected=TransferObjection.objects.filter(transfer=transfer).exists(),
        completed=TransferCompletion.objects.filter(transfer=transfer).exists(),
        others=bool(owners - {transfer.transferor_id}), today=today,
    )  # fmt: skip


def transfer_notify(*, by: User, alliance: Alliance, data: TransferInput) -> Transfer:
    """Record a transfer of an owner's share of a result to a third party, notified to the other joint
    owners on ``notice_on``: they may object within the agreement's window."""
    require_keeper(by, alliance)
    errors: Errors = {}
    today = timezone.localdate()
    result = Result.objects.filter(pk=data.result, alliance=alliance).first() if data.result else None
    if result is None:
        errors["result"] = [_("Choose a result of the alliance.")]
    owners = dict(current_owners(result)) if result else {}
    if data.transferor not in owners:
        errors["transferor"] = [_("Choose one of the result's current owners.")]
    transferee = Organisation.objects.filter(pk=data.transferee).first() if data.transferee else None
    if transferee is None:
        errors["transferee"] = [_("No such organisation.")]
    elif transferee.pk == data.transferor:
        errors["transferee"] = [_("The transferee is not the transferor.")]
    price = amount(data.price, Transfer._meta.get_field("price"), "price", errors)
    required(data.contract_ref, "contract_ref", errors)
    if data.notice_on is None or data.notice_on > today:
        errors["notice_on"] = [_("Give the day the notice was given (not in the future).")]
    invalid(errors)
    assert result is not None and transferee is not None and data.notice_on is not None  # noqa: S101
    assert data.transferor is not None  # noqa: S101 (refused above: not an owner)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            count = Transfer.objects.filter(alliance=alliance).count()
            transfer = Transfer.objects.create(
                alliance=alliance, code=f"T{count + 1:04d}", result=result, transferor_id=data.transferor,
                transferee=transferee, price=price, contract_ref=data.contract_ref, notice_on=data.notice_on,
                objection_days=objection_days(alliance), by=by, at=timezone.now(),
            )  # fmt: skip
            log_action(
                transfer,
                actions.TRANSFER_NOTIFIED,
                by=by,
                data={
                    "code": transfer.code, "result": result.code, "transferor": data.transferor,
                    "transferee": transferee.pk, "price": str(price), "notice_on": data.notice_on.isoformat(),
                    "objection_days": transfer.objection_days,
                },
                sealed=[transfer],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another transfer was recorded at the same moment; please try again.")) from exc
    return transfer


def transfer_object(
    *, by: User, transfer: Transfer, organisation: Organisation, reason: str
) -> TransferObjection:
    """A joint owner objects to a transfer within the window: the transfer will not complete."""
    decision = can_act_for_member(by, transfer.alliance, organisation.pk)
    if not decision:
        raise PermissionDenied(decision.reason)
    refuse_bad_values(reason=reason)
    today = timezone.localdate()
    errors: Errors = {}
    required(reason, "reason", errors)
    others = {o for o, _s in current_owners(transfer.result)} - {transfer.transferor_id}
    if organisation.pk not in others:
        errors["organisation"] = [_("Only the result's other joint owners object to a transfer.")]
    invalid(errors)
    with transaction.atomic():
        locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
        state = state_of(locked, today)
        if state == TransferState.COMPLETED:
            raise InvalidTransition(_("The transfer is completed."))
        if today > objection_deadline(locked.notice_on, locked.objection_days):
            raise InvalidTransition(
                _("The objection window ended on %(date)s.")
                % {"date": day(objection_deadline(locked.notice_on, locked.objection_days))}
            )
        if TransferObjection.objects.filter(transfer=locked, organisation=organisation).exists():
            raise Conflict(_("This owner has already objected."))
        row = TransferObjection.objects.create(
            transfer=locked,
            organisation=organisation,
            reason=reason,
            objected_on=today,
            by=by,
            at=timezone.now(),
        )
        log_action(
            locked, actions.TRANSFER_OBJECTED, by=by,
            data={"code": locked.code, "organisation": organisation.pk, "reason": reason}, sealed=[row],
        )  # fmt: skip
    return row


def transfer_complete(*, by: User, transfer: Transfer) -> TransferCompletion:
    """Complete a transfer after the objection window without objection: the transferee takes the
    transferor's share through ``results.services.result_change_owners``."""
    require_keeper(by, transfer.alliance)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Transfer.objects.select_for_update().select_related("result", "alliance").get(pk=transfer.pk)
        state = state_of(locked, today)
        if state == TransferState.WAITING:
            raise InvalidTransition(
                _("The joint owners may object until %(date)s; the transfer waits.")
                % {"date": day(objection_deadline(locked.notice_on, locked.objection_days))}
            )
        if state == TransferState.BLOCKED:
            raise InvalidTransition(_("A joint owner objected: the transfer does not complete."))
        if state == TransferState.COMPLETED:
            raise InvalidTransition(_("The transfer is completed."))
        before = current_owners(locked.result)
        shares: dict[int, Decimal] = {}
        for org, share in before:
            target = locked.transferee_id if org == locked.transferor_id else org
            shares[target] = shares.get(target, Decimal(0)) + share
        if locked.transferor_id not in dict(before):
            raise InvalidTransition(_("The transferor no longer owns a share of the result."))
        record = result_change_owners(
            by=by,
            result=locked.result,
            data=OwnerChangeInput(
                owners=[ShareInput(organisation=o, share=s) for o, s in shares.items()],
                basis=OwnershipBasis.CONSENT,
                consenting=sorted({o for o, _s in before} | {locked.transferee_id}),
                document_ref=locked.contract_ref, document_on=locked.notice_on,
                reason=_("Transfer %(code)s: no objection within %(days)s days of notice.")
                % {"code": locked.code, "days": locked.objection_days},
            ),
        )  # fmt: skip
        row = TransferCompletion.objects.create(
            transfer=locked, ownership=record, completed_on=today, by=by, at=timezone.now()
        )
        log_action(locked, actions.TRANSFER_COMPLETED, by=by,
                   data={"code": locked.code, "ownership": record.seq}, sealed=[row])  # fmt: skip
    return row


def contract_register(*, by: User, alliance: Alliance, data: ContractInput) -> TechContract:
    """Record a registered technology contract with its national registration number (checked:
    ``rules.contract_number_problem``) and the amount the registration office verified."""
    require_keeper(by, alliance)
    errors: Errors = {}
    today = timezone.localdate()
    problem = contract_number_problem(data.number, today=today)
    if problem:
        errors["number"] = [problem]
    if data.kind not in ContractKind.values:
        errors["kind"] = [_("Choose a valid option.")]
    licence = Licence.objects.filter(pk=data.licence, alliance=alliance).first() if data.licence else None
    if data.licence and licence is None:
        errors["licence"] = [_("Choose a licence of the alliance.")]
    transfer = Transfer.objects.filter(pk=data.transfer, alliance=alliance).first() if data.transfer else None
    if data.transfer and transfer is None:
        errors["transfer"] = [_("Choose a transfer of the alliance.")]
    value = amount(
        data.verified_amount, TechContract._meta.get_field("verified_amount"), "verified_amount", errors
    )
    if data.registered_on is None or data.registered_on > today:
        errors["registered_on"] = [_("Give the day of registration (not in the future).")]
    elif not problem and data.number[:4] != str(data.registered_on.year):
        errors["number"] = [_("The registration number starts with the year of registration.")]
    invalid(errors)
    assert data.registered_on is not None  # noqa: S101 (refused above)
    try:
        with transaction.atomic():
            row = TechContract.objects.create(
                alliance=alliance, number=data.number, kind=data.kind, licence=licence, transfer=transfer,
                verified_amount=value, registered_on=data.registered_on, by=by, at=timezone.now(),
            )  # fmt: skip
            log_action(row, actions.CONTRACT_REGISTERED, by=by,
                       data={"number": row.number, "kind": row.kind, "verified_amount": str(value)},
                       sealed=[row])  # fmt: skip
    except IntegrityError as exc:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"number": [_("A contract with this registration number is already recorded.")]},
        ) from exc
    return row
