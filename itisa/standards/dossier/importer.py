"""Importing the dossier section ``standards`` (1.6), inside the dossier import's transaction, after the
core sections, the projects and the results (a standard names them by code).

Rows are written directly (with ``full_clean``), not through the services, which check a user's permission
and stamp "now"; an import keeps the dossier's own facts. Matching is by natural keys: a standard by its
code within the alliance, a drafting member by organisation, a history row by (at, new_status), a round by
``seq``, a declaration by (organisation, at). What exists here and says the same is unchanged, so a second
import writes nothing.

- A standard's facts (level, titles, committee, demo flag) must be those here, or the import is refused.
- Stage history and declarations are write-once (database triggers, sealed by the entry that writes
  them): missing ones are INSERTed; the stage follows the merged history, the published number its
  dossier's (newer) record. A round's outcome, motion and closing follow the dossier when it has moved on.
- Accounts do not travel: who acted is kept as a label on history rows; a drafting member, a round and a
  declaration keep the account of that name here, which must exist, or the import is refused.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.services._support import (
    Ledger,
    apply,
    clean,
    history_insert,
    latest_status,
    refuse,
    users_named,
)
from itisa.governance.models import Motion
from itisa.projects.models import Project
from itisa.registry.models import Alliance, Organisation
from itisa.results.models import Result
from itisa.standards.choices import RoundOutcome
from itisa.standards.dossier.schemas import StandardDoc, VoteRoundDoc
from itisa.standards.models import DraftingMember, IprDeclaration, StageChange, StandardProject, VoteRound
from itisa.standards.rules import normalised_patents

KINDS = ("standard", "standard_declaration")
FACTS = ("level", "title_zh", "title_en", "committee", "is_demo")


def _names(items: list[StandardDoc]) -> set[str]:
    names = {s.by for s in items}
    for s in items:
        names |= {m.by for m in s.drafting_members} | {h.by or "" for h in s.stage_history}
        for r in s.rounds:
            names |= {r.opened_by} | {d.by for d in r.declarations}
    return names


class _Import:
    def __init__(
        self, ledger: Ledger, alliance: Alliance, orgs: dict[str, Organisation], users: dict[str, Any]
    ):
        self.ledger, self.alliance, self.orgs, self.users = ledger, alliance, orgs, users

    def user(self, name: str, path: str) -> Any:
        user = self.users.get(name)
        if user is None:
            raise refuse(path, _("No account %(name)s here: this record keeps who made it.") % {"name": name})
        return user

    def standard(self, i: int, doc: StandardDoc) -> None:
        path = f"$.standards[{i}]"
        obj = StandardProject.objects.filter(alliance=self.alliance, code=doc.code).first()
        created = obj is None
        if obj is None:
            obj = StandardProject(alliance=self.alliance, code=doc.code, by=self.user(doc.by, f"{path}.by"), at=doc.at,
                                  **{n: getattr(doc, n) for n in FACTS})  # fmt: skip
        elif any(getattr(obj, n) != getattr(doc, n) for n in FACTS):
            raise refuse(
                path, _("The standard %(code)s exists here with other content.") % {"code": doc.code}
            )
        project = None
        if doc.project is not None:
            project = Project.objects.filter(alliance=self.alliance, code=doc.project).first()
            if project is None:
                raise refuse(f"{path}.project", _("No project %(code)s here.") % {"code": doc.project})
        changes = apply(obj, {"project": project})
        if created:
            obj.stage = doc.stage
            obj.published_number, obj.published_on = doc.published_number, doc.published_on
            clean(obj, path, exclude=["by"])
            obj.save()
        members = {m.organisation.uscc: m for m in obj.drafting_members.select_related("organisation")}
        for k, m in enumerate(doc.drafting_members):
            here = members.get(m.organisation)
            if here is None:
                DraftingMember.objects.create(standard=obj, organisation=self.orgs[m.organisation], role=m.role,
                                              by=self.user(m.by, f"{path}.drafting_members[{k}].by"), at=m.at)  # fmt: skip
                changes.setdefault("drafting_members", []).append(m.organisation)
            elif here.role != m.role:
                raise refuse(
                    f"{path}.drafting_members[{k}]", _("This drafting member is recorded otherwise here.")
                )
        known = {(h.at, h.new_status): h for h in obj.stage_changes.all()}
        rows = history_insert(StageChange, obj, doc.stage_history, known=known, users=self.users, path=path)
        stage = latest_status(obj.stage_changes) or doc.stage
        changes |= apply(obj, {"stage": stage, "published_number": doc.published_number,
                               "published_on": doc.published_on})  # fmt: skip
        obj.save()
        results = list(Result.objects.filter(alliance=self.alliance, code__in=doc.results))
        if {r.code for r in results} != set(doc.results):
            raise refuse(f"{path}.results", _("Choose results of the alliance."))
        if {r.pk for r in obj.results.all()} != {r.pk for r in results}:
            obj.results.set(results)
            changes["results"] = sorted(doc.results)
        sealed = list(rows)
        for k, r in enumerate(doc.rounds):
            sealed += self.round(obj, r, f"{path}.rounds[{k}]")
        if created or changes or sealed:
            self.ledger.log(obj, "standard", "created" if created else "updated",
                            {"alliance": self.alliance.code, "code": obj.code, "changes": sorted(changes)},
                            sealed=sealed)  # fmt: skip
        else:
            self.ledger.unchanged("standard")

    def round(self, obj: StandardProject, doc: VoteRoundDoc, path: str) -> list[Any]:
        motion = None
        if doc.motion is not None:
            motion = Motion.objects.filter(body__alliance=self.alliance, body__name_zh=doc.motion.body,
                                           number=doc.motion.number).first()  # fmt: skip
            if motion is None:
                raise refuse(f"{path}.motion", _("No motion %(number)s of %(body)s here.")
                             % {"number": doc.motion.number, "body": doc.motion.body})  # fmt: skip
        row = VoteRound.objects.filter(standard=obj, seq=doc.seq).first()
        if row is None:
            row = VoteRound(standard=obj, seq=doc.seq, target=doc.target, opened_by=self.user(doc.opened_by, path),
                            opened_at=doc.opened_at)  # fmt: skip
        elif row.target != doc.target:
            raise refuse(path, _("This round is recorded otherwise here."))
        if row.pk is None or (row.outcome == RoundOutcome.OPEN and doc.outcome != RoundOutcome.OPEN):
            row.outcome, row.closed_at, row.motion = doc.outcome, doc.closed_at, motion
            clean(row, path)
            row.save()
        here = {(d.organisation.uscc, d.at): d for d in row.declarations.select_related("organisation")}
        written: list[IprDeclaration] = []
        by_index: list[IprDeclaration] = []
        for j, d in enumerate(doc.declarations):
            existing = here.get((d.organisation, d.at))
            if existing is None:
                earlier = by_index[d.supersedes] if d.supersedes is not None else None
                existing = IprDeclaration(
                    round=row, organisation=self.orgs[d.organisation], holds_essential=d.holds_essential,
                    patents=normalised_patents(d.patents), licensing=d.licensing, document_ref=d.document_ref,
                    note=d.note, supersedes=earlier, by=self.user(d.by, f"{path}.declarations[{j}].by"), at=d.at,
                )  # fmt: skip
                clean(existing, f"{path}.declarations[{j}]", exclude=["supersedes"])
                existing.save()
                written.append(existing)
                self.ledger.result.created["standard_declaration"] += 1
            elif (existing.licensing, existing.holds_essential) != (d.licensing, d.holds_essential):
                raise refuse(f"{path}.declarations[{j}]", _("This declaration is recorded otherwise here."))
            else:
                self.ledger.unchanged("standard_declaration")
            by_index.append(existing)
        return written


def import_standards(
    ledger: Ledger, *, alliance: Alliance, items: list[StandardDoc], orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's standards of ``alliance`` (see the module docstring)."""
    job = _Import(ledger, alliance, orgs, users_named(_names(items)))
    for i, doc in enumerate(items):
        job.standard(i, doc)
