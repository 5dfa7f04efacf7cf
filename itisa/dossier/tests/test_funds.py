"""Dossier 1.4: the ``funds`` section (the book, its funds, the supervisors) and the national office's
signed ``office_findings``: validation, import (all or nothing), export, and the older formats."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.apps import apps

from itisa.accounts.models import RoleAssignment
from itisa.agreements import crypto
from itisa.audit.models import AuditEntry
from itisa.dossier.office_findings import findings_sign
from itisa.dossier.services import dossier_export_json, dossier_import, dossier_validate, import_kinds
from itisa.ledger.models import Book, Chart, Fund
from itisa.ledger.services import chart_load
from itisa.ledger.tests.conftest import npo_rows
from itisa.registry.models import Alliance
from tests.factories import UserFactory

SAMPLE = Path(__file__).parent / "data" / "csa.json"
# the office's findings recorded here (the pilot program sits above the dossier: not imported)
Finding = apps.get_model("pilots", "Finding")
GRANT: dict[str, Any] = {
    "name_zh": "课题经费", "kind": "government_grant", "granting_department": "科学技术部", "project": "共性技术",
    "restricted": True,
}  # fmt: skip
FUNDS: dict[str, Any] = {
    "book": {"chart": "npo-2004", "currency": "CNY", "entrusted_to_host": False, "second_approval_above": "50000.00"},
    "funds": [
        {"name_zh": "会费", "kind": "dues", "granting_department": "", "project": "", "restricted": False},
        GRANT,
    ],
    "supervisors": ["supervisor", "nobody_here"],
}  # fmt: skip
OFFICE = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
FINDINGS: dict[str, Any] = {
    "alliance": "CSA",
    "office": "国家试点工作办公室",
    "as_of": "2026-11-28",
    "backbone": [{"organisation": "91440300DM0000021J", "holds": True, "reason": "行业龙头。"}],
    "frontier": [],
}


def with_funds(funds: dict[str, Any] | None = None) -> dict[str, Any]:
    data = json.loads(SAMPLE.read_bytes())
    data["funds"] = copy.deepcopy(funds or FUNDS)
    return data


def per_kind(**counts: int) -> dict[str, int]:
    return {**dict.fromkeys(import_kinds(), 0), **counts}


def rows() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Alliance, Book, Fund, RoleAssignment, Finding, AuditEntry))


@pytest.fixture
def chart(db: Any) -> Chart:
    return chart_load(code="npo-2004", name_zh="民间非营利组织会计制度", rows=npo_rows(), source="npo")


@pytest.fixture
def office_key(settings: Any, tmp_path: Path) -> Path:
    """The office's public key, published here."""
    path = tmp_path / "office.pem.pub"
    path.write_text(crypto.public_pem(crypto.raw_public(OFFICE)), encoding="ascii")
    settings.ITISA_OFFICE_PUBLIC_KEY = str(path)
    return path


def test_the_book_and_its_funds_are_imported_once_and_travel_back_out(chart: Chart) -> None:
    supervisor = UserFactory(username="supervisor")
    result = dossier_import(with_funds())
    assert result.problems == []
    assert (result.created["book"], result.created["fund"]) == (1, 2)
    book = Book.objects.get(alliance__code="CSA")
    assert (book.chart, book.currency, book.entrusted_to_host, book.second_approval_above) == (
        chart, "CNY", False, Decimal("50000.00"),
    )  # fmt: skip
    assert sorted(Fund.objects.filter(book=book).values_list("name_zh", "kind", "granting_department", "restricted")) == [
        ("会费", "dues", "", False),
        ("课题经费", "government_grant", "科学技术部", True),
    ]  # fmt: skip
    # a supervisor is a role of an account: the import grants none, even to an account that exists here
    assert RoleAssignment.objects.filter(user=supervisor).count() == 0
    entries = AuditEntry.objects.filter(
        action="dossier.dossier.imported", object_type__in=["ledger.book", "ledger.fund"]
    )
    assert sorted(e.data["change"] for e in entries) == ["created", "created", "created"]
    exported = json.loads(dossier_export_json(Alliance.objects.get(code="CSA")))
    assert exported["funds"] == {
        **FUNDS,
        "funds": sorted(FUNDS["funds"], key=lambda f: f["name_zh"]),
        "supervisors": [],
    }
    before = rows()
    again = dossier_import(with_funds())
    assert (again.created, again.unchanged["book"], again.unchanged["fund"]) == (per_kind(), 1, 2)
    assert rows() == before


