"""Writes of the rating schemes: create a year's scheme, copy an earlier year's, edit a draft. A scheme in
use by a campaign is fixed (the database refuses any change; ``campaign_open`` fixes it)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.indicators import indicators
from itisa.core.values import is_blank, strip_text
from itisa.rating import actions
from itisa.rating.choices import SchemeStatus
from itisa.rating.models import Scheme
from itisa.rating.permissions import can_manage_rating
from itisa.rating.rules import definition_problems, digest


def _require(by: Any) -> None:
    decision = can_manage_rating(by)
    if not decision:
        raise PermissionDenied(decision.reason)


def parse_definition(raw: Any) -> Any:
    """A definition given as JSON text (a form, the CLI) or as data (the API); Decimals stay text."""
    if isinstance(raw, str):
        try:
            return json.loads(raw, parse_float=str, parse_int=str)
        except json.JSONDecodeError as exc:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"definition": [_("Not valid JSON: %(error)s") % {"error": exc.msg}]},
            ) from exc
    return raw


def _normalise(definition: Any) -> Any:
    """Weights, floors, targets and lower bounds written as Decimal text (canonical form)."""
    for dim in definition["dimensions"]:
        dim["weight"] = str(dim["weight"])
        dim.setdefault("name_en", "")
        for item in dim["indicators"]:
            for key in ("weight", "floor", "target"):
                item[key] = str(item.get(key, "0"))
    for band in definition["bands"]:
        band["lower"] = str(band["lower"])
        band.setdefault("name_en", "")
    return definition


def _check(year: int, title: str, definition: Any) -> Any:
    errors: dict[str, list[str]] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = [_("Give a year from 2000 to 2100.")]
    if is_blank(title) or len(strip_text(title)) > 200:
        errors["title"] = [_("Give a title of at most 200 characters.")]
    problems = definition_problems(definition, {i.code for i in indicators()})
    if problems:
        errors["definition"] = problems
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    return _normalise(definition)


def scheme_create(
    *, by: Any, year: int, title: str, definition: Any, copied_from: Scheme | None = None,
    now: dt.datetime | None = None,
) -> Scheme:  # fmt: skip
    """Create a year's draft scheme (one per year). Weights must sum to 100; indicators must exist."""
    now = now or timezone.now()
    _require(by)
    with transaction.atomic():
        definition = _check(year, title, parse_definition(definition))
        if Scheme.objects.filter(year=year).exists():
            raise DomainError(
                _("Please correct the errors below."),
                fields={"year": [_("The year already has a scheme; edit it while it is a draft.")]},
            )
        scheme = Scheme(year=year, title=strip_text(title), definition=definition, sha256=digest(definition),
                        copied_from=copied_from, by=by, created_at=now, updated_at=now)  # fmt: skip
        scheme.full_clean()
        scheme.save()
        log_action(scheme, actions.SCHEME_SAVED, by=by, data={
            "year": year, "sha256": scheme.sha256, "copied_from": copied_from.year if copied_from else None,
        })  # fmt: skip
        return scheme


def scheme_copy(*, by: Any, source: Scheme, year: int, now: dt.datetime | None = None) -> Scheme:
    """A new year's draft scheme copied from an earlier one, to be edited before use."""
    title = source.title.replace(str(source.year), str(year))
    return scheme_create(
        by=by, year=year, title=title, definition=source.definition, copied_from=source, now=now
    )


def scheme_update(
    *, by: Any, scheme: Scheme, title: str, definition: Any, now: dt.datetime | None = None
) -> Scheme:
    """Edit a draft scheme; a scheme in use is never changed (store each year's scheme, never overwrite)."""
    now = now or timezone.now()
    _require(by)
    with transaction.atomic():
        locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if locked.status != SchemeStatus.DRAFT:
            raise DomainError(
                _("A campaign uses this scheme: it can no longer be changed. Copy it to a new year.")
            )
        definition = _check(locked.year, title, parse_definition(definition))
        locked.title, locked.definition, locked.sha256 = strip_text(title), definition, digest(definition)
        locked.updated_at = now
        locked.save(update_fields=["title", "definition", "sha256", "updated_at"])
        log_action(locked, actions.SCHEME_SAVED, by=by,
                   data={"year": locked.year, "sha256": locked.sha256})  # fmt: skip
        return locked
