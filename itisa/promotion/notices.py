"""Who is told, in their own language: an endorsement recorded or withdrawn reaches the alliance's
secretariat (a forming alliance) or the proposer (a submitted proposal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.notifications.services import link, notify
from itisa.promotion.choices import body_label

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.promotion.models import Endorsement


def _recipients(obj: Endorsement) -> list[Any]:
    if obj.proposal_id is not None:
        return [obj.proposal.proposer]  # type: ignore[union-attr]
    rows = RoleAssignment.objects.filter(role=Role.SECRETARIAT, alliance=obj.alliance).select_related("user")
    return [ra.user for ra in rows.order_by("user_id", "pk")]


def _where(obj: Endorsement) -> tuple[Any, Any]:
    """The subject's page and the alliance the notice belongs to."""
    if obj.proposal_id is not None:
        return link("promotion:proposal", obj.proposal_id), None
    return link("registry:alliance_detail", obj.alliance.code), obj.alliance  # type: ignore[union-attr]


def _names(obj: Endorsement) -> dict[str, Any]:
    subject = obj.proposal if obj.proposal_id is not None else obj.alliance
    return {"name": subject.name_zh, "code": subject.code}  # type: ignore[union-attr]


def _tell(
    obj: Endorsement,
    *,
    kind: str,
    subject: Callable[[dict[str, Any]], str],
    body: Callable[[], str],
    by: User,
) -> None:
    def names() -> dict[str, Any]:  # the body's name in the recipient's language
        return {**_names(obj), "body": body_label(obj.body_kind, obj.body_code)}

    url, alliance = _where(obj)
    notify(recipients=_recipients(obj), kind=kind, subject=lambda: subject(names()), body=body, url=url,
           alliance=alliance, by=by)  # fmt: skip


def endorsement_recorded(obj: Endorsement, *, by: User) -> None:
    _tell(obj, kind="promotion.endorsement.recorded", by=by,
          subject=lambda names: _("%(body)s endorses %(name)s (%(code)s)") % names,
          body=lambda: _("Statement: %(statement)s") % {"statement": obj.statement})  # fmt: skip


def endorsement_withdrawn(obj: Endorsement, *, by: User) -> None:
    _tell(obj, kind="promotion.endorsement.withdrawn", by=by,
          subject=lambda names: _("%(body)s withdrew its endorsement of %(name)s (%(code)s)") % names,
          body=lambda: _("Reason: %(reason)s") % {"reason": obj.withdraw_reason})  # fmt: skip