def test_a_book_here_is_brought_in_line_and_audited(chart: Chart) -> None:
    dossier_import(with_funds())
    changed = with_funds({**FUNDS, "book": {**FUNDS["book"], "entrusted_to_host": True}})
    result = dossier_import(changed)
    assert (result.problems, result.updated["book"]) == ([], 1)
    assert Book.objects.get().entrusted_to_host is True
    entry = AuditEntry.objects.filter(object_type="ledger.book").last()
    assert entry is not None and entry.data["changes"] == {"entrusted_to_host": [False, True]}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["funds"]["book"].update(chart="npo-2030"),
            "$.funds.book.chart: The book here keeps the chart npo-2004, not npo-2030.",
        ),
        (
            lambda d: d["funds"]["funds"][1].update(restricted=False),
            "$.funds.funds[1]: The fund 课题经费 exists here with other values.",
        ),
    ],
    ids=["other-chart", "fund-differs"],
)
def test_a_book_or_fund_recorded_otherwise_here_is_a_conflict(
    chart: Chart, change: Callable[[dict[str, Any]], None], problem: str
) -> None:
    dossier_import(with_funds())
    data = with_funds()
    change(data)
    before = rows()
    assert [str(p) for p in dossier_import(data).problems] == [problem]
    assert rows() == before


def test_without_the_chart_here_nothing_is_written(db: Any) -> None:
    result = dossier_import(with_funds())
    assert [str(p) for p in result.problems] == [
        "$.funds.book.chart: The chart of accounts npo-2004 is not loaded here (itisa ledger chart-load)."
    ]
    assert rows() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            lambda d: d["funds"].update(book=None),
            ["$.funds.funds: Funds are kept in a book: give the book."],
        ),
        (
            lambda d: d["funds"]["funds"][1].update(granting_department=" "),
            ["$.funds.funds[1].granting_department: A government grant names its granting department."],
        ),
        (
            lambda d: d["funds"]["funds"].append({**GRANT, "restricted": False}),
            ["$.funds.funds[1].name_zh: The fund 课题经费 appears twice.",
             "$.funds.funds[2].name_zh: The fund 课题经费 appears twice."],
        ),
        (
            lambda d: d["funds"]["supervisors"].extend(["supervisor", ""]),
            ["$.funds.supervisors[2]: The same supervisor appears twice.",
             "$.funds.supervisors[3]: Give the supervisor's username."],
        ),
        (
            lambda d: d["funds"]["book"].update(second_approval_above="1e5"),
            ["$.funds.book.second_approval_above: String should match pattern '^[0-9]{1,14}\\.[0-9]{2}$'"],
        ),
        (
            lambda d: d.update(version="1.3"),
            ["$.funds: The funds section is carried from version 1.4 on.",
             "$.office_findings: The office's findings are carried from version 1.4 on.",
             "$.projects: Projects are carried from version 1.5 on.",
             "$.results: Results are carried from version 1.5 on.",
             "$.background_ip: Background IP declarations are carried from version 1.5 on.",
             "$.diffusion: Diffusion records are carried from version 1.6 on.",
             "$.standards: Standards are carried from version 1.6 on.",
             "$.platforms: Shared platforms are carried from version 1.6 on.",
             "$.talent: Training and exchanges are carried from version 1.6 on.",
             "$.financing: Financing are carried from version 1.6 on."],
        ),
        (
            lambda d: d.update(office_findings=findings_sign({**FINDINGS, "alliance": "SDC"}, OFFICE)),
            ["$.office_findings.findings.alliance: These findings are about SDC, not about this alliance."],
        ),
        (
            lambda d: d.update(office_findings=findings_sign(
                {**FINDINGS, "frontier": [{"organisation": "12100000400000999X", "holds": True, "reason": "?"}]},
                OFFICE)),
            ["$.office_findings.findings.frontier[0].organisation: The organisation 12100000400000999X is not "
             "among the organisations."],
        ),
        (
            lambda d: d.update(office_findings={"findings": FINDINGS, "key_id": "0" * 16, "signature": None}),
            ["$.office_findings.signature: Give both the key id and the signature, or neither."],
        ),
    ],
    ids=[
        "funds-without-book", "grant-without-department", "fund-twice", "supervisor-twice-or-blank",
        "amount-not-decimal", "funds-in-1.3", "findings-of-another-alliance", "findings-on-a-stranger",
        "half-signed",
    ],
)  # fmt: skip
def test_each_problem_of_the_1_4_sections_is_named_by_its_path_and_nothing_is_written(
    chart: Chart, change: Callable[[dict[str, Any]], None], problems: list[str]
) -> None:
    data = with_funds()
    change(data)
    assert [str(p) for p in dossier_validate(data)] == problems
    before = rows()
    assert [str(p) for p in dossier_import(data).problems] == problems
    assert rows() == before


