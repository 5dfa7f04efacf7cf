"""Calls for pilots: the national office drafts a call, opens it, closes it (Art. 7); a provincial
department does the same for its own province's calls (``Call.scope``, Art. 12)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import DomainError, InvalidTransition, full_clean
from itisa.core.regions import Province
from itisa.core.values import strip_text
from itisa.pilots import actions
from itisa.pilots.choices import DEFAULT_MATERIALS, DEFAULT_RUBRIC, CallScope, CallStatus
from itisa.pilots.models import Call
from itisa.pilots.permissions import CALL_FROZEN, can_create_call, can_manage_call
from itisa.pilots.services._common import require
from itisa.pilots.services.inputs import CallInput
from itisa.pilots.workflows import CALL_TRANSITIONS, OFFICE

if TYPE_CHECKING:
    from itisa.accounts.models import User

CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def _rule_sets() -> dict[str, Any]:
    from itisa.pilots.eligibility import RULE_SETS

    return RULE_SETS


def item_problems(item: dict[str, Any], *, weighted: bool, seen: set[str]) -> dict[str, str]:
    """The problems of one checklist or rubric item, by column (``code``, ``label_zh``, ``label_en``,
    ``weight``); ``seen`` holds the codes of the items before it and gets this one's."""
    problems: dict[str, str] = {}
    code = str(item.get("code", ""))
    if not CODE.fullmatch(code):
        problems["code"] = _("“%(code)s” is not a valid code (lower-case letters, digits, underscores).") % {
            "code": code
        }
    elif code in seen:
        problems["code"] = _("The code “%(code)s” is used twice.") % {"code": code}
    seen.add(code)
    for label in ("label_zh", "label_en"):
        if not str(item.get(label) or "").strip():
            problems[label] = _("This field is required.")
    if weighted:
        weight = item.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
            problems["weight"] = _("The weight of “%(code)s” must be a whole number from 1 to 100.") % {
                "code": code
            }
    return problems


def weights_problem(items: list[dict[str, Any]]) -> str:
    """Why a rubric's weights are refused (they must add up to 100), or ``""``."""
    total = sum(int(i["weight"]) for i in items)
    return (
        _("The weights add up to %(sum)s; they must add up to 100.") % {"sum": total} if total != 100 else ""
    )


def _check_items(items: Any, *, weighted: bool) -> list[str]:
    """Problems of a materials checklist or a rubric: stable codes, both labels, weights summing to 100."""
    problems: list[str] = []
    if not isinstance(items, list) or not items:
        return [_("Give at least one item.")]
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            return [_("Each item needs a code and labels in Chinese and English.")]
        found = item_problems(item, weighted=weighted, seen=seen)
        problems += [found["code"]] if "code" in found else []
        if "label_zh" in found or "label_en" in found:
            problems.append(
                _("“%(code)s” needs labels in Chinese and English.") % {"code": str(item.get("code", ""))}
            )
        problems += [found["weight"]] if "weight" in found else []
    if weighted and not problems and (problem := weights_problem(items)):
        problems.append(problem)
    return problems


def _clean(data: CallInput) -> dict[str, Any]:
    """Check a whole call and return its values normalised; refuse with field errors."""
    materials = data.materials or copy.deepcopy(DEFAULT_MATERIALS)
    rubric = data.rubric or copy.deepcopy(DEFAULT_RUBRIC)
    errors: dict[str, list[str]] = {}
    scope, province = data.scope or CallScope.NATIONAL, data.province
    if scope not in CallScope.values:
        errors["scope"] = [_("Choose the national pilot program or a provincial programme.")]
    elif scope == CallScope.NATIONAL and province:
        errors["province"] = [_("A national call has no province.")]
    elif scope == CallScope.PROVINCIAL and province not in Province.values:
        errors["province"] = [_("Choose the province whose programme this call belongs to.")]
    if scope == CallScope.PROVINCIAL and data.max_cultivation is None:
        # a provincial call recognises alliances; it has no cultivation list
        data = data.model_copy(update={"max_cultivation": 0})
    if scope == CallScope.PROVINCIAL and data.max_cultivation:
        errors["max_cultivation"] = [_("A provincial call recognises alliances; it has no cultivation list.")]
    title = strip_text(data.title_zh)
    if not title:
        errors["title_zh"] = [_("This field is required.")]
    opens_on, closes_on = data.opens_on, data.closes_on
    for field, value in (("opens_on", opens_on), ("closes_on", closes_on)):
        if not isinstance(value, dt.date):
            errors[field] = [_("Give a date.")]
    if isinstance(opens_on, dt.date) and isinstance(closes_on, dt.date) and closes_on < opens_on:
        errors["closes_on"] = [_("The call must close on or after the day it opens.")]
    rules = data.rules
    if rules not in _rule_sets():
        errors["rules"] = [
            _("Unknown rule set “%(rules)s”; choose one of %(known)s.")
            % {"rules": rules, "known": ", ".join(sorted(_rule_sets()))}
        ]
    for field in ("max_pilots", "max_cultivation"):
        value = getattr(data, field)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[field] = [_("Give a whole number, zero or more.")]
    if problems := _check_items(materials, weighted=False):
        errors["materials"] = problems
    if problems := _check_items(rubric, weighted=True):
        errors["rubric"] = problems
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    return {
        "scope": scope,
        "province": province,
        "recommendation_required": bool(data.recommendation_required),
        "title_zh": title,
        "title_en": strip_text(data.title_en),
        "opens_on": opens_on,
        "closes_on": closes_on,
        "rules": rules,
        "materials": [
            {"code": m["code"], "label_zh": m["label_zh"], "label_en": m["label_en"]} for m in materials
        ],
        "max_pilots": data.max_pilots,
        "max_cultivation": data.max_cultivation,
        "rubric": [
            {"code": c["code"], "label_zh": c["label_zh"], "label_en": c["label_en"], "weight": c["weight"]}
            for c in rubric
        ],
    }


