"""Cross-checks of the dossier section ``standards`` (1.6) on the raw JSON, each problem with its path.

They run also when the shape is wrong elsewhere, so every value is read defensively. The rules are the
standards app's own: the published number's shape by level (``rules.published_number_problem``), what a
declaration says (``rules.declaration_problems``), the stage workflow (``workflows.STAGE_TRANSITIONS``);
and the references: drafting members are members (in ``memberships``), one of them the lead; declarants
are drafting members; a correction names an earlier declaration of the same member; the project and the
results are in the dossier; a round's motion is one of the bodies' motions.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.base import Problem, json_path, raw_items, raw_str
from itisa.dossier.governance_checks import not_among
from itisa.standards.choices import DraftingRole, Stage
from itisa.standards.rules import declaration_problems, published_number_problem
from itisa.standards.workflows import STAGE_TRANSITIONS

Loc = tuple[int | str, ...]


def standard_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Problems of every standard of the dossier."""
    members = {raw_str(m, "organisation") for _i, m in raw_items(data, "memberships")}
    projects = {raw_str(p, "code") for _i, p in raw_items(data, "projects")}
    results = {raw_str(r, "code") for _i, r in raw_items(data, "results")}
    motions = {
        (raw_str(b, "name_zh"), m.get("number"))
        for _i, b in raw_items(data, "bodies")
        for _k, m in raw_items(b, "motions")
    }
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in raw_items(data, "standards"):

        def add(loc: Loc, message: str, i: int = i) -> None:
            problems.append(Problem(json_path(("standards", i, *loc)), message))

        code = raw_str(item, "code")
        if code in seen:
            add(("code",), _("Another standard of the dossier has this code."))
        seen.add(code)
        project = item.get("project")
        if isinstance(project, str) and project not in projects:
            add(("project",), _("No project %(code)s in the dossier.") % {"code": project})
        for k, result in enumerate(item.get("results") or []):
            if isinstance(result, str) and result not in results:
                add(("results", k), _("No result %(code)s in the dossier.") % {"code": result})
        number, level = raw_str(item, "published_number"), raw_str(item, "level")
        if number and level:
            problem = published_number_problem(level, number)
            if problem:
                add(("published_number",), problem)
        if raw_str(item, "stage") == Stage.PUBLISHED and not number:
            add(("published_number",), _("A published standard has its number."))
        drafters = _drafter_problems(item, usccs, members, add)
        _history_problems(item, add)
        _round_problems(item, drafters, motions, add)
    return problems


def _drafter_problems(item: dict[str, Any], usccs: set[str], members: set[str], add: Any) -> set[str]:
    drafters: set[str] = set()
    leads = 0
    for k, m in raw_items(item, "drafting_members"):
        org = raw_str(m, "organisation")
        if org not in usccs:
            add(("drafting_members", k, "organisation"), not_among(org))
        elif org not in members:
            add(("drafting_members", k, "organisation"),
                _("The organisation %(uscc)s is not a member of the alliance in this dossier.") % {"uscc": org})  # fmt: skip
        if org in drafters:
            add(("drafting_members", k, "organisation"), _("Already a drafting member."))
        drafters.add(org)
        leads += raw_str(m, "role") == DraftingRole.LEAD
    if leads != 1:
        add(("drafting_members",), _("A standard has exactly one lead drafter."))
    return drafters


def _history_problems(item: dict[str, Any], add: Any) -> None:
    rows = raw_items(item, "stage_history")
    previous = ""
    for k, h in rows:
        old, new = raw_str(h, "old_status"), raw_str(h, "new_status")
        if k == 0:
            if old or new != Stage.PROPOSAL:
                add(("stage_history", 0), _("A standard's history starts with its proposal."))
        elif old != previous or not STAGE_TRANSITIONS.is_move(old, new):
            add(("stage_history", k), _("This stage change does not follow the one before it."))
        previous = new
    if rows and previous != raw_str(item, "stage"):
        add(("stage",), _("The stage is not the one its history ends with."))


def _round_problems(
    item: dict[str, Any], drafters: set[str], motions: set[tuple[str, Any]], add: Any
) -> None:
    open_rounds = 0
    for k, r in raw_items(item, "rounds"):
        open_rounds += raw_str(r, "outcome") == "open"
        motion = r.get("motion")
        if isinstance(motion, dict) and (raw_str(motion, "body"), motion.get("number")) not in motions:
            add(("rounds", k, "motion"), _("No motion %(number)s of %(body)s in the dossier.")
                % {"number": motion.get("number"), "body": raw_str(motion, "body")})  # fmt: skip
        declared: list[str] = []
        for j, d in raw_items(r, "declarations"):
            loc: Loc = ("rounds", k, "declarations", j)
            org = raw_str(d, "organisation")
            if org not in drafters:
                add((*loc, "organisation"), _("Choose a drafting member of the standard."))
            raw = d.get("patents")
            patents = raw if isinstance(raw, list) else []
            holds = d.get("holds_essential") is True
            for field, messages in declaration_problems(
                holds_essential=holds, patents=[p for p in patents if isinstance(p, str)],
                position=raw_str(d, "licensing"),
            ).items():  # fmt: skip
                for message in messages:
                    add((*loc, field), message)
            earlier = d.get("supersedes")
            if isinstance(earlier, int) and not (0 <= earlier < j and declared[earlier] == org):
                add(
                    (*loc, "supersedes"),
                    _("A correction supersedes an earlier declaration of the same member."),
                )
            declared.append(org)
    if open_rounds > 1:
        add(("rounds",), _("A standard has at most one open round."))
