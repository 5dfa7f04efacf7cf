"""Cross-checks of the dossier sections ``results`` and ``background_ip`` (1.5) on the raw JSON, each
problem with its path.

They run also when the shape is wrong elsewhere, so every value is read defensively; a value of the
wrong type is the shape check's problem and is skipped here. The rules are the results app's own:
shares (``rules.share_problems``), CNIPA numbers with their check character (``rules.number_problem``),
the statuses a kind is registered in and the dates a status needs (``rules.initial_statuses``,
``rules.date_problems``), the result workflow (``workflows.RESULT_TRANSITIONS``); and the references:
contributors and owners are members (in ``memberships``), the project is in ``projects`` and the
funding sources are that project's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.base import Problem, json_path, raw_date, raw_datetime, raw_items, raw_str
from itisa.dossier.governance_checks import not_among, status_problem
from itisa.projects.choices import FundingKind
from itisa.results.choices import OwnershipBasis, ResultStatus
from itisa.results.rules import date_problems, initial_statuses, number_problem, share_problems
from itisa.results.workflows import RESULT_TRANSITIONS

Loc = tuple[int | str, ...]


def _members(data: dict[str, Any]) -> set[str]:
    """Credit codes with a membership of the alliance in the dossier (current or past)."""
    return {raw_str(m, "organisation") for _i, m in raw_items(data, "memberships")}


def _projects(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The dossier's projects by code: their funding sources' kinds by fund name."""
    return {
        raw_str(p, "code"): {raw_str(f, "fund"): raw_str(f, "kind") for _k, f in raw_items(p, "funding")}
        for _i, p in raw_items(data, "projects")
    }


def _not_member(uscc: str) -> str:
    return _("The organisation %(uscc)s is not a member of the alliance in this dossier.") % {"uscc": uscc}


class _Check:
    """The checks of one result."""

    def __init__(self, i: int, result: dict[str, Any], data: dict[str, Any], usccs: set[str]) -> None:
        self.loc: Loc = ("results", i)
        self.result = result
        self.data = data
        self.usccs = usccs
        self.members = _members(data)
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(json_path((*self.loc, *loc)), message))

    def run(self) -> list[Problem]:
        self._number_and_dates()
        self._history()
        self._project()
        self._contributions()
        self._inventors()
        self._ownership()
        return self.problems

    def _number_and_dates(self) -> None:
        result = self.result
        kind, number = raw_str(result, "kind"), result.get("number", "")
        if isinstance(number, str) and kind:
            try:
                canonical, problem = number_problem(kind, number)
            except ValueError:  # an unknown kind: the schema's problem
                canonical, problem = number, None
            if problem:
                self.add(("number",), problem)
            elif canonical != number:
                self.add(("number",), _("Write the number as %(number)s.") % {"number": canonical})
        status = raw_str(result, "status")
        if status and kind and status not in initial_statuses(kind) and status in ResultStatus.values:
            self.add(("status",), _("A result of this kind cannot be %(status)s.") % {"status": status})
        days = {name: raw_date(result, name) for name in ("filed_on", "granted_on", "lapsed_on")}
        # the dossier is a record: no date is "in the future" of it
        for name, messages in date_problems(status, **days, today=dt.date.max).items():
            for message in messages:
                self.add((name,), message)

    def _history(self) -> None:
        rows = [
            (at, k, change)
            for k, change in raw_items(self.result, "status_history")
            if (at := raw_datetime(change, "at")) is not None
        ]
        previous: str | None = None
        for _at, k, change in sorted(rows, key=lambda row: (row[0], row[1])):
            new, old = raw_str(change, "new_status"), change.get("old_status")
            if old != previous:
                self.add(
                    ("status_history", k),
                    _("This status change does not follow the one before it (%(status)s).")
                    % {"status": previous or "—"},
                )
            elif old is not None and not RESULT_TRANSITIONS.is_move(old, new):
                self.add(
                    ("status_history", k),
                    _("A result cannot move from %(old)s to %(new)s.") % {"old": old, "new": new},
                )
            previous = new
        if not rows:
            self.add(("status_history",), _("A result's history starts with its registration."))
        self.problems += status_problem(self.result, self.loc)

    def _project(self) -> None:
        project = self.result.get("project")
        funding = [(k, f) for k, f in enumerate(self.result.get("funding") or []) if isinstance(f, str)]
        projects = _projects(self.data)
        if project is None:
            if funding:
                self.add(("funding",), _("Only a result of a project names the project's funding sources."))
            sources: dict[str, str] = {}
        elif not isinstance(project, str):
            return
        elif project not in projects:
            self.add(("project",), _("No project %(code)s in the dossier.") % {"code": project})
            return
        else:
            sources = projects[project]
        seen: set[str] = set()
        for k, fund in funding:
            if fund in seen:
                self.add(("funding", k), _("The fund %(name)s appears twice.") % {"name": fund})
            seen.add(fund)
            if project is not None and fund not in sources:
                self.add(
                    ("funding", k),
                    _("The project %(code)s has no funding source on the fund %(name)s.")
                    % {"code": project, "name": fund},
                )
        public = any(sources.get(f) == FundingKind.GOVERNMENT_GRANT for _k, f in funding)
        stated = self.result.get("publicly_funded")
        if isinstance(stated, bool) and stated != public:
            self.add(
                ("publicly_funded",),
                _(
                    "A result is publicly funded exactly when one of its funding sources is a government plan grant."
                ),
            )

    def _shares(self, loc: Loc, items: list[tuple[int, dict[str, Any]]], *, members: bool) -> None:
        pairs: list[tuple[int, Decimal]] = []
        names: dict[str, int] = {}
        for k, item in items:
            org = item.get("organisation")
            if isinstance(org, str):
                if org not in self.usccs:
                    self.add((*loc, k, "organisation"), not_among(org))
                elif members and org not in self.members:
                    self.add((*loc, k, "organisation"), _not_member(org))
            try:
                share = Decimal(raw_str(item, "share"))
            except InvalidOperation:
                continue
            key = org if isinstance(org, str) and members else f"{k}"
            pairs.append((names.setdefault(key, len(names)), share))
        if items and len(pairs) == len(items):
            for message in share_problems(pairs):
                self.add(loc, message)

    def _contributions(self) -> None:
        items = raw_items(self.result, "contributions")
        if not items:
            self.add(("contributions",), _("Name at least one contributing member with a share."))
        self._shares(("contributions",), items, members=True)

    def _inventors(self) -> None:
        self._shares(("inventors",), raw_items(self.result, "inventors"), members=False)

    def _references(self, k: int, record: dict[str, Any]) -> None:
        """The agreement version and the resolution an ownership record names are in the dossier; a
        change names its decision (a resolution, or the written consent with its reference and day)."""
        agreement = record.get("agreement")
        numbers = {v.get("number") for _i, v in raw_items(self.data, "agreements")}
        if isinstance(agreement, int) and agreement not in numbers:
            self.add(
                ("ownership", k, "agreement"),
                _("No agreement version %(number)s in the dossier.") % {"number": agreement},
            )
        motion = record.get("motion")
        if isinstance(motion, dict) and isinstance(motion.get("number"), int):
            ref = (raw_str(motion, "body"), motion["number"])
            motions = {
                (raw_str(body, "name_zh"), m.get("number"))
                for _i, body in raw_items(self.data, "bodies")
                for _k, m in raw_items(body, "motions")
            }
            if ref not in motions:
                self.add(
                    ("ownership", k, "motion"),
                    _("No motion %(number)s of %(body)s in the dossier.")
                    % {"number": ref[1], "body": ref[0]},
                )
        basis = raw_str(record, "basis")
        if basis == OwnershipBasis.RESOLUTION and motion is None:
            self.add(
                ("ownership", k, "motion"), _("Choose a resolution the alliance's decision body passed.")
            )
        if basis == OwnershipBasis.CONSENT and not (
            raw_str(record, "document_ref") and record.get("document_on")
        ):
            self.add(
                ("ownership", k, "document_ref"),
                _("A change by written consent names the consent and its date."),
            )

    def _ownership(self) -> None:
        for expected, (k, record) in enumerate(raw_items(self.result, "ownership"), start=1):
            self._references(k, record)
            seq = record.get("seq")
            if isinstance(seq, int) and seq != expected:
                self.add(
                    ("ownership", k, "seq"),
                    _("The ownership records are numbered 1, 2, 3… in order: this one is %(n)s.")
                    % {"n": expected},
                )
            self._shares(("ownership", k, "owners"), raw_items(record, "owners"), members=True)