def _audit_values(call: Call) -> dict[str, Any]:
    # a national call's entries keep their shape; a provincial call's also name its province
    provincial = (
        {"scope": call.scope, "province": call.province} if call.scope == CallScope.PROVINCIAL else {}
    )
    required = {"recommendation_required": True} if call.recommendation_required else {}
    return (
        provincial
        | required
        | {
            "title_zh": call.title_zh,
            "title_en": call.title_en,
            "opens_on": call.opens_on.isoformat(),
            "closes_on": call.closes_on.isoformat(),
            "rules": call.rules,
            "max_pilots": call.max_pilots,
            "max_cultivation": call.max_cultivation,
            "materials": [m["code"] for m in call.materials],
            "rubric": {c["code"]: c["weight"] for c in call.rubric},
        }
    )


def call_create(*, by: User, data: CallInput, is_demo: bool = False) -> Call:
    """Draft a call: its programme (national by default, or a province's), title, window, rule set,
    materials checklist (default list unless given), maxima of pilots and cultivation alliances (of
    recognised alliances for a provincial call), whether a recommendation is required, and the scoring
    rubric (default unless given). The national office drafts national calls; a provincial department
    its own province's."""
    require(can_create_call(by, scope=data.scope or CallScope.NATIONAL, province=data.province))
    call = Call(**_clean(data), created_by=by, is_demo=is_demo)
    full_clean(call)
    with transaction.atomic():
        call.save()
        audit = _audit_values(call)
        del audit["title_en"]
        log_action(call, actions.CALL_CREATED, by=by, data=audit)
    return call


EDITABLE_FIELDS = (
    "title_zh", "title_en", "opens_on", "closes_on", "rules", "materials", "max_pilots", "max_cultivation",
    "rubric", "recommendation_required",
)  # fmt: skip
# whose call it is never changes: another programme is another call
FIXED_FIELDS = ("scope", "province")


def call_update(*, by: User, call: Call, data: CallInput) -> Call:
    """Change a draft call: the fields given replace the current ones and the whole call is checked again.
    Refused once the call is open: alliances apply against what it said when it opened. Its programme
    (scope and province) is never changed."""
    require(can_manage_call(by, call))
    with transaction.atomic():
        obj = locked_call(call)
        if obj.status != CallStatus.DRAFT:
            raise InvalidTransition(CALL_FROZEN)
        before = _audit_values(obj)
        current = {f: getattr(obj, f) for f in EDITABLE_FIELDS}
        fixed = {f: getattr(obj, f) for f in FIXED_FIELDS}
        clean = _clean(CallInput(**{**current, **data.given(), **fixed}))
        changed = [f for f in EDITABLE_FIELDS if clean[f] != current[f]]
        if not changed:
            return obj
        for field in changed:
            setattr(obj, field, clean[field])
        full_clean(obj)
        obj.save(update_fields=[*changed, "updated_at"])
        after = _audit_values(obj)
        log_action(
            obj,
            actions.CALL_UPDATED,
            by=by,
            # a key present on one side only (recommendation_required is logged only when set) is None on the other
            data={
                k: {"from": before.get(k), "to": after.get(k)}
                for k in [*after, *(k for k in before if k not in after)]
                if after.get(k) != before.get(k)
            },
        )
    return obj


def locked_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _cannot(call: Call, target: str) -> str:
    return _("A call that is “%(status)s” cannot move to “%(target)s”.") % {
        "status": call.get_status_display(),
        "target": CallStatus(target).label,
    }


def check_call_move(call: Call, target: str) -> None:
    CALL_TRANSITIONS.check(call.status, target, {OFFICE}, invalid=_cannot(call, target))


def move_call(
    call: Call,
    target: str,
    *,
    by: User,
    action: str = actions.CALL_MOVED,
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> Call:
    """Move a locked call along ``CALL_TRANSITIONS`` (the caller has checked ``can_manage_call``)."""
    move(
        call,
        target,
        by=by,
        actors={OFFICE},
        table=CALL_TRANSITIONS,
        action=action,
        data={"from": call.status, "to": target, **(data or {})},
        fields=fields,
        invalid=_cannot(call, target),
    )
    return call


def _move_call(*, by: User, call: Call, target: str) -> Call:
    require(can_manage_call(by, call))
    with transaction.atomic():
        obj = locked_call(call)
        move_call(obj, target, by=by)
    return obj


def call_open(*, by: User, call: Call) -> Call:
    """Open a drafted call: secretariats may apply between its opening and closing dates."""
    return _move_call(by=by, call=call, target=CallStatus.OPEN)


def call_close(*, by: User, call: Call) -> Call:
    """Close the call to new applications (those started and not submitted stay drafts)."""
    return _move_call(by=by, call=call, target=CallStatus.CLOSED)


def call_today() -> dt.date:
    return timezone.localdate()
