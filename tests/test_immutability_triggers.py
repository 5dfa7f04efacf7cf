"""Every append-only table keeps its database triggers after all migrations.

SQLite rebuilds a table to alter a column, which silently drops the table's triggers; a migration that
alters such a table must put them back. This test lists the guarded tables and fails if one has none.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

GUARDED = {
    "audit_auditentry",
    "diffusion_obligationstatuschange",
    "diffusion_listingstatuschange",
    "diffusion_diffusion",
    "diffusion_contactmessage",
    "reports_reportstatuschange",
    "reports_reportsubmission",
    "reports_reportindicator",
    "evaluation_evaluationstatuschange",
    "evaluation_selfevaluation",
    "evaluation_eligibilityrecheck",
    "evaluation_panelreview",
    "evaluation_departmentcomment",
    "evaluation_rectificationstatuschange",
    "rating_scheme",
    "rating_campaignstatuschange",
    "rating_reviewer",
    "rating_rating",
    "rating_review",
    "rating_outcome",
    "agreements_signature",
    "agreements_agreementversion",
    "agreements_signatory",
    "agreements_signingcopy",
    "agreements_versionstatuschange",
    "governance_vote",
    "governance_motion",
    "governance_motionstatuschange",
    "governance_motionseat",
    "governance_proxy",
    "governance_veto",
    "governance_minuteobjection",
    "membership_applicationstatuschange",
    "membership_breachstatuschange",
    "membership_suspension",
    "membership_invoice",
    "ledger_journalentry",
    "ledger_posting",
    "pilots_review",
    "pilots_applicationstatuschange",
    "pilots_finding",
    "pilots_material",
    "pilots_recommendation",
    "pilots_application",
    "registry_alliancestatuschange",
    "ledger_attachment",
    "projects_projectstatuschange",
    "projects_evidence",
    "projects_opinion",
    "results_resultstatuschange",
    "results_contribution",
    "results_inventor",
    "results_ownershiprecord",
    "results_owner",
    "results_backgroundip",
    "results_accessrequeststatuschange",
    "licensing_licence",
    "licensing_licenceconsent",
    "licensing_receipt",
    "licensing_splitline",
    "licensing_splitposting",
    "licensing_transfer",
    "licensing_transferobjection",
    "licensing_transfercompletion",
    "licensing_techcontract",
    "standards_stagechange",
    "standards_iprdeclaration",
    "financing_needstatuschange",
    "financing_institutionresponse",
    "financing_creditline",
    "financing_drawdown",
    "financing_repayment",
    "platforms_usagerecord",
    "platforms_platformstatuschange",
    "platforms_bookingstatuschange",
    "indicators_indicatorvalue",
}


def _tables_with_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_guarded_table_has_its_triggers(db: Any) -> None:
    assert GUARDED - _tables_with_triggers() == set()


def test_every_sealed_table_is_guarded() -> None:
    """The tables whose rows the audit chain vouches for (every status history among them) are all guarded."""
    from itisa.audit.seals import sealed_models

    assert set(sealed_models()) - GUARDED == set()


@pytest.mark.django_db
@pytest.mark.parametrize("history", ["registry", "agreements"])
def test_status_history_refuses_update_and_delete(world: Any, history: str) -> None:
    """The two history tables that were unguarded until issue 14's review: a row, once written, stays."""
    from django.db import DatabaseError, transaction

    from itisa.agreements.models import VersionStatusChange
    from itisa.agreements.services import version_create
    from itisa.registry.models import AllianceStatusChange
    from itisa.registry.services import alliance_change_status

    model: Any
    if history == "registry":
        model = AllianceStatusChange
        alliance_change_status(
            by=world.user("national_officer"), alliance=world.sdc, new_status="established"
        )
    else:
        model = VersionStatusChange
        version_create(by=world.user("secretariat"), alliance=world.csa)
    before = list(model.objects.values_list("pk", "new_status", "comment"))
    assert len(before) == 1
    rows = model.objects.filter(pk=before[0][0])
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(comment="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert list(model.objects.values_list("pk", "new_status", "comment")) == before
