"""The licensing tests' world: CSA with its two members (甲公司 member_a, 乙大学 member_b), an effective
agreement with the ``creator`` ownership rule and CSA's revenue rule 70/20/10 (creator, inventors,
alliance), an invention patent made by member_a (60) and member_b (40) with two inventors (张三 70, 李四
30), so owned 60/40; CSA's book on the 2004 NPO chart and a second secretariat person who approves
entries. The clock is frozen at ``NOW`` (Beijing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.agreements.tests.fixtures import AgreementWorld, complete_content
from itisa.audit.models import AuditEntry
from itisa.ledger.models import Fund, JournalEntry, Posting
from itisa.ledger.tests.conftest import Books, make_books
from itisa.licensing.models import (
    Licence,
    LicenceConsent,
    Receipt,
    SplitLine,
    SplitPosting,
    TechContract,
    Transfer,
    TransferCompletion,
    TransferObjection,
)
from itisa.licensing.services import LicenceInput, licence_grant
from itisa.results.models import OwnershipRecord, Result
from itisa.results.tests.conftest import NOW, clock, register  # noqa: F401  (the clock fixture)
from tests.factories import UserFactory

CSA_SPLIT = [
    {"beneficiary": "creator", "percent": "70"},
    {"beneficiary": "inventors", "percent": "20"},
    {"beneficiary": "alliance", "percent": "10"},
]
OUTSIDER_USCC = "91110108551385082Q"


def make_agreement(aw: AgreementWorld, **ip: Any) -> Any:
    """CSA's effective agreement: ``creator`` ownership, the 70/20/10 split, and ``ip`` overrides."""
    content = complete_content()
    version = aw.open_version(ip={**content["ip"], "revenue_split": CSA_SPLIT, **ip})
    aw.sign(version, "a")
    aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return version


@dataclass
class Lic:
    world: Any
    result: Result
    books: Books
    approver: Any

    @property
    def secretariat(self) -> Any:
        return self.world.user("secretariat")


def make_lic(world: Any, agreement_world: AgreementWorld, **ip: Any) -> Lic:
    make_agreement(agreement_world, **ip)
    result = register(world)
    books = make_books(world)
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    return Lic(world, result, books, approver)


@pytest.fixture
def lic(world: Any, agreement_world: AgreementWorld, clock: Any) -> Lic:  # noqa: F811
    return make_lic(world, agreement_world)


def licence_input(lic: Lic, **overrides: Any) -> LicenceInput:
    """A non-exclusive licence to an outside company for LED drivers in mainland China, 2026–2030,
    50,000.00 upfront and 3% royalties reported in March and September."""
    values: dict[str, Any] = {
        "result": lic.result.pk, "licensee_name": "北京外部科技有限公司", "licensee_uscc": OUTSIDER_USCC,
        "field_zh": "LED 驱动芯片", "territory_zh": "中国大陆", "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2030, 12, 31), "upfront_fee": "50000.00", "royalty_terms_zh": "按净销售额 3% 计",
        "royalty_percent": "3.00", "report_months": [9, 3],
    }  # fmt: skip
    values.update(overrides)
    return LicenceInput(**values)


def grant(lic: Lic, **overrides: Any) -> Licence:
    return licence_grant(by=lic.secretariat, alliance=lic.world.csa, data=licence_input(lic, **overrides))


TABLES = (
    Licence, LicenceConsent, Receipt, SplitLine, SplitPosting, Transfer, TransferObjection, TransferCompletion,
    TechContract, JournalEntry, Posting, Fund, OwnershipRecord, AuditEntry,
)  # fmt: skip


def counts() -> dict[str, int]:
    """Rows of every table licensing writes (and the ledger's), and the audit chain: nothing changed on a refusal."""
    return {model.__name__: model.objects.count() for model in TABLES}


__all__ = ["NOW", "Lic", "counts", "grant", "licence_input", "make_agreement", "make_lic"]


def every_record(world: Any) -> dict[str, Any]:
    """One row of every table licensing writes, each through its service (for the sealed-records and
    immutability tests): a licence with a consent, a receipt, its lines and approval, two transfers (one
    objected to, one completed after its window) and a technology contract."""
    import time_machine

    from itisa.agreements.tests.fixtures import build_agreement_world
    from itisa.licensing.services import (
        ConsentInput,
        ContractInput,
        ReceiptInput,
        TransferInput,
        contract_register,
        receipt_approve_split,
        receipt_record,
        transfer_complete,
        transfer_notify,
        transfer_object,
    )

    with time_machine.travel(NOW, tick=False):
        lic = make_lic(world, build_agreement_world(world))
        s = lic.secretariat
        a, b = world.member_a, world.member_b
        licence = grant(lic, exclusive=True, consents=[
            ConsentInput(organisation=a.pk, document_ref="同意书 1", given_on=dt.date(2026, 2, 1)),
            ConsentInput(organisation=b.pk, document_ref="同意书 2", given_on=dt.date(2026, 2, 1)),
        ])  # fmt: skip
        receipt = receipt_record(
            by=s, licence=licence, data=ReceiptInput(received_on=dt.date(2026, 3, 1), amount="100.00")
        )
        receipt_approve_split(by=s, receipt=receipt)

        def transfer(frm: Any) -> Any:
            return transfer_notify(by=s, alliance=world.csa, data=TransferInput(
                result=lic.result.pk, transferor=frm.pk, transferee=world.sd_org.pk, price="1.00",
                contract_ref="转让合同", notice_on=dt.date(2026, 3, 1)))  # fmt: skip

        blocked, later = transfer(a), transfer(b)
        objection = transfer_object(by=s, transfer=blocked, organisation=b, reason="不同意")
        contract = contract_register(by=s, alliance=world.csa, data=ContractInput(
            number="2026110108000123", kind="licence", licence=licence.pk, verified_amount="100.00",
            registered_on=dt.date(2026, 3, 1)))  # fmt: skip
        # rows nothing points at, so that a test may delete them around the triggers
        bare_licence, bare_transfer = grant(lic), transfer(a)
    with time_machine.travel(NOW + dt.timedelta(days=60), tick=False):
        completion = transfer_complete(by=s, transfer=later)
    return {
        "licensing_licence": bare_licence, "licensing_licenceconsent": licence.consents.order_by("pk").first(),
        "licensing_receipt": receipt, "licensing_splitline": receipt.lines.order_by("pk").first(),
        "licensing_splitposting": receipt.posting, "licensing_transfer": bare_transfer,
        "licensing_transferobjection": objection, "licensing_transfercompletion": completion,
        "licensing_techcontract": contract,
    }  # fmt: skip
