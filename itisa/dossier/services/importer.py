"""All-or-nothing, idempotent import of alliance dossiers (the registry part here; agreements,
governance and applications through their own modules, the sections registered by apps above the
dossier through their own importers, all in the same transaction)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from itisa.agreements.services import agreements_import
from itisa.core.errors import DomainError, PermissionDenied
from itisa.dossier.extensions import full_model, import_sections
from itisa.dossier.office_findings import findings_status, office_public_key, refusal
from itisa.dossier.permissions import can_import_dossier
from itisa.dossier.schemas import (
    DossierDoc,
    MembershipDoc,
    OrganisationDoc,
    Problem,
    StatusChangeDoc,
    json_path,
)
from itisa.dossier.services._fields import (
    ALLIANCE_FIELDS,
    MEMBERSHIP_FIELDS,
    ORG_FIELDS,
    PERSON_FIELDS,
)
from itisa.dossier.services._support import ImportResult, Ledger, Refused, users_named
from itisa.dossier.services._support import apply as _apply
from itisa.dossier.services._support import clean as _clean
from itisa.dossier.services._support import values_of as _values
from itisa.dossier.services.export import dossier_validate
from itisa.dossier.services.funds import import_funds
from itisa.dossier.services.import_applications import import_applications
from itisa.dossier.services.import_governance import import_governance
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation, Person

if TYPE_CHECKING:
    from itisa.accounts.models import User

__all__ = ["ImportResult", "dossier_import"]


class _Importer:
    def __init__(self, doc: DossierDoc, by: User | None) -> None:
        self.doc = doc
        self.by = by
        self.ledger = Ledger(doc.alliance.code, by)
        self.result = self.ledger.result
        self._log = self.ledger.log
        self.orgs: dict[str, Organisation] = {}

    def _person(self, org: Organisation, doc: OrganisationDoc, path: str) -> dict[str, list[Any]]:
        if doc.legal_representative is None:
            if org.legal_representative_id is None:
                return {}
            org.legal_representative = None
            return {"legal_representative": ["", None]}
        person = org.legal_representative or Person()
        created = person.pk is None
        changes = _apply(person, _values(doc.legal_representative, PERSON_FIELDS))
        if not changes:
            self.result.unchanged["person"] += 1
            return {}
        _clean(person, f"{path}.legal_representative")
        person.save()
        self._log(person, "person", "created" if created else "updated", {"changes": changes})
        org.legal_representative = person
        return {"legal_representative": ["", person.name_zh]} if created else {}

    def organisations(self) -> None:
        existing = {
            o.uscc: o
            # of=("self",): PostgreSQL cannot lock the nullable side of the outer join.
            for o in Organisation.objects.select_for_update(of=("self",))
            .select_related("legal_representative")
            .filter(uscc__in=[d.uscc for d in self.doc.organisations])
        }
        for i, doc in enumerate(self.doc.organisations):
            path = json_path(("organisations", i))
            org = existing.get(doc.uscc) or Organisation(uscc=doc.uscc)
            created = org.pk is None
            changes = _apply(org, _values(doc, ORG_FIELDS))
            changes.update(self._person(org, doc, path))
            self.orgs[doc.uscc] = org
            if not changes:
                self.result.unchanged["organisation"] += 1
                continue
            _clean(org, path, exclude=["uscc_confirmed_by", "legal_representative"])
            org.save()
            self._log(org, "organisation", "created" if created else "updated", {"changes": changes})

    def alliance(self) -> Alliance:
        doc = self.doc.alliance
        alliance = Alliance.objects.select_for_update().filter(code=doc.code).first() or Alliance(
            code=doc.code
        )
        created = alliance.pk is None
        values = _values(doc, ALLIANCE_FIELDS)
        values["host_unit"] = self.orgs[doc.host_unit] if doc.host_unit else None
        old_host = alliance.host_unit.uscc if alliance.host_unit_id and alliance.host_unit else None
        changes = _apply(alliance, {k: v for k, v in values.items() if k != "host_unit"})
        if old_host != doc.host_unit:
            alliance.host_unit = values["host_unit"]
            changes["host_unit"] = [old_host, doc.host_unit]
        if not changes:
            self.result.unchanged["alliance"] += 1
            return alliance
        _clean(alliance, "$.alliance")
        alliance.save()
        self._log(alliance, "alliance", "created" if created else "updated", {"changes": changes})
        return alliance

    def memberships(self, alliance: Alliance) -> None:
        existing = {
            (m.organisation.uscc, m.joined_on): m
            for m in Membership.objects.select_for_update(of=("self",))
            .filter(alliance=alliance)
            .select_related("organisation")
        }
        # Ended memberships first, so that a membership that ends frees its place before a new one starts.
        order = sorted(enumerate(self.doc.memberships), key=lambda pair: pair[1].left_on is None)
        for i, doc in order:
            self._membership(alliance, existing, i, doc)

    def _membership(
        self, alliance: Alliance, existing: dict[tuple[str, dt.date], Membership], i: int, doc: MembershipDoc
    ) -> None:
        path = json_path(("memberships", i))
        membership = existing.get((doc.organisation, doc.joined_on)) or Membership(
            alliance=alliance, organisation=self.orgs[doc.organisation], joined_on=doc.joined_on
        )
        created = membership.pk is None
        changes = _apply(membership, _values(doc, MEMBERSHIP_FIELDS))
        if not created and not changes:
            self.result.unchanged["membership"] += 1
            return
        _clean(membership, path)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError as exc:
            raise Refused([Problem(f"{path}.organisation", _("Already an active member."))]) from exc
        data = {"organisation": doc.organisation, "joined_on": doc.joined_on.isoformat()}
        self._log(membership, "membership", "created" if created else "updated", {**data, "changes": changes})

    def status_history(self, alliance: Alliance) -> None:
        existing = set(AllianceStatusChange.objects.filter(alliance=alliance).values_list("at", "new_status"))
        # The actor's username travels as a label; it links to a user only if one has that name here.
        users = users_named({h.by for h in self.doc.status_history if h.by})
        for i, doc in enumerate(self.doc.status_history):
            if (doc.at, doc.new_status) in existing:
                self.result.unchanged["status_change"] += 1
                continue
            self._status_change(alliance, i, doc, users.get(doc.by or ""))
        if existing:
            self._check_latest_status(alliance)

    def _check_latest_status(self, alliance: Alliance) -> None:
        """The status must stay the one the merged history ends with: a dossier older than the record
        here (or from a diverging system) may not move the alliance back past the workflow."""
        latest = (
            AllianceStatusChange.objects.filter(alliance=alliance)
            .order_by("-at", "-pk")
            .values_list("new_status", flat=True)
            .first()
        )
        if latest is not None and latest != self.doc.alliance.status:
            raise Refused(
                [
                    Problem(
                        "$.alliance.status",
                        _(
                            "The dossier is older than the record here or conflicts with it: "
                            "the latest status change here is to %(status)s."
                        )
                        % {"status": latest},
                    )
                ]
            )

    def agreements(self, alliance: Alliance) -> None:
        """Frozen versions and signatures, each signature verified again before anything is written."""
        if not self.doc.agreements:
            return
        try:
            counts = agreements_import(
                alliance=alliance,
                versions=[v.model_dump(mode="json") for v in self.doc.agreements],
                organisations=self.orgs,
                by=self.by,
            )
        except DomainError as exc:
            raise Refused([Problem(path, m) for path, ms in exc.fields.items() for m in ms]) from exc
        self.result.created["agreement"] += counts.created
        self.result.updated["agreement"] += counts.updated
        self.result.unchanged["agreement"] += counts.unchanged

    def _status_change(self, alliance: Alliance, i: int, doc: StatusChangeDoc, user: Any) -> None:
        row = AllianceStatusChange(
            alliance=alliance,
            old_status=doc.old_status or "",
            new_status=doc.new_status,
            by=user,
            actor_label=doc.by or "",
            at=doc.at,
            comment=doc.comment,
        )
        _clean(row, json_path(("status_history", i)))
        row.save()
        self._log(
            alliance,
            "status_change",
            "created",
            {"status_change": {"at": doc.at.isoformat(), "from": row.old_status, "to": row.new_status}},
            sealed=[row],
        )


def dossier_import(data: Any, *, by: User | None = None) -> ImportResult:
    """Bring the database in line with a dossier, all or nothing; a second identical import changes nothing.

    Organisations are matched by credit code, the alliance by its short code, memberships by
    (organisation, joined_on), status changes by (at, new_status); the governance record and the
    applications by their natural keys (``import_governance``, ``import_motions``,
    ``import_applications``), the book and its funds (``funds``) by the alliance and the fund's name,
    the registered sections by theirs (``itisa.dossier.extensions``). Agreement versions pass
    ``agreements.verification.check_version`` (as in the eligibility check of a dossier); signed office
    findings must verify against ``ITISA_OFFICE_PUBLIC_KEY`` and are not stored. Rows
    the dossier does not mention are left alone. A status change keeps the dossier's ``by`` as its actor label and links
    the user of that name if one exists here. When the alliance already has a status history here,
    the dossier's status must be the one the merged history ends with (by at, then insertion).

    ``by`` is the acting user or None for the system (the command line). A user must be a national
    office officer (``PermissionDenied`` otherwise): an import rewrites organisations shared with
    other alliances and writes status history outside the workflow.
    """
    if by is not None:
        decision = can_import_dossier(by)
        if not decision:
            raise PermissionDenied(decision.reason)
    problems = dossier_validate(data)
    if problems:
        return ImportResult(problems=problems)
    # the office's findings are not stored (the office records its own), but a forged section is refused
    public_key = office_public_key()
    section = data.get("office_findings")
    why = refusal(findings_status(section, public_key), section or {}, public_key)
    if why:
        return ImportResult(problems=[Problem("$.office_findings.signature", why)])
    doc = full_model().model_validate_json(json.dumps(data))
    importer = _Importer(doc, by)
    try:
        with transaction.atomic():
            importer.organisations()
            alliance = importer.alliance()
            importer.memberships(alliance)
            importer.status_history(alliance)
            importer.agreements(alliance)
            import_governance(importer.ledger, alliance=alliance, doc=doc, orgs=importer.orgs)
            import_applications(importer.ledger, alliance=alliance, doc=doc, orgs=importer.orgs)
            import_funds(importer.ledger, alliance=alliance, doc=doc.funds)
            import_sections(importer.ledger, alliance=alliance, doc=doc, orgs=importer.orgs)
    except Refused as exc:
        return ImportResult(problems=exc.problems)
    return importer.result