def result_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Results: codes and numbers unique; a valid CNIPA number for the patent kinds; the status the kind
    allows and the dates it needs; a history that follows the result workflow and ends in the status; the
    project in ``projects`` and the funding sources its own, publicly funded exactly when one is a grant;
    contributors and owners members of the alliance, shares (contributions, inventors, each ownership
    record's owners) adding up to 100; ownership records numbered in order."""
    problems: list[Problem] = []
    codes: set[str] = set()
    numbers: set[tuple[str, str]] = set()
    for i, result in raw_items(data, "results"):
        code = raw_str(result, "code")
        if code and code in codes:
            problems.append(
                Problem(
                    json_path(("results", i, "code")),
                    _("The result %(code)s appears twice.") % {"code": code},
                )
            )
        codes.add(code)
        number = (raw_str(result, "kind"), raw_str(result, "number"))
        if number[1] and number in numbers:
            problems.append(
                Problem(
                    json_path(("results", i, "number")),
                    _("The number %(number)s appears twice.") % {"number": number[1]},
                )
            )
        numbers.add(number)
        problems += _Check(i, result, data, usccs).run()
    return problems


def background_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Background IP: declared by a member of the alliance; a patent's number valid."""
    problems: list[Problem] = []
    members = _members(data)
    for i, item in raw_items(data, "background_ip"):
        org = item.get("organisation")
        if isinstance(org, str):
            if org not in usccs:
                problems.append(Problem(json_path(("background_ip", i, "organisation")), not_among(org)))
            elif org not in members:
                problems.append(Problem(json_path(("background_ip", i, "organisation")), _not_member(org)))
        kind, number = raw_str(item, "kind"), item.get("number", "")
        if kind and isinstance(number, str) and number:
            try:
                _canonical, problem = number_problem(kind, number)
            except ValueError:
                problem = None
            if problem:
                problems.append(Problem(json_path(("background_ip", i, "number")), problem))
    return problems
