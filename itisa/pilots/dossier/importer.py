"""Importing the dossier section ``pilot_applications`` (1.3), inside the dossier import's transaction,
after the core sections (the experts' organisations are among the dossier's ``organisations``).

Rows are written directly (with ``full_clean``), not through the pilot program's services, which
check a user's permission, stamp "now", freeze a new eligibility report and notify; an import keeps
the dossier's own facts. Matching is by natural keys: a call by (title_zh, opens_on), an application
by its call within the alliance, a history row by (at, new_status), a material by its code, a
recommendation by the recommender's username, an expert by (name, organisation), an assignment by
its expert. What exists here and says the same is unchanged, so a second import writes nothing.

- A call that exists here must have the same content; its status may only move on (a call published
  in the dossier and closed here is published; the other way round the dossier is older).
- History rows and reviews are append-only (database triggers): missing ones are INSERTed, one that
  exists and differs is a conflict. The application's status must be the one its merged history ends
  with, or the dossier is older than the record here.
- The application's data (status, submission, eligibility report, decision, pilot period) and its
  materials are brought in line; uploaded files are stored as the pilot program stores them (under
  their SHA-256). Recommendations and assignments are facts: one that differs is a conflict.
- Accounts do not travel. A history row keeps its ``by`` as the actor label; the recommender's
  username is the recommendation's label; each is linked to the account of that name if one exists
  here, and so is the decision (to the account on the row that moved the application to "decided").
  An expert unknown here is created without an account and out of the pool (inactive) until the
  office links one. Who created the call or the application, added a material or assigned an expert
  is not carried (the models keep no label for it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
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
from itisa.pilots.choices import ApplicationStatus, CallStatus, MaterialKind
from itisa.pilots.dossier.checks import decode
from itisa.pilots.dossier.schemas import (
    CallDoc,
    ExpertDoc,
    MaterialDoc,
    PilotApplicationDoc,
    RecommendationDoc,
    ReviewDoc,
)
from itisa.pilots.models import (
    Application,
    ApplicationStatusChange,
    Assignment,
    Call,
    Expert,
    Material,
    Recommendation,
    Review,
)
from itisa.pilots.workflows import EDITABLE
from itisa.registry.models import Alliance, Organisation

KINDS = (
    "pilot_call", "pilot_application", "pilot_material", "pilot_recommendation", "pilot_expert",
    "pilot_assignment", "pilot_review",
)  # fmt: skip
CALL_FACTS = (
    "title_en", "closes_on", "rules", "materials", "max_pilots", "max_cultivation", "rubric", "is_demo",
)  # fmt: skip
CALL_ORDER = {CallStatus.DRAFT: 0, CallStatus.OPEN: 1, CallStatus.CLOSED: 2, CallStatus.PUBLISHED: 3}
APPLICATION_DATA = (
    "status", "submitted_at", "eligibility", "eligible", "decision_reasons", "decided_at", "pilot_from",
    "pilot_until", "is_demo",
)  # fmt: skip
# fixed once recorded here (a decision is a record; corrections are new decisions, not imports)
DECISION_DATA: tuple[str, ...] = ("outcome", "decision_reasons", "decided_at")
PERIOD_DATA: tuple[str, ...] = ("pilot_from", "pilot_until")
MATERIAL_DATA = ("kind", "original_name", "size", "sha256", "reference", "added_at")
REVIEW_DATA = ("scores", "comments", "summary", "total", "submitted_at")


def _call_values(doc: CallDoc) -> dict[str, Any]:
    values = {name: getattr(doc, name) for name in CALL_FACTS}
    values["materials"] = [m.model_dump() for m in doc.materials]
    values["rubric"] = [c.model_dump() for c in doc.rubric]
    return values


def _decider(doc: PilotApplicationDoc) -> str:
    """The username on the (last) row that moved the application to "decided"."""
    rows = [h for h in doc.status_history if h.new_status == ApplicationStatus.DECIDED]
    return (max(rows, key=lambda h: h.at).by or "") if rows else ""


class _PilotApplications:
    def __init__(
        self,
        ledger: Ledger,
        alliance: Alliance,
        items: list[PilotApplicationDoc],
        orgs: dict[str, Organisation],
    ) -> None:
        self.ledger = ledger
        self.alliance = alliance
        self.items = items
        self.orgs = orgs
        names = {h.by or "" for a in items for h in a.status_history}
        names |= {r.recommender for a in items for r in a.recommendations}
        self.users = users_named(names)
        self.calls: dict[tuple[str, dt.date], Call] = {}
        self.experts: dict[tuple[str, str | None], Expert] = {}

    def run(self) -> None:
        here = {
            (a.call.title_zh, a.call.opens_on): a
            for a in Application.objects.select_for_update(of=("self",))
            .select_related("call")
            .filter(alliance=self.alliance)
        }
        for i, doc in enumerate(self.items):
            path = f"$.pilot_applications[{i}]"
            call = self._call(f"{path}.call", doc.call)
            earlier = here.get((doc.call.title_zh, doc.call.opens_on))
            if earlier is not None:  # while the application has the status it has here (see _materials)
                self._materials(path, earlier, doc.materials)
            app = self._application(path, doc, call, earlier)
            if earlier is None:
                self._materials(path, app, doc.materials)
            self._recommendations(path, app, doc.recommendations)
            self._reviews(path, app, doc.reviews)

    def _key(self, call: Call) -> dict[str, Any]:
        return {"alliance": self.alliance.code, "call": call.title_zh, "opens_on": call.opens_on.isoformat()}

    # ------------------------------------------------------------ the call

    def _call(self, path: str, doc: CallDoc) -> Call:
        key = (doc.title_zh, doc.opens_on)
        if key in self.calls:
            return self.calls[key]
        values = _call_values(doc)
        call = (
            Call.objects.select_for_update()
            .filter(title_zh=doc.title_zh, opens_on=doc.opens_on)
            .order_by("pk")
            .first()
        )
        if call is None:
            call = Call(
                title_zh=doc.title_zh,
                opens_on=doc.opens_on,
                status=doc.status,
                published_at=doc.published_at,
                **values,
            )
            clean(call, path)
            call.save()
            self.ledger.log(call, "pilot_call", "created", {"call": call.title_zh, "status": call.status})
        elif any(getattr(call, name) != value for name, value in values.items()):
            raise refuse(
                path,
                _("The call %(title)s opening on %(date)s exists here with other content.")
                % {"title": doc.title_zh, "date": doc.opens_on.isoformat()},
            )
        else:
            self._call_status(path, call, doc)
        self.calls[key] = call
        return call

    def _call_status(self, path: str, call: Call, doc: CallDoc) -> None:
        """A call only moves on: the dossier's status may be the one here or a later one."""
        here, there = CALL_ORDER[CallStatus(call.status)], CALL_ORDER[CallStatus(doc.status)]
        if there < here or (there == here and call.published_at != doc.published_at):
            raise refuse(
                f"{path}.status",
                _(
                    "The dossier is older than the record here or conflicts with it: "
                    "the call %(title)s is %(status)s here."
                )
                % {"title": call.title_zh, "status": call.status},
            )
        changes = apply(call, {"status": doc.status, "published_at": doc.published_at})
        if not changes:
            self.ledger.unchanged("pilot_call")
            return
        clean(call, path)
        call.save(update_fields=["status", "published_at", "updated_at"])
        self.ledger.log(call, "pilot_call", "updated", {"call": call.title_zh, "changes": changes})

    # ------------------------------------------------------------ the application and its history

    def _application(
        self, path: str, doc: PilotApplicationDoc, call: Call, app: Application | None
    ) -> Application:
        values = {name: getattr(doc, name) for name in APPLICATION_DATA}
        values["outcome"] = doc.outcome or ""
        decider = self.users.get(_decider(doc)) if doc.decided_at else None
        if app is None:
            app = Application(call=call, alliance=self.alliance, decided_by=decider, **values)
            clean(app, path)
            app.save()
            history = self._history(path, app, doc, {})
            self.ledger.log(
                app, "pilot_application", "created", {**self._key(call), "status": app.status}, sealed=history
            )
            return app
        known = {(h.at, h.new_status): h for h in ApplicationStatusChange.objects.filter(application=app)}
        history = self._history(path, app, doc, known)
        added = len(history)
        latest = latest_status(ApplicationStatusChange.objects.filter(application=app))
        if latest is not None and latest != doc.status:
            raise refuse(
                f"{path}.status",
                _(
                    "The dossier is older than the record here or conflicts with it: "
                    "the application to %(call)s is %(status)s here."
                )
                % {"call": call.title_zh, "status": latest},
            )
        self._decision_fixed(path, app, values, call)
        changes = apply(app, values)
        if app.decided_by_id is None and decider is not None:
            changes.update(apply(app, {"decided_by": decider}))
        if added:
            changes["status_history"] = [len(known), len(known) + added]
        if not changes:
            self.ledger.unchanged("pilot_application")
            return app
        fields = [name for name in changes if name != "status_history"]
        if fields:
            clean(app, path)
            app.save(update_fields=[*fields, "updated_at"])
        self.ledger.log(
            app, "pilot_application", "updated", {**self._key(call), "changes": changes}, sealed=history
        )
        return app

    def _decision_fixed(self, path: str, app: Application, values: dict[str, Any], call: Call) -> None:
        """A decision recorded here, and a pilot period once set, are never rewritten by an import."""
        fixed = DECISION_DATA if app.decided_at is not None else ()
        fixed += PERIOD_DATA if app.pilot_from is not None else ()
        for name in fixed:
            if getattr(app, name) != values[name]:
                raise refuse(
                    f"{path}.{name}",
                    _("The decision on the application to %(call)s is recorded otherwise here.")
                    % {"call": call.title_zh},
                )

    def _history(
        self,
        path: str,
        app: Application,
        doc: PilotApplicationDoc,
        known: dict[tuple[dt.datetime, str], ApplicationStatusChange],
    ) -> list[ApplicationStatusChange]:
        return history_insert(
            ApplicationStatusChange, app, doc.status_history, known=known, users=self.users, path=path
        )

    # ------------------------------------------------------------ materials and recommendations

    def _materials(self, path: str, app: Application, docs: list[MaterialDoc]) -> None:
        """Insert the materials the database lacks; replace one only while the application here is still
        in the secretariat's hands (run before the application takes the dossier's status)."""
        here = {m.code: m for m in Material.objects.filter(application=app)}
        for k, doc in enumerate(docs):
            material = here.get(doc.code) or Material(application=app, code=doc.code)
            created = material.pk is None
            changes = apply(material, {name: getattr(doc, name) for name in MATERIAL_DATA})
            if not created and not changes:
                self.ledger.unchanged("pilot_material")
                continue
            if not created and app.status not in EDITABLE:
                # the database refuses it too: materials are fixed once the application is submitted
                raise refuse(
                    f"{path}.materials[{k}]",
                    _("The material %(code)s of the application to %(call)s is recorded otherwise here.")
                    % {"code": doc.code, "call": app.call.title_zh},
                )
            if doc.kind == MaterialKind.UPLOAD and (created or "sha256" in changes):
                material.file.save("upload.pdf", ContentFile(decode(doc.content) or b""), save=False)
            elif doc.kind == MaterialKind.GENERATED and material.file:
                material.file.name = ""  # a reference now; the earlier upload stays in storage
            clean(material, f"{path}.materials[{k}]", exclude=["file"])
            material.save()
            data = {**self._key(app.call), "code": doc.code, "kind": doc.kind, "sha256": doc.sha256}
            self.ledger.log(
                material,
                "pilot_material",
                "created" if created else "updated",
                {**data, "changes": changes},
                sealed=[material],
            )

    def _recommendations(self, path: str, app: Application, docs: list[RecommendationDoc]) -> None:
        here = {r.recommender_label: r for r in Recommendation.objects.filter(application=app)}
        for k, doc in enumerate(docs):
            values = {
                "capacity": doc.capacity,
                "letter": doc.letter,
                "letter_sha256": doc.letter_sha256,
                "at": doc.at,
            }
            existing = here.get(doc.recommender)
            if existing is not None:
                if any(getattr(existing, name) != value for name, value in values.items()):
                    raise refuse(
                        f"{path}.recommendations[{k}]",
                        _("The recommendation by %(name)s is recorded otherwise here.")
                        % {"name": doc.recommender},
                    )
                self.ledger.unchanged("pilot_recommendation")
                continue
            recommendation = Recommendation(
                application=app,
                recommender=self.users.get(doc.recommender),
                recommender_label=doc.recommender,
                **values,
            )
            if doc.letter_content is not None:
                recommendation.letter_file.save(
                    "letter.pdf", ContentFile(decode(doc.letter_content) or b""), save=False
                )
            clean(recommendation, f"{path}.recommendations[{k}]", exclude=["letter_file"])
            try:
                with transaction.atomic():
                    recommendation.save()
            except IntegrityError as exc:  # the account of that name recommended under another label
                raise refuse(
                    f"{path}.recommendations[{k}].recommender",
                    _("%(name)s recommended the application twice.") % {"name": doc.recommender},
                ) from exc
            self.ledger.log(
                recommendation,
                "pilot_recommendation",
                "created",
                {**self._key(app.call), "recommender": doc.recommender, "capacity": doc.capacity},
                sealed=[recommendation],
            )

    # ------------------------------------------------------------ experts, assignments, reviews

    def _expert(self, path: str, doc: ExpertDoc) -> Expert:
        key = (doc.name, doc.organisation)
        if key not in self.experts:
            self.experts[key] = import_expert(self.ledger, path, doc, self.orgs, kind="pilot_expert")
        return self.experts[key]

    def _reviews(self, path: str, app: Application, docs: list[ReviewDoc]) -> None:
        here = {a.expert_id: a for a in Assignment.objects.filter(application=app).select_related("review")}
        for k, doc in enumerate(docs):
            where = f"{path}.reviews[{k}]"
            expert = self._expert(f"{where}.expert", doc.expert)
            data = {**self._key(app.call), "expert": doc.expert.name}
            assignment = here.get(expert.pk)
            if assignment is None:
                assignment = Assignment(application=app, expert=expert, assigned_at=doc.assigned_at)
                clean(assignment, where)
                assignment.save()
                self.ledger.log(assignment, "pilot_assignment", "created", data)
            elif assignment.assigned_at != doc.assigned_at:
                raise refuse(
                    f"{where}.assigned_at",
                    _("The assignment of %(name)s is recorded otherwise here.") % {"name": expert.name},
                )
            else:
                self.ledger.unchanged("pilot_assignment")
            if doc.submitted_at is not None:
                self._review(where, assignment, doc, data)

    def _review(self, path: str, assignment: Assignment, doc: ReviewDoc, data: dict[str, Any]) -> None:
        values = {
            "scores": doc.scores,
            "comments": doc.comments,
            "summary": doc.summary,
            "total": Decimal(doc.total or "0"),
            "submitted_at": doc.submitted_at,
        }
        review = getattr(assignment, "review", None) if assignment.pk else None
        if review is not None:
            if any(getattr(review, name) != value for name, value in values.items()):
                raise refuse(
                    path,
                    _("The review by %(name)s differs from the one recorded here.")
                    % {"name": assignment.expert.name},
                )
            self.ledger.unchanged("pilot_review")
            return
        review = Review(assignment=assignment, **values)
        clean(review, path)
        review.save()
        # attached to the review, as the pilot program does: the alliance never sees the scores
        self.ledger.log(review, "pilot_review", "created", data, sealed=[review])


