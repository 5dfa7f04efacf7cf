"""Cross-checks of the dossier section ``pilot_applications`` on the raw JSON, each problem with its path.

They run also when the shape is wrong elsewhere, so every value is read defensively; a value of the
wrong type is the shape check's problem and is skipped here. Uploaded files are checked as the pilot
program checks an upload (``checked_pdf``: a PDF of at most 10 MB) and against the size and SHA-256
the dossier states.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from django.utils.translation import gettext as _

from itisa.core.errors import DomainError
from itisa.dossier.base import Problem, json_path, raw_date, raw_datetime, raw_dict, raw_items, raw_str
from itisa.dossier.governance_checks import not_among, status_problem
from itisa.pilots.choices import ApplicationStatus, CallStatus, MaterialKind, Outcome
from itisa.pilots.selectors import weighted_total
from itisa.pilots.services._common import checked_pdf

Loc = tuple[int | str, ...]
DECIDED = (ApplicationStatus.DECIDED, ApplicationStatus.PUBLISHED)


def decode(value: Any) -> bytes | None:
    """Strict base64, or None when it is not."""
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return None


class _Check:
    """The checks of one application (and its embedded call)."""

    def __init__(self, i: int, app: dict[str, Any], usccs: set[str]) -> None:
        self.loc: Loc = ("pilot_applications", i)
        self.app = app
        self.usccs = usccs
        self.call = raw_dict(app, "call")
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(json_path((*self.loc, *loc)), message))

    def run(self) -> list[Problem]:
        self._call()
        self._decision()
        self._history()
        self._materials()
        self._recommendations()
        self._reviews()
        return self.problems

    # ------------------------------------------------------------ the call

    def _call(self) -> None:
        from itisa.pilots.eligibility import RULE_SETS

        opens, closes = raw_date(self.call, "opens_on"), raw_date(self.call, "closes_on")
        if opens and closes and closes < opens:
            self.add(("call", "closes_on"), _("The call must close on or after the day it opens."))
        rules = self.call.get("rules")
        if isinstance(rules, str) and rules and rules not in RULE_SETS:
            self.add(
                ("call", "rules"),
                _("Unknown rule set “%(rules)s”; choose one of %(known)s.")
                % {"rules": rules, "known": ", ".join(sorted(RULE_SETS))},
            )
        for field in ("materials", "rubric"):
            seen: set[str] = set()
            for k, item in raw_items(self.call, field):
                code = raw_str(item, "code")
                if code in seen:
                    self.add(
                        ("call", field, k, "code"), _("The code “%(code)s” is used twice.") % {"code": code}
                    )
                seen.add(code)
        weights = [c.get("weight") for _k, c in raw_items(self.call, "rubric")]
        numbers = [w for w in weights if isinstance(w, int) and not isinstance(w, bool)]
        if weights and len(numbers) == len(weights):
            total = sum(numbers)
            if total != 100:
                self.add(
                    ("call", "rubric"),
                    _("The weights add up to %(sum)s; they must add up to 100.") % {"sum": total},
                )
        status, published = raw_str(self.call, "status"), self.call.get("published_at")
        if status == CallStatus.PUBLISHED and published is None:
            self.add(("call", "published_at"), _("A published call gives when it was published."))
        if status in CallStatus.values and status != CallStatus.PUBLISHED and published is not None:
            self.add(("call", "published_at"), _("Only a published call has a publication time."))
        if status == CallStatus.DRAFT:
            self.add(("call", "status"), _("Nobody applies to a draft call."))

    # ------------------------------------------------------------ submission and decision

    def _decision(self) -> None:
        app = self.app
        status = raw_str(app, "status")
        if status == ApplicationStatus.DRAFT and app.get("submitted_at") is not None:
            self.add(("submitted_at",), _("A draft has not been submitted."))
        if (
            status in ApplicationStatus.values
            and status != ApplicationStatus.DRAFT
            and not app.get("submitted_at")
        ):
            self.add(("submitted_at",), _("Give when the application was submitted."))
        report, eligible = app.get("eligibility"), app.get("eligible")
        if isinstance(report, dict) and "eligible" in report and report["eligible"] != eligible:
            self.add(("eligible",), _("This differs from the result of the eligibility report."))
        outcome = app.get("outcome")
        if outcome is not None and status in ApplicationStatus.values and status not in DECIDED:
            self.add(("outcome",), _("Only a decided or published application has an outcome."))
        if outcome is None and status in DECIDED:
            self.add(("outcome",), _("A decided application has an outcome."))
        if outcome is not None and not raw_str(app, "decision_reasons").strip():
            self.add(("decision_reasons",), _("Give the reasons for the decision."))
        if (outcome is None) != (app.get("decided_at") is None):
            self.add(("decided_at",), _("A decision, and only a decision, gives when it was made."))
        if status == ApplicationStatus.PUBLISHED and raw_str(self.call, "status") != CallStatus.PUBLISHED:
            self.add(("status",), _("Only an application to a published call is published."))
        start, end = raw_date(app, "pilot_from"), raw_date(app, "pilot_until")
        if (app.get("pilot_from") is None) != (app.get("pilot_until") is None):
            self.add(("pilot_until",), _("Give both ends of the pilot period."))
        if app.get("pilot_from") is not None and outcome != Outcome.PILOT:
            self.add(("pilot_from",), _("Only an alliance selected as a pilot has a pilot period."))
        if start and end and end <= start:
            self.add(("pilot_until",), _("The pilot period ends after it starts."))

    def _history(self) -> None:
        seen: set[tuple[Any, str]] = set()
        for k, change in raw_items(self.app, "status_history"):
            key = (raw_datetime(change, "at"), raw_str(change, "new_status"))
            if key[0] is not None and key in seen:
                self.add(("status_history", k), _("The same status change appears twice."))
            seen.add(key)
        self.problems += status_problem(self.app, self.loc)

    # ------------------------------------------------------------ files

    def _file(self, loc: Loc, item: dict[str, Any], content_key: str, sha_key: str, name: str) -> None:
        """The content decodes, is a PDF the pilot program accepts, and has the stated digest (and size)."""
        data = decode(item[content_key])
        if data is None:
            self.add((*loc, content_key), _("The content is not valid base64."))
            return
        try:
            checked_pdf(name=name, data=data)
        except DomainError as exc:
            self.add((*loc, content_key), exc.message)
            return
        size = item.get("size")
        if "size" in item and isinstance(size, int) and size != len(data):
            self.add(
                (*loc, "size"),
                _("The content has %(actual)s bytes, not %(size)s.") % {"actual": len(data), "size": size},
            )
        digest = hashlib.sha256(data).hexdigest()
        if raw_str(item, sha_key) != digest:
            self.add((*loc, sha_key), _("The SHA-256 of the content is %(digest)s.") % {"digest": digest})

    def _materials(self) -> None:
        asked = {raw_str(m, "code") for _k, m in raw_items(self.call, "materials")}
        seen: set[str] = set()
        for k, material in raw_items(self.app, "materials"):
            loc: Loc = ("materials", k)
            code = raw_str(material, "code")
            if code in seen:
                self.add((*loc, "code"), _("The material %(code)s appears twice.") % {"code": code})
            seen.add(code)
            if code and asked and code not in asked:
                self.add(
                    (*loc, "code"),
                    _("“%(code)s” is not among the materials this call asks for.") % {"code": code},
                )
            kind = raw_str(material, "kind")
            if kind == MaterialKind.UPLOAD:
                if material.get("content") is None:
                    self.add((*loc, "content"), _("An uploaded material carries its content (base64)."))
                else:
                    name = raw_str(material, "original_name") or "upload.pdf"
                    self._file(loc, material, "content", "sha256", name)
            elif kind == MaterialKind.GENERATED:
                if not raw_str(material, "reference").strip():
                    self.add(
                        (*loc, "reference"), _("A generated material names where the platform holds it.")
                    )
                if material.get("content") is not None or raw_str(material, "sha256"):
                    self.add((*loc, "content"), _("Only an uploaded material carries a file."))

    def _recommendations(self) -> None:
        seen: set[str] = set()
        for k, recommendation in raw_items(self.app, "recommendations"):
            loc: Loc = ("recommendations", k)
            name = raw_str(recommendation, "recommender")
            if name in seen:
                self.add(
                    (*loc, "recommender"), _("%(name)s recommended the application twice.") % {"name": name}
                )
            seen.add(name)
            content, digest = recommendation.get("letter_content"), raw_str(recommendation, "letter_sha256")
            if content is None and digest:
                self.add((*loc, "letter_content"), _("A signed letter carries its content (base64)."))
            elif content is not None:
                self._file(loc, recommendation, "letter_content", "letter_sha256", "letter.pdf")

    # ------------------------------------------------------------ reviews

    def _reviews(self) -> None:
        rubric = [c for _k, c in raw_items(self.call, "rubric")]
        codes = [raw_str(c, "code") for c in rubric]
        seen: set[tuple[str, Any]] = set()
        for k, review in raw_items(self.app, "reviews"):
            loc: Loc = ("reviews", k)
            expert = raw_dict(review, "expert")
            organisation = expert.get("organisation")
            if isinstance(organisation, str) and organisation not in self.usccs:
                self.add((*loc, "expert", "organisation"), not_among(organisation))
            key = (raw_str(expert, "name"), organisation)
            if key in seen:
                self.add((*loc, "expert"), _("%(name)s is assigned twice.") % {"name": key[0]})
            seen.add(key)
            if review.get("submitted_at") is None:
                if (
                    review.get("scores") is not None
                    or review.get("total") is not None
                    or review.get("summary")
                    or review.get("comments")
                ):
                    self.add(
                        loc,
                        _(
                            "An assignment without a submitted review has no scores, comments, summary or total."
                        ),
                    )
                continue
            self._review(loc, review, rubric, codes)

    def _review(
        self, loc: Loc, review: dict[str, Any], rubric: list[dict[str, Any]], codes: list[str]
    ) -> None:
        if not raw_str(review, "summary").strip():
            self.add((*loc, "summary"), _("Give your overall opinion."))
        scores = review.get("scores")
        if not isinstance(scores, dict):
            self.add((*loc, "scores"), _("A submitted review gives its scores."))
            return
        clean: dict[str, int] = {}
        for code in codes:
            value = scores.get(code)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                self.add((*loc, "scores", code), _("Give a whole number from 0 to 100."))
            else:
                clean[code] = value
        for field, given in (("scores", scores), ("comments", raw_dict(review, "comments"))):
            unknown = sorted(set(given) - set(codes))
            if unknown:
                self.add((*loc, field), _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)})
        total = review.get("total")
        if total is None:
            self.add((*loc, "total"), _("A submitted review gives its weighted total."))
            return
        weights = [w for c in rubric if isinstance(w := c.get("weight"), int) and not isinstance(w, bool)]
        weights_ok = len(weights) == len(rubric) and sum(weights) == 100
        if weights_ok and len(clean) == len(codes) and isinstance(total, str):
            expected = f"{weighted_total(rubric, clean):.2f}"
            if total != expected:
                self.add(
                    (*loc, "total"),
                    _("The weighted total of these scores is %(total)s.") % {"total": expected},
                )


def pilot_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Applications to pilot calls: one per call; the call's window, rule set, checklist, rubric and
    publication; submission, decision and pilot period consistent with the status; the status the last
    of the history; materials from the call's checklist, uploaded files verified (PDF, size, SHA-256);
    one recommendation per recommender; one assignment per expert, experts' organisations among
    ``organisations``, scores 0–100 for exactly the rubric's criteria and the weighted total they give."""
    problems: list[Problem] = []
    calls: set[tuple[str, Any]] = set()
    for i, app in raw_items(data, "pilot_applications"):
        call = raw_dict(app, "call")
        key = (raw_str(call, "title_zh"), raw_date(call, "opens_on"))
        if key[1] is not None and key in calls:
            problems.append(
                Problem(
                    json_path(("pilot_applications", i, "call")),
                    _("A second application to the call %(title)s opening on %(date)s.")
                    % {"title": key[0], "date": key[1].isoformat()},
                )
            )
        calls.add(key)
        problems += _Check(i, app, usccs).run()
    return problems
