"""What every standards service shares: the permission check, field errors, members, locking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.core.errors import DomainError, PermissionDenied
from itisa.membership.models import Membership
from itisa.registry.models import Organisation
from itisa.standards.choices import Stage
from itisa.standards.models import StandardProject
from itisa.standards.permissions import can_keep_standards

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.registry.models import Alliance

Errors = dict[str, list[str]]


def require_keeper(by: User | None, alliance: Alliance) -> None:
    decision = can_keep_standards(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def invalid(errors: Errors) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def active_member(alliance: Alliance, organisation_id: int | None, field: str, errors: Errors) -> Any:
    """The organisation if it is an active member of the alliance (only members draft, Art. 8(2))."""
    org = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    if org is None or not Membership.objects.active().filter(alliance=alliance, organisation=org).exists():
        errors.setdefault(field, []).append(_("Choose an active member of the alliance."))
        return None
    return org


def locked(standard: StandardProject) -> StandardProject:
    return (
        StandardProject.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=standard.pk)
    )


def not_ended(standard: StandardProject) -> None:
    if standard.stage in (Stage.PUBLISHED, Stage.WITHDRAWN):
        raise DomainError(
            _("The standard is %(stage)s: its drafting no longer changes.")
            % {"stage": standard.get_stage_display()}
        )
