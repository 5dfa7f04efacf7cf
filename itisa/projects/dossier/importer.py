"""Importing the dossier section ``projects`` (1.5), inside the dossier import's transaction, after the
core sections (organisations, agreements, the governance record with its motions, the book and its
funds) and the pilot program's section.

Rows are written directly (with ``full_clean``), not through the project services, which check a user's
permission, stamp "now", open ballots and notify; an import keeps the dossier's own facts. Matching is
by natural keys: a project by its code within the alliance, a history row by (at, new_status), a goal by
its title, a participant by its organisation, a funding source by its fund, a milestone by (title_zh,
due_on), evidence by its SHA-256 within the milestone, a review by (kind, opened_at), an assignment by
its expert. What exists here and says the same is unchanged, so a second import writes nothing.

- A project's facts (title, summary, period, lead, agreement) must be those here; its plan (goals,
  participants, funding) and reviews are facts too: missing ones are added, one recorded otherwise here
  is a conflict. History rows, evidence and opinions are append-only (database triggers): missing ones
  are INSERTed. The project's status must be the one its merged history ends with, or the dossier is
  older than the record here; the approving motion, once set here, is fixed.
- A milestone's status only moves on (pending → overdue → done); the day it was done, once set, is fixed.
- The project's cost object (its postings' dimension) is opened in the alliance's book when there is
  one and it lacks it (entries do not travel; budget against actual starts from nothing here).
- Accounts do not travel: who acted is kept as a label and linked to the account of that name if one
  exists here. An expert unknown here is created without an account and out of the pool, as the pilot
  program's section does (``pilots.dossier.importer.import_expert``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from itisa.agreements.models import AgreementVersion
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
from itisa.ledger.models import Book, CostObject, Fund
from itisa.ledger.services import cost_object_close, cost_object_open
from itisa.pilots.dossier.checks import decode
from itisa.pilots.dossier.importer import import_expert
from itisa.pilots.models import Expert
from itisa.projects.choices import ENDED_STATUSES, MilestoneStatus
from itisa.projects.dossier.schemas import (
    MilestoneDoc,
    ProjectDoc,
    ProjectReviewAssignmentDoc,
    ProjectReviewDoc,
)
from itisa.projects.models import (
    Evidence,
    FundingSource,
    Goal,
    Milestone,
    Opinion,
    Participant,
    Project,
    ProjectStatusChange,
    ReviewAssignment,
    ReviewRound,
)
from itisa.registry.models import Alliance, Organisation

KINDS = (
    "project", "project_milestone", "project_evidence", "project_expert", "project_review",
    "project_assignment", "project_opinion",
)  # fmt: skip
PROJECT_FACTS = ("title_zh", "title_en", "summary_zh", "starts_on", "ends_on", "lead", "agreement", "is_demo")
MILESTONE_ORDER = {MilestoneStatus.PENDING: 0, MilestoneStatus.OVERDUE: 1, MilestoneStatus.DONE: 2}


class _Projects:
    def __init__(
        self, ledger: Ledger, alliance: Alliance, items: list[ProjectDoc], orgs: dict[str, Organisation]
    ) -> None:
        self.ledger = ledger
        self.alliance = alliance
        self.items = items
        self.orgs = orgs
        names = {h.by or "" for p in items for h in p.status_history}
        names |= {e.uploaded_by or "" for p in items for m in p.milestones for e in m.evidence}
        names |= {r.opened_by or "" for p in items for r in p.reviews}
        names |= {a.assigned_by or "" for p in items for r in p.reviews for a in r.assignments}
        self.users = users_named(names)
        self.book = Book.objects.filter(alliance=alliance).first()
        self.experts: dict[tuple[str, str | None], Expert] = {}

    def run(self) -> None:
        here = {
            p.code: p
            for p in Project.objects.select_for_update(of=("self",))
            .select_related("motion__body", "agreement", "lead")
            .filter(alliance=self.alliance)
        }
        for i, doc in enumerate(self.items):
            path = f"$.projects[{i}]"
            project = self._project(path, doc, here.get(doc.code))
            for k, milestone in enumerate(doc.milestones):
                self._milestone(f"{path}.milestones[{k}]", project, milestone)
            for k, review in enumerate(doc.reviews):
                self._review(f"{path}.reviews[{k}]", project, review)

    def _key(self, project: Project) -> dict[str, Any]:
        return {"alliance": self.alliance.code, "project": project.code}

    # ------------------------------------------------------------ the project, its history and plan

    def _facts(self, path: str, doc: ProjectDoc) -> dict[str, Any]:
        agreement = None
        if doc.agreement is not None:
            agreement = AgreementVersion.objects.filter(alliance=self.alliance, number=doc.agreement).first()
            if agreement is None:  # pragma: no cover - the agreements section was imported before
                raise refuse(
                    f"{path}.agreement",
                    _("No agreement version %(number)s here.") % {"number": doc.agreement},
                )
        values = {name: getattr(doc, name) for name in PROJECT_FACTS}
        values.update(lead=self.orgs[doc.lead], agreement=agreement)
        return values

    def _motion(self, path: str, doc: ProjectDoc) -> Motion | None:
        if doc.motion is None:
            return None
        motion = Motion.objects.filter(
            body__alliance=self.alliance, body__name_zh=doc.motion.body, number=doc.motion.number
        ).first()
        if motion is None:  # pragma: no cover - the governance record was imported before
            raise refuse(
                f"{path}.motion",
                _("No motion %(number)s of %(body)s here.")
                % {"number": doc.motion.number, "body": doc.motion.body},
            )
        return motion

    def _project(self, path: str, doc: ProjectDoc, project: Project | None) -> Project:
        values = self._facts(path, doc)
        motion = self._motion(path, doc)
        if project is None:
            project = Project(
                alliance=self.alliance, code=doc.code, status=doc.status, motion=motion,
                cost_object=self._cost_object(path, doc), **values,
            )  # fmt: skip
            clean(project, path)
            project.save()
            history = self._history(path, project, doc, {})
            plan = self._plan(path, project, doc)
            self.ledger.log(
                project, "project", "created", {**self._key(project), "status": project.status, **plan},
                sealed=history,
            )  # fmt: skip
            self._close_if_ended(project)
            return project
        if any(getattr(project, name) != value for name, value in values.items()):
            raise refuse(
                path, _("The project %(code)s exists here with other content.") % {"code": project.code}
            )
        if project.motion_id is not None and project.motion != motion:
            raise refuse(
                f"{path}.motion",
                _("The deciding body's motion on the project %(code)s is recorded otherwise here.")
                % {"code": project.code},
            )
        known = {(h.at, h.new_status): h for h in ProjectStatusChange.objects.filter(project=project)}
        history = self._history(path, project, doc, known)
        latest = latest_status(ProjectStatusChange.objects.filter(project=project))
        if latest is not None and latest != doc.status:
            raise refuse(
                f"{path}.status",
                _(
                    "The dossier is older than the record here or conflicts with it: "
                    "the project %(code)s is %(status)s here."
                )
                % {"code": project.code, "status": latest},
            )
        changes = apply(project, {"status": doc.status, "motion": motion})
        fields = list(changes)
        cost_object = self._cost_object(path, doc) if project.cost_object_id is None else None
        if cost_object is not None:
            project.cost_object = cost_object
            changes["cost_object"] = [None, cost_object.code]
            fields.append("cost_object")
        if fields:
            clean(project, path)
            project.save(update_fields=[*fields, "updated_at"])
        self._close_if_ended(project)
        if history:
            changes["status_history"] = [len(known), len(known) + len(history)]
        changes.update(self._plan(path, project, doc))
        if not changes:
            self.ledger.unchanged("project")
            return project
        self.ledger.log(
            project, "project", "updated", {**self._key(project), "changes": changes}, sealed=history
        )
        return project

    @staticmethod
    def _close_if_ended(project: Project) -> None:
        """An ended project takes no more costs here either: its cost object closes (as in
        ``services.project_move``), by the system."""
        co = project.cost_object
        if project.status in ENDED_STATUSES and co is not None and co.closed_at is None:
            cost_object_close(by=None, cost_object=co)

    def _cost_object(self, path: str, doc: ProjectDoc) -> CostObject | None:
        """The project's dimension in the alliance's book: the book's cost object of that code (one no
        other project holds), or a new one; none while the alliance keeps no book here."""
        if self.book is None:
            return None
        existing = CostObject.objects.filter(book=self.book, code=doc.code).first()
        if existing is None:
            return cost_object_open(by=None, book=self.book, code=doc.code, name_zh=doc.title_zh)
        if Project.objects.filter(cost_object=existing).exists():
            raise refuse(
                f"{path}.code",
                _("The book already has a cost object %(code)s.") % {"code": doc.code},
            )
        return existing

    def _history(
        self,
        path: str,
        project: Project,
        doc: ProjectDoc,
        known: dict[tuple[dt.datetime, str], ProjectStatusChange],
    ) -> list[ProjectStatusChange]:
        return history_insert(
            ProjectStatusChange, project, doc.status_history, known=known, users=self.users, path=path
        )

    def _plan(self, path: str, project: Project, doc: ProjectDoc) -> dict[str, list[int]]:
        """Goals, participants and funding sources the project lacks here are added; one recorded
        otherwise here is a conflict. Returns ``{part: [before, after]}`` for the parts that grew."""
        grown: dict[str, list[int]] = {}
        values: dict[str, Any]
        goals = {g.title_zh: g for g in Goal.objects.filter(project=project)}
        for k, g in enumerate(doc.goals):
            values = {"target": g.target, "agreement_goal": g.agreement_goal}
            self._fact(
                f"{path}.goals[{k}]",
                goals.get(g.title_zh),
                Goal(project=project, title_zh=g.title_zh),
                values,
            )
        participants = {
            p.organisation.uscc: p
            for p in Participant.objects.filter(project=project).select_related("organisation")
        }
        for k, p in enumerate(doc.participants):
            values = {
                "task_zh": p.task_zh,
                "money": Decimal(p.money),
                "people_months": Decimal(p.people_months),
            }
            new = Participant(project=project, organisation=self.orgs[p.organisation])
            self._fact(f"{path}.participants[{k}]", participants.get(p.organisation), new, values)
        sources = {
            f.fund.name_zh: f for f in FundingSource.objects.filter(project=project).select_related("fund")
        }
        for k, f in enumerate(doc.funding):
            fund = Fund.objects.filter(book__alliance=self.alliance, name_zh=f.fund).first()
            if fund is None:
                raise refuse(
                    f"{path}.funding[{k}].fund",
                    _("The book here keeps no fund %(name)s.") % {"name": f.fund},
                )
            values = {
                "kind": f.kind, "amount": Decimal(f.amount),
                "organisation": self.orgs[f.organisation] if f.organisation else None,
            }  # fmt: skip
            self._fact(
                f"{path}.funding[{k}]", sources.get(f.fund), FundingSource(project=project, fund=fund), values
            )
        for part, before, after in (
            ("goals", len(goals), len(doc.goals)),
            ("participants", len(participants), len(doc.participants)),
            ("funding", len(sources), len(doc.funding)),
        ):
            if after > before:
                grown[part] = [before, after]
        return grown

    def _fact(self, path: str, existing: Any, new: Any, values: dict[str, Any]) -> None:
        if existing is not None:
            if any(getattr(existing, name) != value for name, value in values.items()):
                raise refuse(path, _("This part of the project is recorded otherwise here."))
            return
        for name, value in values.items():
            setattr(new, name, value)
        clean(new, path)
        new.save()

    # ------------------------------------------------------------ milestones and evidence

    def _milestone(self, path: str, project: Project, doc: MilestoneDoc) -> None:
        milestone = Milestone.objects.filter(
            project=project, title_zh=doc.title_zh, due_on=doc.due_on
        ).first()
        data = {**self._key(project), "milestone": doc.title_zh, "due_on": doc.due_on.isoformat()}
        if milestone is None:
            milestone = Milestone(
                project=project, kind=doc.kind, title_zh=doc.title_zh, starts_on=doc.starts_on,
                due_on=doc.due_on, status=doc.status, done_on=doc.done_on, note=doc.note,
            )  # fmt: skip
            clean(milestone, path)
            milestone.save()
            self.ledger.log(milestone, "project_milestone", "created", {**data, "status": doc.status})
        else:
            self._milestone_moves_on(path, milestone, doc, data)
        here = {e.sha256: e for e in Evidence.objects.filter(milestone=milestone)}
        for k, e in enumerate(doc.evidence):
            where = f"{path}.evidence[{k}]"
            existing = here.get(e.sha256)
            facts = {"original_name": e.original_name, "uploaded_at": e.uploaded_at}
            if existing is not None:
                if any(getattr(existing, name) != value for name, value in facts.items()):
                    raise refuse(where, _("This evidence is recorded otherwise here."))
                self.ledger.unchanged("project_evidence")
                continue
            extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[e.content_type]
            evidence = Evidence(
                milestone=milestone, content_type=e.content_type, extension=extension, size=e.size,
                sha256=e.sha256, uploaded_by=self.users.get(e.uploaded_by or ""),
                uploaded_by_label=e.uploaded_by or "", **facts,
            )  # fmt: skip
            # the content was verified (kind, size, SHA-256) by the checks before anything is written
            evidence.file.save("upload", ContentFile(decode(e.content) or b""), save=False)
            clean(evidence, where, exclude=["file"])
            evidence.save()
            self.ledger.log(
                evidence, "project_evidence", "created", {**data, "name": e.original_name, "sha256": e.sha256},
                sealed=[evidence],
            )  # fmt: skip

    def _milestone_moves_on(
        self, path: str, milestone: Milestone, doc: MilestoneDoc, data: dict[str, Any]
    ) -> None:
        """A milestone's facts are fixed; its status only moves on; the day it was done, once set, stays."""
        if (milestone.kind, milestone.starts_on) != (doc.kind, doc.starts_on):
            raise refuse(path, _("This part of the project is recorded otherwise here."))
        here, there = (
            MILESTONE_ORDER[MilestoneStatus(milestone.status)],
            MILESTONE_ORDER[MilestoneStatus(doc.status)],
        )
        if there < here or (milestone.done_on is not None and milestone.done_on != doc.done_on):
            raise refuse(
                f"{path}.status",
                _(
                    "The dossier is older than the record here or conflicts with it: the milestone %(title)s is %(status)s here."
                )
                % {"title": milestone.title_zh, "status": milestone.status},
            )
        changes = apply(milestone, {"status": doc.status, "done_on": doc.done_on, "note": doc.note})
        if not changes:
            self.ledger.unchanged("project_milestone")
            return
        clean(milestone, path)
        milestone.save(update_fields=[*changes, "updated_at"])
        self.ledger.log(milestone, "project_milestone", "updated", {**data, "changes": changes})

    # ------------------------------------------------------------ reviews

    def _expert(self, path: str, doc: ProjectReviewAssignmentDoc) -> Expert:
        key = (doc.expert.name, doc.expert.organisation)
        if key not in self.experts:
            self.experts[key] = import_expert(self.ledger, path, doc.expert, self.orgs, kind="project_expert")
        return self.experts[key]

    def _review(self, path: str, project: Project, doc: ProjectReviewDoc) -> None:
        review = ReviewRound.objects.filter(project=project, kind=doc.kind, opened_at=doc.opened_at).first()
        data = {**self._key(project), "kind": doc.kind, "opened_at": doc.opened_at.isoformat()}
        if review is None:
            review = ReviewRound(
                project=project, kind=doc.kind, opened_at=doc.opened_at,
                opened_by=self.users.get(doc.opened_by or ""), opened_by_label=doc.opened_by or "",
            )  # fmt: skip
            clean(review, path)
            review.save()
            self.ledger.log(review, "project_review", "created", data)
        elif (review.opened_by_label or (review.opened_by.get_username() if review.opened_by else "")) != (
            doc.opened_by or ""
        ):
            raise refuse(path, _("This part of the project is recorded otherwise here."))
        else:
            self.ledger.unchanged("project_review")
        here = {
            a.expert_id: a for a in ReviewAssignment.objects.filter(round=review).select_related("opinion")
        }
        for k, a in enumerate(doc.assignments):
            where = f"{path}.assignments[{k}]"
            expert = self._expert(f"{where}.expert", a)
            assignment = here.get(expert.pk)
            who = {**data, "expert": expert.name}
            if assignment is None:
                assignment = ReviewAssignment(
                    round=review, expert=expert, assigned_at=a.assigned_at,
                    assigned_by=self.users.get(a.assigned_by or ""), assigned_by_label=a.assigned_by or "",
                )  # fmt: skip
                clean(assignment, where)
                assignment.save()
                self.ledger.log(assignment, "project_assignment", "created", who)
            elif assignment.assigned_at != a.assigned_at:
                raise refuse(
                    f"{where}.assigned_at",
                    _("The assignment of %(name)s is recorded otherwise here.") % {"name": expert.name},
                )
            else:
                self.ledger.unchanged("project_assignment")
            if a.opinion is not None:
                self._opinion(where, assignment, a, who)

    def _opinion(
        self, path: str, assignment: ReviewAssignment, doc: ProjectReviewAssignmentDoc, data: dict[str, Any]
    ) -> None:
        if doc.opinion is None:  # pragma: no cover - the caller checks
            return
        values = {
            "score": doc.opinion.score, "verdict": doc.opinion.verdict, "text": doc.opinion.text,
            "submitted_at": doc.opinion.submitted_at,
        }  # fmt: skip
        opinion = getattr(assignment, "opinion", None)
        if opinion is not None:
            if any(getattr(opinion, name) != value for name, value in values.items()):
                raise refuse(
                    f"{path}.opinion",
                    _("The opinion of %(name)s differs from the one recorded here.")
                    % {"name": assignment.expert.name},
                )
            self.ledger.unchanged("project_opinion")
            return
        opinion = Opinion(assignment=assignment, **values)
        clean(opinion, f"{path}.opinion")
        opinion.save()
        self.ledger.log(opinion, "project_opinion", "created", data, sealed=[opinion])


def import_projects(
    ledger: Ledger, *, alliance: Alliance, items: list[ProjectDoc], orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's projects of ``alliance`` (the caller holds the transaction)."""
    _Projects(ledger, alliance, items, orgs).run()
