"""A government fund supervisor (external, read-only) sees only the grants its department made."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from itisa.accounts.services import role_grant
from itisa.core.errors import DomainError, PermissionDenied
from itisa.ledger.services import entry_draft, fund_create
from itisa.ledger.tests.test_reports import _post_all
from tests.factories import UserFactory


def _supervisor(department: str) -> Any:
    user = UserFactory(username="gov-most")
    admin = UserFactory(username="admin-x", is_superuser=True, is_staff=True)
    role_grant(by=admin, user=user, role="government_supervisor", department=department)
    return user


def test_the_role_is_scoped_to_a_department(world: Any) -> None:
    admin = UserFactory(username="admin-y", is_superuser=True, is_staff=True)
    user = UserFactory(username="gov-z")
    with pytest.raises(DomainError, match="scoped to"):
        role_grant(by=admin, user=user, role="government_supervisor")
    with pytest.raises(DomainError, match="scoped to"):
        role_grant(
            by=admin, user=user, role="government_supervisor", department="科学技术部", alliance=world.csa
        )
    assert (
        role_grant(by=admin, user=user, role="government_supervisor", department="科学技术部").department
        == "科学技术部"
    )


def test_a_government_supervisor_reads_its_grants_only_and_writes_nothing(world: Any, books: Any) -> None:
    other = fund_create(
        by=world.user("secretariat"), book=books.book, kind="government_grant", name_zh="省级专项",
        granting_department="广东省科学技术厅",
    )  # fmt: skip
    _post_all(world, books)
    most = _supervisor("科学技术部")
    c = Client()
    c.force_login(most)
    page = c.get("/en/alliances/CSA/ledger/grants/").content.decode()
    assert page.count('data-testid="grant-fund"') == 1
    assert "省级专项" not in page
    assert page.count('data-testid="grant-posting"') == 4  # grant receipt and the test fee, two postings each
    wb = load_workbook(BytesIO(c.get("/en/alliances/CSA/ledger/grants/?format=xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert len(rows) == 5 and rows[1][2] == "国家重点研发计划课题经费"
    pdf = c.get("/en/alliances/CSA/ledger/grants/?format=pdf")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert c.get("/en/alliances/CSA/ledger/").status_code == 403  # not the whole books
    with pytest.raises(PermissionDenied):
        entry_draft(
            by=most, book=books.book, date=dt.date(2026, 5, 1), memo="x", idempotency_key="g",
            postings=[{"account": "1002", "fund": str(other.pk), "amount": "1"}, {"account": "4401", "fund": str(other.pk), "amount": "-1"}],
        )  # fmt: skip
    outsider = Client()
    outsider.force_login(world.user("outsider"))
    assert outsider.get("/en/alliances/CSA/ledger/grants/").status_code == 403
