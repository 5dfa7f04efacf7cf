"""Background IP: what a member brings into the alliance, declared at or after joining, with the
restrictions on its use (the agreement's ``ip.background_ip_zh``; DOMAIN.md: used by project partners on
fair and reasonable terms within the agreed scope, not outside the alliance project without permission)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.formats import day
from itisa.core.values import is_blank
from itisa.membership.models import Membership
from itisa.registry.models import Alliance
from itisa.results import actions
from itisa.results.choices import ResultKind
from itisa.results.models import BackgroundIP
from itisa.results.permissions import can_declare_background
from itisa.results.rules import number_problem
from itisa.results.services.inputs import BackgroundInput
from itisa.results.services.results import too_long

if TYPE_CHECKING:
    from itisa.accounts.models import User


def background_declare(*, by: User, alliance: Alliance, data: BackgroundInput) -> BackgroundIP:
    """A member declares background IP, on or after the day it joined and not in the future; written once
    (a correction is a new declaration)."""
    decision = can_declare_background(by, alliance, data.organisation)
    if not decision:
        raise PermissionDenied(decision.reason)
    errors: dict[str, list[str]] = {}
    membership = (
        Membership.objects.active().filter(alliance=alliance, organisation_id=data.organisation).first()
        if data.organisation
        else None
    )
    if membership is None:
        errors["organisation"] = [_("Choose an active member of the alliance.")]
    if data.kind not in ResultKind.values:
        errors["kind"] = [_("Choose a valid option.")]
    number = ""
    if data.kind in ResultKind.values:
        number, problem = number_problem(data.kind, data.number, today=timezone.localdate())
        if problem:
            errors["number"] = [problem]
    for name, messages in too_long(BackgroundIP, title_zh=data.title_zh, number=number).items():
        errors.setdefault(name, []).extend(messages)
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    if is_blank(data.restrictions_zh):
        errors["restrictions_zh"] = [_("Say how it may be used (or write that it is unrestricted).")]
    today = timezone.localdate()
    if data.declared_on is None or data.declared_on > today:
        errors["declared_on"] = [_("Give the day of the declaration (not in the future).")]
    elif membership is not None and data.declared_on < membership.joined_on:
        errors["declared_on"] = [
            _("A member declares its background IP on or after the day it joined (%(day)s).")
            % {"day": day(membership.joined_on)}
        ]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    assert membership is not None and data.declared_on is not None  # noqa: S101 - refused above
    with transaction.atomic():
        row = BackgroundIP.objects.create(
            alliance=alliance, organisation=membership.organisation, kind=data.kind, title_zh=data.title_zh,
            number=number, restrictions_zh=data.restrictions_zh, declared_on=data.declared_on, by=by,
            at=timezone.now(),
        )  # fmt: skip
        log_action(
            row,
            actions.BACKGROUND_DECLARED,
            by=by,
            data={"organisation": membership.organisation.uscc, "kind": row.kind, "title_zh": row.title_zh,
                  "number": row.number, "restrictions_zh": row.restrictions_zh,
                  "declared_on": row.declared_on.isoformat()},
            sealed=[row],
        )  # fmt: skip
    return row
