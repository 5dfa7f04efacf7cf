"""Importing the dossier sections ``results`` and ``background_ip`` (1.5), inside the dossier import's
transaction, after the core sections and the projects' section (a result names its project by code).

Rows are written directly (with ``full_clean``), not through the results services, which check a user's
permission, stamp "now", number the result and derive its owners from today's agreement; an import keeps
the dossier's own facts. Matching is by natural keys: a result by its code within the alliance, a history
row by (at, new_status), an ownership record by its ``seq``, background IP by (organisation, title_zh,
declared_on, at). What exists here and says the same is unchanged, so a second import writes nothing.

- A result's facts (kind, titles, number, filing day, project, funding sources, contributions,
  inventors, demo flag) must be those here, or the import is refused (``The result R00001 exists here
  with other content.``). History rows, contributions, inventors, owners and background IP are
  write-once (database triggers, sealed by the entry that writes them): missing ones are INSERTed.
- The status must be the one its merged history ends with, or the dossier is older than the record
  here; the grant and lapse days and the public flag follow the dossier's (newer) record.
- Ownership records are append-only: those here must be the dossier's first ones, with the same facts
  and owners; the dossier's later ones are added and the last becomes current. A dossier with fewer
  records than here is older than the record here.
- Accounts do not travel: who acted is kept as a label on history rows and linked to the account of that
  name if one exists here; an ownership record keeps the account of that name (none when there is none
  here: the record has no label column), and background IP needs the declaring account here (its
  ``by`` is required), or the import is refused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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
from itisa.projects.models import FundingSource, Project
from itisa.registry.models import Alliance, Organisation
from itisa.results.dossier.schemas import BackgroundIPDoc, OwnershipRecordDoc, ResultDoc
from itisa.results.models import (
    BackgroundIP,
    Contribution,
    Inventor,
    Owner,
    OwnershipRecord,
    Result,
    ResultStatusChange,
)

KINDS = ("result", "result_ownership")
BACKGROUND_KINDS = ("background_ip",)
RESULT_FACTS = ("kind", "title_zh", "title_en", "number", "filed_on", "is_demo", "publicly_funded")


class _Results:
    def __init__(
        self, ledger: Ledger, alliance: Alliance, items: list[ResultDoc], orgs: dict[str, Organisation]
    ) -> None:
        self.ledger = ledger
        self.alliance = alliance
        self.items = items
        self.orgs = orgs
        names = {h.by or "" for r in items for h in r.status_history}
        names |= {o.by or "" for r in items for o in r.ownership}
        self.users = users_named(names)

    def run(self) -> None:
        here = {
            r.code: r
            for r in Result.objects.select_for_update(of=("self",))
            .select_related("project")
            .filter(alliance=self.alliance)
        }
        for i, doc in enumerate(self.items):
            self._result(f"$.results[{i}]", doc, here.get(doc.code))

    # ------------------------------------------------------------ the result's facts

    def _project(self, path: str, doc: ResultDoc) -> tuple[Project | None, list[FundingSource]]:
        if doc.project is None:
            return None, []
        project = Project.objects.filter(alliance=self.alliance, code=doc.project).first()
        if project is None:
            raise refuse(f"{path}.project", _("No project %(code)s here.") % {"code": doc.project})
        sources = {
            f.fund.name_zh: f for f in FundingSource.objects.filter(project=project).select_related("fund")
        }
        funding = []
        for k, name in enumerate(doc.funding):
            if name not in sources:
                raise refuse(
                    f"{path}.funding[{k}]",
                    _("The project %(code)s has no funding source on the fund %(name)s here.")
                    % {"code": doc.project, "name": name},
                )
            funding.append(sources[name])
        return project, funding

    def _shares(
        self, doc: ResultDoc
    ) -> tuple[list[tuple[str, Decimal]], list[tuple[str, str | None, Decimal]]]:
        contributions = [(c.organisation, Decimal(c.share)) for c in doc.contributions]
        inventors = [(i.name, i.organisation, Decimal(i.share)) for i in doc.inventors]
        return contributions, inventors

    def _result(self, path: str, doc: ResultDoc, result: Result | None) -> None:
        project, funding = self._project(path, doc)
        facts = {name: getattr(doc, name) for name in RESULT_FACTS}
        facts["project"] = project
        contributions, inventors = self._shares(doc)
        data = {"alliance": self.alliance.code, "result": doc.code}
        if result is None:
            result = Result(
                alliance=self.alliance, code=doc.code, status=doc.status, granted_on=doc.granted_on,
                lapsed_on=doc.lapsed_on, public=doc.public, **facts,
            )  # fmt: skip
            clean(result, path, exclude=["ownership"])
            result.save()
            result.funding.set(funding)
            sealed: list[Any] = history_insert(
                ResultStatusChange, result, doc.status_history, known={}, users=self.users, path=path
            )
            sealed += [
                Contribution.objects.create(result=result, organisation=self.orgs[org], share=share)
                for org, share in contributions
            ]
            sealed += [
                Inventor.objects.create(
                    result=result, name=name, organisation=self.orgs[org] if org else None, share=share
                )
                for name, org, share in inventors
            ]
            sealed += self._ownership(path, result, doc, 0)
            self.ledger.log(
                result, "result", "created",
                {**data, "kind": doc.kind, "number": doc.number, "status": doc.status},
                sealed=sealed,
            )  # fmt: skip
            return
        same = all(getattr(result, name) == value for name, value in facts.items())
        here_contributions = [
            (c.organisation.uscc, c.share)
            for c in result.contributions.select_related("organisation").order_by("pk")
        ]
        here_inventors = [
            (i.name, i.organisation.uscc if i.organisation else None, i.share)
            for i in result.inventors.select_related("organisation").order_by("pk")
        ]
        here_funding = sorted(result.funding.values_list("pk", flat=True))
        if (
            not same
            or here_contributions != contributions
            or here_inventors != inventors
            or here_funding != sorted(f.pk for f in funding)
        ):
            raise refuse(
                path, _("The result %(code)s exists here with other content.") % {"code": result.code}
            )
        known = {(h.at, h.new_status): h for h in ResultStatusChange.objects.filter(result=result)}
        history = history_insert(
            ResultStatusChange, result, doc.status_history, known=known, users=self.users, path=path
        )
        merged = list(ResultStatusChange.objects.filter(result=result).order_by("at", "pk"))
        if any(row.old_status != (merged[n - 1].new_status if n else "") for n, row in enumerate(merged)):
            raise refuse(
                f"{path}.status_history",
                _("The status history here and the dossier's do not make one history of the result %(code)s.")
                % {"code": result.code},
            )
        latest = latest_status(ResultStatusChange.objects.filter(result=result))
        if latest is not None and latest != doc.status:
            raise refuse(
                f"{path}.status",
                _(
                    "The dossier is older than the record here or conflicts with it: "
                    "the result %(code)s is %(status)s here."
                )
                % {"code": result.code, "status": latest},
            )
        records = OwnershipRecord.objects.filter(result=result).count()
        owners = self._ownership(path, result, doc, records)
        changes = apply(
            result,
            {
                "status": doc.status,
                "granted_on": doc.granted_on,
                "lapsed_on": doc.lapsed_on,
                "public": doc.public,
            },
        )
        if changes:
            clean(result, path, exclude=["ownership"])
            result.save(update_fields=[*changes, "updated_at"])
        if history:
            changes["status_history"] = [len(known), len(known) + len(history)]
        if owners:
            changes["ownership"] = [records, len(doc.ownership)]
        if not changes:
            self.ledger.unchanged("result")
            return
        self.ledger.log(result, "result", "updated", {**data, "changes": changes}, sealed=[*history, *owners])

    # ------------------------------------------------------------ ownership records

    def _references(
        self, path: str, doc: OwnershipRecordDoc
    ) -> tuple[AgreementVersion | None, Motion | None]:
        agreement = motion = None
        if doc.agreement is not None:
            agreement = AgreementVersion.objects.filter(alliance=self.alliance, number=doc.agreement).first()
            if agreement is None:
                raise refuse(
                    f"{path}.agreement",
                    _("No agreement version %(number)s here.") % {"number": doc.agreement},
                )
        if doc.motion is not None:
            motion = Motion.objects.filter(
                body__alliance=self.alliance, body__name_zh=doc.motion.body, number=doc.motion.number
            ).first()
            if motion is None:
                raise refuse(
                    f"{path}.motion",
                    _("No motion %(number)s of %(body)s here.")
                    % {"number": doc.motion.number, "body": doc.motion.body},
                )
        return agreement, motion

    def _ownership(self, path: str, result: Result, doc: ResultDoc, here: int) -> list[Owner]:
        """Check the records here against the dossier's first ones; INSERT the dossier's later ones and
        make the last current. Returns the owners written (sealed by the result's entry)."""
        if len(doc.ownership) < here:
            raise refuse(
                f"{path}.ownership",
                _(
                    "The dossier is older than the record here or conflicts with it: "
                    "the result %(code)s has %(n)s ownership records here."
                )
                % {"code": result.code, "n": here},
            )
        existing = {
            r.seq: r
            for r in OwnershipRecord.objects.filter(result=result)
            .select_related("agreement", "motion__body", "by")
            .prefetch_related("owners__organisation")
        }
        written: list[Owner] = []
        record = None
        for k, r in enumerate(doc.ownership):
            where = f"{path}.ownership[{k}]"
            agreement, motion = self._references(where, r)
            values = {
                "basis": r.basis, "agreement": agreement, "rule": r.rule, "motion": motion,
                "document_ref": r.document_ref, "document_on": r.document_on, "reason": r.reason, "at": r.at,
            }  # fmt: skip
            owners = [(o.organisation, Decimal(o.share)) for o in r.owners]
            record = existing.get(r.seq)
            if record is not None:
                here_owners = [
                    (o.organisation.uscc, o.share) for o in sorted(record.owners.all(), key=lambda o: o.pk)
                ]
                if any(getattr(record, n) != v for n, v in values.items()) or here_owners != owners:
                    raise refuse(where, _("This ownership record is recorded otherwise here."))
                self.ledger.unchanged("result_ownership")
                continue
            record = OwnershipRecord(result=result, seq=r.seq, by=self.users.get(r.by or ""), **values)
            clean(record, where)
            record.save()
            rows = [Owner(record=record, organisation=self.orgs[org], share=share) for org, share in owners]
            for row in rows:
                clean(row, where)
                row.save()
            written += rows
            self.ledger.log(
                record, "result_ownership", "created",
                {"alliance": self.alliance.code, "result": result.code, "seq": r.seq, "basis": r.basis,
                 "owners": {org: str(share) for org, share in owners}},
            )  # fmt: skip
        if record is not None and result.ownership_id != record.pk:
            result.ownership = record
            result.save(update_fields=["ownership", "updated_at"])
        return written


def import_results(
    ledger: Ledger, *, alliance: Alliance, items: list[ResultDoc], orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's results of ``alliance`` (the caller holds the transaction)."""
    _Results(ledger, alliance, items, orgs).run()


def import_background(
    ledger: Ledger, *, alliance: Alliance, items: list[BackgroundIPDoc], orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's background IP declarations of ``alliance``: missing ones are INSERTed (written
    once), one recorded otherwise here is a conflict."""
    users = users_named({b.by for b in items})
    here = {
        (b.organisation.uscc, b.title_zh, b.declared_on, b.at): b
        for b in BackgroundIP.objects.filter(alliance=alliance).select_related("organisation", "by")
    }
    for i, doc in enumerate(items):
        path = f"$.background_ip[{i}]"
        values = {"kind": doc.kind, "number": doc.number, "restrictions_zh": doc.restrictions_zh}
        existing = here.get((doc.organisation, doc.title_zh, doc.declared_on, doc.at))
        if existing is not None:
            if (
                any(getattr(existing, n) != v for n, v in values.items())
                or existing.by.get_username() != doc.by
            ):
                raise refuse(path, _("This declaration of background IP is recorded otherwise here."))
            ledger.unchanged("background_ip")
            continue
        user = users.get(doc.by)
        if user is None:
            raise refuse(
                f"{path}.by",
                _("No account %(name)s here: a declaration of background IP keeps who declared it.")
                % {"name": doc.by},
            )
        row = BackgroundIP(
            alliance=alliance, organisation=orgs[doc.organisation], title_zh=doc.title_zh,
            declared_on=doc.declared_on, by=user, at=doc.at, **values,
        )  # fmt: skip
        clean(row, path)
        row.save()
        ledger.log(
            row, "background_ip", "created",
            {"alliance": alliance.code, "organisation": doc.organisation, "title_zh": doc.title_zh},
            sealed=[row],
        )  # fmt: skip