def _tamper(section: dict[str, Any]) -> dict[str, Any]:
    section["findings"]["backbone"][0]["holds"] = False
    return section


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        (lambda: findings_sign(FINDINGS, OFFICE), None),
        (lambda: {"findings": FINDINGS, "key_id": None, "signature": None}, None),
        (
            lambda: _tamper(findings_sign(copy.deepcopy(FINDINGS), OFFICE)),
            "$.office_findings.signature: The signature of the office's findings does not verify: they were "
            "changed after signing.",
        ),
        (
            lambda: findings_sign(FINDINGS, Ed25519PrivateKey.from_private_bytes(bytes(32))),
            "$.office_findings.signature: The findings are signed with the key "
            f"{crypto.key_id(crypto.raw_public(Ed25519PrivateKey.from_private_bytes(bytes(32))))}, not with the "
            f"office's key {crypto.key_id(crypto.raw_public(OFFICE))}.",
        ),
    ],
    ids=["signed", "unsigned", "tampered", "wrong-key"],
)
def test_the_import_refuses_forged_findings_and_stores_none(
    chart: Chart, office_key: Path, section: Callable[[], dict[str, Any]], problem: str | None
) -> None:
    data = with_funds()
    data["office_findings"] = section()
    result = dossier_import(data)
    assert [str(p) for p in result.problems] == ([problem] if problem else [])
    # findings are the office's records, made by its officers here: a dossier's are never stored
    assert (Alliance.objects.count(), Finding.objects.count()) == ((0, 0) if problem else (1, 0))


def test_signed_findings_cannot_be_verified_without_the_office_key(
    chart: Chart, settings: Any, tmp_path: Path
) -> None:
    settings.ITISA_OFFICE_PUBLIC_KEY = str(tmp_path / "missing.pub")
    data = with_funds()
    data["office_findings"] = findings_sign(FINDINGS, OFFICE)
    before = rows()
    assert [str(p) for p in dossier_import(data).problems] == [
        "$.office_findings.signature: The office's public key is not configured here (ITISA_OFFICE_PUBLIC_KEY), "
        "so the signed findings cannot be verified."
    ]
    assert rows() == before


def test_the_signed_bytes_are_the_canonical_json_of_the_findings() -> None:
    section = findings_sign(FINDINGS, OFFICE)
    payload = (
        '{"alliance":"CSA","as_of":"2026-11-28","backbone":[{"holds":true,"organisation":"91440300DM0000021J",'
        '"reason":"行业龙头。"}],"frontier":[],"office":"国家试点工作办公室"}'
    ).encode()
    raw = crypto.raw_public(OFFICE)
    assert crypto.verify(raw, base64.b64decode(section["signature"]), payload)
    assert section["key_id"] == crypto.key_id(raw)
    assert dt.date.fromisoformat(section["findings"]["as_of"]) == dt.date(2026, 11, 28)
