"""Cross-checks of the dossier section ``projects`` (1.5) on the raw JSON, each problem with its path.

They run also when the shape is wrong elsewhere, so every value is read defensively; a value of the
wrong type is the shape check's problem and is skipped here. The rules are the projects app's own: its
transition table (``workflows.PROJECT_TRANSITIONS``), the period and milestone rules (``rules``), the
evidence kinds and size the milestone service accepts, the conflict-of-interest rule and the acceptance
outcome (``rules.conflict_reasons``, ``rules.acceptance_outcome``).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.base import Problem, json_path, raw_date, raw_datetime, raw_dict, raw_items, raw_str
from itisa.dossier.governance_checks import not_among, status_problem
from itisa.pilots.dossier.checks import decode
from itisa.projects.choices import FundingKind, MilestoneStatus, ProjectStatus, ReviewKind
from itisa.projects.rules import acceptance_outcome, conflict_reasons, milestone_problems
from itisa.projects.services.milestones import EVIDENCE_KINDS, EVIDENCE_MAX_BYTES
from itisa.projects.workflows import PROJECT_TRANSITIONS

Loc = tuple[int | str, ...]
P = ProjectStatus
# a project in these statuses was approved by the deciding body (or is being voted on): it names the motion
VOTED = (P.VOTING, P.APPROVED, P.RUNNING, P.ACCEPTANCE, P.CLOSED)


def _amount(item: dict[str, Any], key: str) -> Decimal | None:
    try:
        return Decimal(raw_str(item, key))
    except InvalidOperation:
        return None


def _agreement_goals(data: dict[str, Any]) -> dict[int, set[str]]:
    """The goals (``content.goals[].title_zh``) of each agreement version of the dossier, by number."""
    goals: dict[int, set[str]] = {}
    for _i, version in raw_items(data, "agreements"):
        number = version.get("number")
        if isinstance(number, int):
            content = raw_dict(version, "content")
            goals[number] = {raw_str(g, "title_zh") for _k, g in raw_items(content, "goals")}
    return goals


def _motions(data: dict[str, Any]) -> set[tuple[str, int]]:
    return {
        (raw_str(body, "name_zh"), motion["number"])
        for _i, body in raw_items(data, "bodies")
        for _k, motion in raw_items(body, "motions")
        if isinstance(motion.get("number"), int)
    }


class _Check:
    """The checks of one project."""

    def __init__(self, i: int, project: dict[str, Any], data: dict[str, Any], usccs: set[str]) -> None:
        self.loc: Loc = ("projects", i)
        self.project = project
        self.data = data
        self.usccs = usccs
        self.participants = {raw_str(p, "organisation") for _k, p in raw_items(project, "participants")}
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(json_path((*self.loc, *loc)), message))

    def run(self) -> list[Problem]:
        self._project()
        self._history()
        self._goals()
        self._participants()
        self._funding()
        self._milestones()
        self._reviews()
        return self.problems

    # ------------------------------------------------------------ the project and its history

    def _project(self) -> None:
        project = self.project
        start, end = raw_date(project, "starts_on"), raw_date(project, "ends_on")
        if start and end and end < start:
            self.add(("ends_on",), _("The project ends before it starts."))
        lead = project.get("lead")
        if isinstance(lead, str):
            if lead not in self.usccs:
                self.add(("lead",), not_among(lead))
            if lead not in self.participants:
                self.add(("lead",), _("The lead member is one of the participants."))
        agreement = project.get("agreement")
        if isinstance(agreement, int) and agreement not in _agreement_goals(self.data):
            self.add(
                ("agreement",), _("No agreement version %(number)s in the dossier.") % {"number": agreement}
            )
        motion = project.get("motion")
        if isinstance(motion, dict) and isinstance(motion.get("number"), int):
            ref = (raw_str(motion, "body"), motion["number"])
            if ref not in _motions(self.data):
                self.add(
                    ("motion",),
                    _("No motion %(number)s of %(body)s in the dossier.")
                    % {"number": ref[1], "body": ref[0]},
                )
        if raw_str(project, "status") in VOTED and motion is None:
            self.add(("motion",), _("A project put to the vote names the deciding body's motion."))

    def _history(self) -> None:
        rows = [
            (at, k, change)
            for k, change in raw_items(self.project, "status_history")
            if (at := raw_datetime(change, "at")) is not None
        ]
        seen: set[tuple[Any, str]] = set()
        previous: str | None = None
        for at, k, change in sorted(rows, key=lambda row: (row[0], row[1])):
            new, old = raw_str(change, "new_status"), change.get("old_status")
            if (at, new) in seen:
                self.add(("status_history", k), _("The same status change appears twice."))
            seen.add((at, new))
            if old != previous:
                self.add(
                    ("status_history", k),
                    _("This status change does not follow the one before it (%(status)s).")
                    % {"status": previous or "—"},
                )
            elif old is not None and not PROJECT_TRANSITIONS.is_move(old, new):
                self.add(
                    ("status_history", k),
                    _("A project cannot move from %(old)s to %(new)s.") % {"old": old, "new": new},
                )
            if old is None and new != P.PROPOSED:
                self.add(("status_history", k), _("A project starts as proposed."))
            previous = new
        self.problems += status_problem(self.project, self.loc)

    # ------------------------------------------------------------ the plan

    def _goals(self) -> None:
        agreement = self.project.get("agreement")
        goals = _agreement_goals(self.data).get(agreement) if isinstance(agreement, int) else None
        seen: set[str] = set()
        for k, goal in raw_items(self.project, "goals"):
            title, served = raw_str(goal, "title_zh"), raw_str(goal, "agreement_goal")
            if title in seen:
                self.add(("goals", k, "title_zh"), _("The goal %(title)s appears twice.") % {"title": title})
            seen.add(title)
            if served and (goals is None or served not in goals):
                self.add(
                    ("goals", k, "agreement_goal"), _("Choose a goal of the alliance's effective agreement.")
                )

    def _participants(self) -> None:
        seen: set[str] = set()
        for k, participant in raw_items(self.project, "participants"):
            org = raw_str(participant, "organisation")
            if org and org not in self.usccs:
                self.add(("participants", k, "organisation"), not_among(org))
            if org in seen:
                self.add(
                    ("participants", k, "organisation"),
                    _("%(org)s already takes part in the project.") % {"org": org},
                )
            seen.add(org)

    def _funding(self) -> None:
        section = self.data.get("funds")
        funds = (
            {raw_str(f, "name_zh") for _k, f in raw_items(section, "funds")}
            if isinstance(section, dict)
            else None
        )
        seen: set[str] = set()
        for k, source in raw_items(self.project, "funding"):
            loc: Loc = ("funding", k)
            fund, kind, org = raw_str(source, "fund"), raw_str(source, "kind"), source.get("organisation")
            if fund in seen:
                self.add((*loc, "fund"), _("The fund already finances this project."))
            seen.add(fund)
            if fund and (funds is None or fund not in funds):
                self.add((*loc, "fund"), _("The fund %(name)s is not among the funds.") % {"name": fund})
            amount = _amount(source, "amount")
            if amount is not None and amount <= 0:
                self.add((*loc, "amount"), _("A funding source brings more than nothing."))
            if kind == FundingKind.OWN_FUNDS:
                if not isinstance(org, str):
                    self.add((*loc, "organisation"), _("Members' own funds name the member."))
                elif org not in self.usccs:
                    self.add((*loc, "organisation"), not_among(org))
            elif kind in FundingKind.values and org is not None:
                self.add((*loc, "organisation"), _("Only members' own funds name a member."))

    # ------------------------------------------------------------ milestones and evidence

    def _milestones(self) -> None:
        start, end = raw_date(self.project, "starts_on"), raw_date(self.project, "ends_on")
        seen: set[tuple[str, Any]] = set()
        for k, milestone in raw_items(self.project, "milestones"):
            loc: Loc = ("milestones", k)
            first, due = raw_date(milestone, "starts_on"), raw_date(milestone, "due_on")
            key = (raw_str(milestone, "title_zh"), due)
            if due is not None and key in seen:
                self.add(loc, _("The same milestone appears twice."))
            seen.add(key)
            if start and end and first and due:
                for field, messages in milestone_problems(first, due, start, end).items():
                    self.problems += [Problem(json_path((*self.loc, *loc, field)), m) for m in messages]
            status, done_on = raw_str(milestone, "status"), raw_date(milestone, "done_on")
            if (status == MilestoneStatus.DONE) != (milestone.get("done_on") is not None):
                self.add((*loc, "done_on"), _("A milestone done, and only one, gives the day it was done."))
            if done_on and first and done_on < first:
                self.add((*loc, "done_on"), _("A milestone is done on or after its first day."))
            evidence = raw_items(milestone, "evidence")
            if status == MilestoneStatus.DONE and not evidence:
                self.add(
                    (*loc, "evidence"), _("Attach the evidence first: a milestone is done when it is shown.")
                )
            digests: set[str] = set()
            for n, item in evidence:
                self._evidence((*loc, "evidence", n), item, digests)

    def _evidence(self, loc: Loc, item: dict[str, Any], digests: set[str]) -> None:
        """The content decodes, is of a kind the milestone service accepts (by its first bytes), at most
        10 MB, of the stated type, size and SHA-256, and attached once."""
        data = decode(item.get("content"))
        if data is None or not data:
            self.add((*loc, "content"), _("The content is not valid base64."))
            return
        kind = next((ctype for magic, ctype, _ext in EVIDENCE_KINDS if data.startswith(magic)), None)
        if kind is None:
            self.add((*loc, "content"), _("Only PDF, JPEG and PNG files are accepted."))
        elif raw_str(item, "content_type") and kind != raw_str(item, "content_type"):
            self.add((*loc, "content_type"), _("The content is of the type %(type)s.") % {"type": kind})
        if len(data) > EVIDENCE_MAX_BYTES:
            self.add((*loc, "content"), _("The file is larger than 10 MB."))
        size = item.get("size")
        if isinstance(size, int) and not isinstance(size, bool) and size != len(data):
            self.add(
                (*loc, "size"),
                _("The content has %(actual)s bytes, not %(size)s.") % {"actual": len(data), "size": size},
            )
        digest = hashlib.sha256(data).hexdigest()
        if raw_str(item, "sha256") != digest:
            self.add((*loc, "sha256"), _("The SHA-256 of the content is %(digest)s.") % {"digest": digest})
        if digest in digests:
            self.add(loc, _("This file is already attached to the milestone."))
        digests.add(digest)

    # ------------------------------------------------------------ reviews

    def _reviews(self) -> None:
        # the rule compares ids; organisations are named here by credit code, numbered for it
        ids = {code: n for n, code in enumerate(sorted(self.participants | self.usccs))}
        participant_ids = [ids[code] for code in self.participants]
        seen: set[tuple[str, Any]] = set()
        latest_acceptance: tuple[Any, bool] | None = None
        for k, review in raw_items(self.project, "reviews"):
            loc: Loc = ("reviews", k)
            opened = raw_datetime(review, "opened_at")
            key = (raw_str(review, "kind"), opened)
            if opened is not None and key in seen:
                self.add(loc, _("The same review appears twice."))
            seen.add(key)
            experts: set[tuple[str, Any]] = set()
            verdicts: list[str | None] = []
            for n, assignment in raw_items(review, "assignments"):
                expert = raw_dict(assignment, "expert")
                org = expert.get("organisation")
                where: Loc = (*loc, "assignments", n, "expert")
                if isinstance(org, str) and org not in self.usccs:
                    self.add((*where, "organisation"), not_among(org))
                name = raw_str(expert, "name")
                if (name, org) in experts:
                    self.add(where, _("%(name)s is already assigned to this review.") % {"name": name})
                experts.add((name, org))
                reasons = conflict_reasons(
                    expert_org_id=ids.get(org) if isinstance(org, str) else None,
                    expert_org_name=org if isinstance(org, str) else "",
                    expert_user_org_ids=[],
                    participant_org_ids=participant_ids,
                )
                if reasons:
                    self.add(
                        where,
                        _("%(name)s has a conflict of interest: %(reasons)s.")
                        % {"name": name, "reasons": "; ".join(reasons)},
                    )
                opinion = assignment.get("opinion")
                verdicts.append(raw_str(opinion, "verdict") if isinstance(opinion, dict) else None)
            outcome = acceptance_outcome(verdicts)
            passed = review.get("passed")
            if isinstance(passed, bool) and passed != outcome.passed:
                self.add((*loc, "passed"), outcome.reason)
            later = latest_acceptance is None or (opened is not None and opened > latest_acceptance[0])
            if key[0] == ReviewKind.ACCEPTANCE and opened is not None and later:
                latest_acceptance = (opened, outcome.passed)
        if raw_str(self.project, "status") == P.CLOSED and not (latest_acceptance and latest_acceptance[1]):
            self.add(("status",), _("A project closes once its acceptance review has passed."))


def project_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Projects: codes unique; the period, the lead member among the participants, the agreement and the
    motion found in the dossier; a history that follows the project workflow and ends in the status;
    goals serving the agreement's goals; participants and funds once each, funds among ``funds``, own
    funds naming the member; milestones within the period, done with evidence, evidence verified (kind,
    size, SHA-256); reviews unique, experts without a conflict of interest, the outcome their opinions
    give, and a closed project's last acceptance review passed."""
    problems: list[Problem] = []
    codes: set[str] = set()
    for i, project in raw_items(data, "projects"):
        code = raw_str(project, "code")
        if code and code in codes:
            problems.append(
                Problem(
                    json_path(("projects", i, "code")),
                    _("The project %(code)s appears twice.") % {"code": code},
                )
            )
        codes.add(code)
        problems += _Check(i, project, data, usccs).run()
    return problems