def import_expert(
    ledger: Ledger, path: str, doc: ExpertDoc, orgs: dict[str, Organisation], *, kind: str
) -> Expert:
    """The expert of the pool named by (name, organisation), created without an account and out of the
    pool (inactive) when unknown here, their specialities brought in line; counted as ``kind``. Also
    used by the projects' section (its reviews are by experts of the same pool)."""
    organisation = orgs[doc.organisation] if doc.organisation else None
    expert = Expert.objects.filter(name=doc.name, organisation=organisation).order_by("pk").first()
    data = {"name": doc.name, "organisation": doc.organisation}
    if expert is None:
        expert = Expert(name=doc.name, organisation=organisation, specialities=doc.specialities, active=False)
        clean(expert, path)
        expert.save()
        ledger.log(expert, kind, "created", data)
    elif changes := apply(expert, {"specialities": doc.specialities}):
        clean(expert, path)
        expert.save(update_fields=["specialities", "updated_at"])
        ledger.log(expert, kind, "updated", {**data, "changes": changes})
    else:
        ledger.unchanged(kind)
    return expert


def import_pilot_applications(
    ledger: Ledger, *, alliance: Alliance, items: list[PilotApplicationDoc], orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's pilot applications of ``alliance`` (the caller holds the transaction)."""
    _PilotApplications(ledger, alliance, items, orgs).run()
