"""Importing admission applications with their history (after the governance record and agreements,
whose motions and accession instruments they name).

An application is matched by (credit code, submitted_at). A new one is INSERTed in its final status
with its history rows (which the database never lets change). For one that exists here, missing
history rows are added and, as for the alliance's status, the status must be the one the merged
history ends with: otherwise the dossier is older than the record here, and the import is refused.
The applicant's account is linked only if an account with the recorded username exists here; the
username is kept as ``applicant_label`` either way.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.agreements.models import AgreementVersion
from itisa.dossier.governance_schemas import ApplicationDoc
from itisa.dossier.schemas import DossierDoc
from itisa.dossier.services._fields import APPLICATION_DATA
from itisa.dossier.services._support import (
    Ledger,
    apply,
    clean,
    latest_status,
    refuse,
    users_named,
    values_of,
)
from itisa.governance.models import Motion
from itisa.membership.models import Application, ApplicationStatusChange, Membership
from itisa.membership.models.applications import OPEN_STATUSES
from itisa.registry.models import Alliance, Organisation


class _Applications:
    def __init__(self, ledger: Ledger, alliance: Alliance, doc: DossierDoc, orgs: dict[str, Organisation]):
        self.ledger = ledger
        self.alliance = alliance
        self.doc = doc
        self.orgs = orgs
        self.users = users_named({a.applicant or "" for a in doc.applications})

    def run(self) -> None:
        here = {
            (a.uscc, a.submitted_at): a
            for a in Application.objects.select_for_update().filter(alliance=self.alliance)
        }
        for i, doc in enumerate(self.doc.applications):
            self._application(f"$.applications[{i}]", doc, here.get((doc.uscc, doc.submitted_at)))

    def _links(self, path: str, doc: ApplicationDoc) -> dict[str, Any]:
        """The organisation, motion, accession and membership the application names, found here."""
        links: dict[str, Any] = {
            "organisation": self.orgs[doc.organisation] if doc.organisation else None,
            "motion": None,
            "accession": None,
            "membership": None,
        }
        if doc.motion is not None:
            links["motion"] = Motion.objects.filter(
                body__alliance=self.alliance, body__name_zh=doc.motion.body, number=doc.motion.number
            ).first()
            if links["motion"] is None:  # pragma: no cover - the cross-checks find it in the dossier
                raise refuse(f"{path}.motion", _("No such motion."))
        if doc.accession is not None:
            links["accession"] = AgreementVersion.objects.filter(
                alliance=self.alliance, number=doc.accession
            ).first()
            if links["accession"] is None:  # pragma: no cover - the cross-checks find it in the dossier
                raise refuse(f"{path}.accession", _("No such agreement version."))
        if doc.membership is not None:
            links["membership"] = Membership.objects.filter(
                alliance=self.alliance,
                organisation__uscc=doc.membership.organisation,
                joined_on=doc.membership.joined_on,
            ).first()
            if links["membership"] is None:  # pragma: no cover - the cross-checks find it in the dossier
                raise refuse(f"{path}.membership", _("No such membership."))
        return links

    def _history(
        self, app: Application, doc: ApplicationDoc, known: set[Any]
    ) -> list[ApplicationStatusChange]:
        """Insert the history rows the database lacks (for the entry that seals them)."""
        rows = [
            ApplicationStatusChange(
                application=app,
                old_status=h.old_status or "",
                new_status=h.new_status,
                actor_label=h.by or "",
                at=h.at,
                comment=h.comment,
            )
            for h in doc.status_history
            if (h.at, h.new_status) not in known
        ]
        ApplicationStatusChange.objects.bulk_create(rows)
        return rows

    def _application(self, path: str, doc: ApplicationDoc, app: Application | None) -> None:
        values = {
            **values_of(doc, APPLICATION_DATA),
            **self._links(path, doc),
            "status": doc.status,
            "rejection_reason": doc.rejection_reason,
        }
        key = {"uscc": doc.uscc, "submitted_at": doc.submitted_at.isoformat()}
        if app is None:
            app = Application(
                alliance=self.alliance,
                uscc=doc.uscc,
                submitted_at=doc.submitted_at,
                applicant=self.users.get(doc.applicant or ""),
                applicant_label=doc.applicant or "",
                **values,
            )
            self._save(path, app)
            history = self._history(app, doc, set())
            self.ledger.log(app, "application", "created", {**key, "status": doc.status}, sealed=history)
            return
        known = set(ApplicationStatusChange.objects.filter(application=app).values_list("at", "new_status"))
        history = self._history(app, doc, known)
        added = len(history)
        latest = latest_status(ApplicationStatusChange.objects.filter(application=app))
        if latest is not None and latest != doc.status:
            raise refuse(
                f"{path}.status",
                _(
                    "The dossier is older than the record here or conflicts with it: "
                    "the application of %(uscc)s is %(status)s here."
                )
                % {"uscc": doc.uscc, "status": latest},
            )
        changes = apply(app, values)
        if added:
            changes["status_history"] = [len(known), len(known) + added]
        if not changes:
            self.ledger.unchanged("application")
            return
        if set(changes) - {"status_history"}:
            self._save(path, app)
        self.ledger.log(app, "application", "updated", {**key, "changes": changes}, sealed=history)

    def _save(self, path: str, app: Application) -> None:
        """Validate and write; a second open application of the same code is refused by name first."""
        if app.status in OPEN_STATUSES and (
            Application.objects.filter(alliance=self.alliance, uscc=app.uscc, status__in=OPEN_STATUSES)
            .exclude(pk=app.pk)
            .exists()
        ):
            raise refuse(
                f"{path}.status",
                _("%(uscc)s has another open application here.") % {"uscc": app.uscc},
            )
        clean(app, path)
        try:
            with transaction.atomic():
                app.save()
        except IntegrityError as exc:  # pragma: no cover - a concurrent application; the check above is first
            raise refuse(
                f"{path}.status", _("%(uscc)s has another open application here.") % {"uscc": app.uscc}
            ) from exc


def import_applications(
    ledger: Ledger, *, alliance: Alliance, doc: DossierDoc, orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's applications for ``alliance`` (the caller holds the transaction)."""
    _Applications(ledger, alliance, doc, orgs).run()
