"""Rules of projects as pure functions (no ORM), each with where it comes from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


def period_problems(starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, list[str]]:
    """A project runs for a period that ends on or after its first day."""
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("This field is required.")]
    if ends_on is None:
        errors["ends_on"] = [_("This field is required.")]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The project ends before it starts.")]
    return errors


def milestone_problems(
    starts_on: dt.date | None, due_on: dt.date | None, project_start: dt.date, project_end: dt.date
) -> dict[str, list[str]]:
    """A milestone lies within the project's period and is due on or after its first day."""
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("This field is required.")]
    if due_on is None:
        errors["due_on"] = [_("This field is required.")]
    if starts_on and due_on:
        if due_on < starts_on:
            errors["due_on"] = [_("The milestone is due before it starts.")]
        elif starts_on < project_start or due_on > project_end:
            errors["due_on"] = [_("A milestone lies within the project's period.")]
    return errors


def conflict_reasons(
    *,
    expert_org_id: int | None,
    expert_org_name: str,
    expert_user_org_ids: Iterable[int],
    participant_org_ids: Iterable[int],
    expert_is_insider: bool = False,
) -> list[str]:
    """Why an expert may not review a project (empty when impartial): the expert works for a
    participating organisation, or acts for one (its contact or legal representative), or holds one of
    the alliance's own roles that run or approve its projects and read every opinion (secretariat,
    council, fund supervisor: ``expert_is_insider``). The pilot program's rule
    (``pilots.selectors.conflicts_with``: members, seats and the alliance's role holders) applied to the
    project: its participants stand for the alliance's members."""
    participants = set(participant_org_ids)
    reasons = []
    if expert_org_id is not None and expert_org_id in participants:
        reasons.append(
            _("the expert's organisation %(org)s takes part in the project") % {"org": expert_org_name}
        )
    if participants.intersection(expert_user_org_ids):
        reasons.append(_("the expert acts for an organisation that takes part in the project"))
    if expert_is_insider:
        reasons.append(_("the expert holds a role in the alliance that runs or approves its projects"))
    return reasons


@dataclass(frozen=True)
class AcceptanceOutcome:
    passed: bool
    reason: str


def acceptance_outcome(verdicts: list[str | None]) -> AcceptanceOutcome:
    """The acceptance review (验收) passes when every assigned expert has given an opinion and more than
    half of them pass the project. ``verdicts`` has one item per assignment (None: no opinion yet)."""
    if not verdicts:
        return AcceptanceOutcome(False, _("No expert is assigned to the acceptance review."))
    missing = sum(1 for v in verdicts if v is None)
    if missing:
        return AcceptanceOutcome(False, _("%(n)s expert opinions are still awaited.") % {"n": missing})
    passes = sum(1 for v in verdicts if v == "pass")
    if passes * 2 > len(verdicts):
        return AcceptanceOutcome(
            True,
            _("%(passes)s of %(n)s experts passed the project.") % {"passes": passes, "n": len(verdicts)},
        )
    return AcceptanceOutcome(
        False,
        _("Only %(passes)s of %(n)s experts passed the project.") % {"passes": passes, "n": len(verdicts)},
    )
