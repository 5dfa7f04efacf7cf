"""Writes to alliances: register, edit, move along the status workflow."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    PermissionDenied,
)
from itisa.core.values import strip_text
from itisa.core.workflows import SYSTEM
from itisa.registry import actions
from itisa.registry.choices import AllianceStatus
from itisa.registry.models import Alliance, AllianceStatusChange
from itisa.registry.permissions import (
    actor_kinds,
    can_change_alliance_status,
    can_create_alliance,
    can_edit_alliance,
)
from itisa.registry.services._common import full_clean, raise_if
from itisa.registry.services.inputs import AllianceInput

if TYPE_CHECKING:
    from itisa.accounts.models import User
from itisa.registry.workflows import ALLIANCE_TRANSITIONS, LEAVING_NEEDS_A_REASON

ALLIANCE_FIELDS = (
    "code",
    "name_zh",
    "name_en",
    "short_name_zh",
    "short_name_en",
    "key_area",
    "emerging_industry",
    "industry",
    "scope",
    "province",
    "founded_on",
    "host_unit",
    "website",
)
ALLIANCE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{0,19}$")


def _alliance_errors(alliance: Alliance, errors: dict[str, list[str]]) -> None:
    alliance.code = (alliance.code or "").strip().upper()
    if not ALLIANCE_CODE_RE.match(alliance.code):
        errors.setdefault("code", []).append(
            _("Use 1–20 upper-case letters, digits or hyphens, starting with a letter (e.g. CSA).")
        )
    if alliance.scope == "regional" and not alliance.province:
        errors.setdefault("province", []).append(_("A regional alliance names its province."))
    if alliance.scope == "national" and alliance.province:
        errors.setdefault("province", []).append(_("A national alliance has no province."))
    if not alliance.key_area and not alliance.emerging_industry:
        errors.setdefault("key_area", []).append(
            _("Give the key area of the national plan, the strategic emerging industry, or both.")
        )


def _save_alliance(alliance: Alliance) -> None:
    """Save, turning the short code's unique constraint into a Conflict on the field."""
    try:
        with transaction.atomic():
            alliance.save()
    except IntegrityError as exc:
        raise Conflict(
            _("An alliance with this short code exists."), fields={"code": [_("Already taken.")]}
        ) from exc


def _alliance_snapshot(alliance: Alliance) -> dict[str, Any]:
    data = {f: getattr(alliance, f) for f in ALLIANCE_FIELDS if f != "host_unit"}
    data["host_unit"] = alliance.host_unit.uscc if alliance.host_unit_id and alliance.host_unit else ""
    data["founded_on"] = alliance.founded_on.isoformat() if alliance.founded_on else None
    return data


def alliance_create(*, by: User, data: AllianceInput, is_demo: bool = False, comment: str = "") -> Alliance:
    """Register an alliance; it starts as forming, with a first history row."""
    decision = can_create_alliance(by, scope=data.scope, province=data.province)
    if not decision:
        raise PermissionDenied(decision.reason)
    alliance = Alliance(**{f: getattr(data, f) for f in ALLIANCE_FIELDS}, is_demo=is_demo)
    alliance.status = AllianceStatus.FORMING
    errors: dict[str, list[str]] = {}
    _alliance_errors(alliance, errors)
    full_clean(alliance, errors)
    raise_if(errors)
    with transaction.atomic():
        _save_alliance(alliance)
        row = record(AllianceStatusChange, alliance, "", alliance.status, by=by, comment=comment)
        log_action(alliance, actions.ALLIANCE_CREATED, by=by, data=_alliance_snapshot(alliance), sealed=[row])
    return alliance


def alliance_update(*, by: User, alliance: Alliance, data: AllianceInput) -> Alliance:
    """Change an alliance's record (not its status: see ``alliance_change_status``)."""
    decision = can_edit_alliance(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        obj = Alliance.objects.select_for_update(of=("self",)).select_related("host_unit").get(pk=alliance.pk)
        before = _alliance_snapshot(obj)
        given = data.given()
        for field in ALLIANCE_FIELDS:
            if field in given:
                setattr(obj, field, given[field])
        moved = (obj.scope, obj.province) != (before["scope"], before["province"])
        if moved and not can_create_alliance(by, scope=obj.scope, province=obj.province):
            # Scope and province decide which officers are competent: only officers may change them.
            raise PermissionDenied(
                _(
                    "Only the national office, or the provincial officer of the new province, may change scope."
                )
            )
        errors: dict[str, list[str]] = {}
        _alliance_errors(obj, errors)
        full_clean(obj, errors)
        raise_if(errors)
        _save_alliance(obj)
        after = _alliance_snapshot(obj)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            log_action(obj, actions.ALLIANCE_UPDATED, by=by, data={"changes": changes})
    return obj


def alliance_change_status(*, by: User, alliance: Alliance, new_status: str, comment: str = "") -> Alliance:
    """Move an alliance along the status workflow (workflows.ALLIANCE_TRANSITIONS).

    Never into pilot status, which only a published pilot decision confers (``alliance_make_pilot``);
    a move out of pilot status needs a reason (``LEAVING_NEEDS_A_REASON``).
    """
    if new_status not in AllianceStatus.values:
        raise InvalidTransition(_("Unknown status %(status)s.") % {"status": new_status})
    with transaction.atomic():
        obj = Alliance.objects.select_for_update().get(pk=alliance.pk)
        decision = can_change_alliance_status(by, obj, new_status)
        if not decision:
            if obj.status == new_status or not ALLIANCE_TRANSITIONS.is_move(obj.status, new_status):
                raise InvalidTransition(decision.reason)
            raise PermissionDenied(decision.reason)
        if obj.status in LEAVING_NEEDS_A_REASON and not comment.strip():
            raise DomainError(
                _("Please correct the errors below."),
                fields={
                    "comment": [
                        _(
                            "Say why: leaving pilot status undoes or ends a published pilot decision, and the "
                            "history keeps the reason."
                        )
                    ]
                },
            )
        move(
            obj,
            new_status,
            by=by,
            actors=actor_kinds(by, obj),
            table=ALLIANCE_TRANSITIONS,
            history=AllianceStatusChange,
            action=actions.ALLIANCE_STATUS_CHANGED,
            comment=strip_text(comment),
        )
    return obj


def alliance_make_pilot(
    *, by: User, alliance: Alliance, comment: str, decision: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Alliance:  # fmt: skip
    """Make an established alliance a pilot: the system's move, made by the publication of a pilot decision.

    Called only by the pilot program when the national office publishes a call's list
    (``pilots.services.call_publish``, Art. 7); ``by`` is the officer who published it and ``decision``
    names the published decision in the audit entry (e.g. the call and the application). No page, endpoint
    or command moves an alliance into pilot status otherwise (``can_change_alliance_status`` refuses it).
    The history row is dated ``now`` (default now), the publication's moment.
    """
    with transaction.atomic():
        obj = Alliance.objects.select_for_update().get(pk=alliance.pk)
        old = obj.status
        move(
            obj,
            AllianceStatus.PILOT,
            by=by,
            actors={SYSTEM},
            table=ALLIANCE_TRANSITIONS,
            history=AllianceStatusChange,
            action=actions.ALLIANCE_STATUS_CHANGED,
            data={"from": old, "to": AllianceStatus.PILOT, "comment": comment.strip(), **(decision or {})},
            comment=comment.strip(),
            at=now,
            invalid=_(
                "%(alliance)s is “%(status)s”, not “Established”: only an established alliance can become a "
                "pilot."
            )
            % {"alliance": obj.code, "status": obj.get_status_display()},
        )
    return obj
