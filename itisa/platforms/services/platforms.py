"""Registering a shared platform and moving its status (国科发政〔2008〕770号 第五条).

``platform_register`` records a platform of the alliance hosted by an active member, numbered ``P0001``…
in the alliance, in its first status (active) with its history row; ``platform_move`` suspends, resumes
or retires it through the transition table (``workflows.PLATFORM_TRANSITIONS``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, PermissionDenied, full_clean
from itisa.core.regions import Province
from itisa.membership.models import Membership
from itisa.platforms import actions
from itisa.platforms.choices import CapacityUnit, PlatformKind
from itisa.platforms.choices import PlatformStatus as P
from itisa.platforms.models import Platform, PlatformStatusChange
from itisa.platforms.permissions import can_keep_platforms, platform_actors
from itisa.platforms.services.common import Errors, amount, invalid, required
from itisa.platforms.services.inputs import PlatformInput
from itisa.platforms.workflows import PLATFORM_TRANSITIONS
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

RATE_COLUMN = Platform._meta.get_field("member_rate")


def require_keeper(by: User | None, alliance: Alliance) -> None:
    decision = can_keep_platforms(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def platform_problems(alliance: Alliance, data: PlatformInput) -> tuple[Errors, dict[str, Any]]:
    """What is wrong with ``data`` for a platform of ``alliance`` (the service, the import and the form
    share it), and the values read: the host (an active member) and the rates."""
    errors: Errors = {}
    if data.kind not in PlatformKind.values:
        errors["kind"] = [_("Choose a kind of platform.")]
    required(data.name_zh, "name_zh", errors)
    host = None
    if data.host is not None:
        members = Membership.objects.active().filter(alliance=alliance, organisation_id=data.host)
        host = Organisation.objects.filter(pk=data.host, memberships__in=members).first()
    if host is None:
        errors["host"] = [_("Choose an active member of the alliance as host.")]
    if data.province not in Province.values:
        errors["province"] = [_("Choose a province (GB/T 2260).")]
    if data.unit not in CapacityUnit.values:
        errors["unit"] = [_("Choose the unit its use is counted in: hour, day or sample.")]
    member_rate = outside_rate = None
    if data.member_rate in ("", None):
        errors["member_rate"] = [_("This field is required.")]
    else:
        member_rate = amount(data.member_rate, RATE_COLUMN, "member_rate", errors)
    if data.outside_rate not in ("", None):
        outside_rate = amount(data.outside_rate, RATE_COLUMN, "outside_rate", errors)
        if member_rate is not None and outside_rate < member_rate:
            errors.setdefault("outside_rate", []).append(
                _("The rate for outside users is not below the members' rate.")
            )
    return errors, {"host": host, "member_rate": member_rate, "outside_rate": outside_rate}


def platform_register(
    *, by: User, alliance: Alliance, data: PlatformInput, is_demo: bool = False
) -> Platform:
    """Register a platform of the alliance, numbered ``P0001``… in the alliance, active from now."""
    require_keeper(by, alliance)
    errors, read = platform_problems(alliance, data)
    invalid(errors)
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            count = Platform.objects.filter(alliance=alliance).count()
            platform = Platform(
                alliance=alliance, code=f"P{count + 1:04d}", kind=data.kind, name_zh=data.name_zh,
                name_en=data.name_en, host=read["host"], province=data.province, location=data.location,
                description=data.description, unit=data.unit, open_to_members=data.open_to_members,
                member_rate=read["member_rate"], outside_rate=read["outside_rate"], status=P.ACTIVE,
                by=by, at=timezone.now(), is_demo=is_demo,
            )  # fmt: skip
            full_clean(platform, validate_constraints=False)
            platform.save()
            row = record(PlatformStatusChange, platform, "", P.ACTIVE, by=by)
            log_action(
                platform, actions.PLATFORM_REGISTERED, by=by,
                data={"code": platform.code, "kind": platform.kind, "name_zh": platform.name_zh,
                      "host": read["host"].uscc, "unit": platform.unit, "member_rate": str(platform.member_rate),
                      "outside_rate": None if platform.outside_rate is None else str(platform.outside_rate),
                      "open_to_members": platform.open_to_members},
                sealed=[row],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another platform was registered at the same moment; please try again.")) from exc
    return platform


def platform_move(*, by: User, platform: Platform, target: str, comment: str = "") -> Platform:
    """Suspend, resume or retire a platform (the secretariat); bookings are taken only while active."""
    with transaction.atomic():
        locked = Platform.objects.select_for_update().select_related("alliance").get(pk=platform.pk)
        move(
            locked, target, by=by, actors=platform_actors(by, locked), table=PLATFORM_TRANSITIONS,
            history=PlatformStatusChange, action=actions.PLATFORM_MOVED, comment=comment,
            denied=_("Only the alliance's secretariat changes a platform's status."),
        )  # fmt: skip
    return locked
