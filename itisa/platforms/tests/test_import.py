"""The Excel import of platforms: the template round trip, every row or none (refused rows with their
numbers and reasons, nothing written), the page with its template download."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core.errors import PermissionDenied
from itisa.core.exports import Sheet, workbook_bytes
from itisa.core.imports import read_xlsx
from itisa.platforms.imports import CODES, ImportRefused, platforms_import, template_sheets
from itisa.platforms.models import Platform
from itisa.platforms.tests.conftest import counts

pytestmark = pytest.mark.usefixtures("clock")
A, B = "914403001922038216", "12100000400000624D"


def _row(**values: Any) -> list[Any]:
    base = {"kind": "equipment", "name_zh": "透射电镜", "host": A, "province": 44, "unit": "hour",
            "open_to_members": "yes", "member_rate": "300.00", "outside_rate": "450"}  # fmt: skip
    base.update(values)
    return [base.get(code, "") for code in CODES]


def _file(*rows: list[Any], header: list[str] = CODES) -> bytes:
    return workbook_bytes([Sheet(name="platforms", header=header, rows=list(rows))])


def test_the_template_reads_back_as_its_own_header_and_example() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert (sheet.header, sheet.rows[0][0], len(sheet.rows)) == (CODES, 2, 1)


def test_every_row_is_registered(world: Any) -> None:
    data = _file(_row(), _row(kind="testing", name_zh="检测中心", host=B, province="11", unit="sample",
                              open_to_members="否", member_rate=80, outside_rate=""))  # fmt: skip
    created = platforms_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert [(p.code, p.kind, p.host_id, p.province, p.unit, p.open_to_members, p.member_rate, p.outside_rate)
            for p in created] == [
        ("P0001", "equipment", world.member_a.pk, "44", "hour", True, Decimal("300.00"), Decimal("450.00")),
        ("P0002", "testing", world.member_b.pk, "11", "sample", False, Decimal("80.00"), None),
    ]  # fmt: skip
    entry = AuditEntry.objects.filter(action="platforms.platform.imported").get()
    assert entry.data == {"rows": 2, "codes": ["P0001", "P0002"]}


def test_one_refused_row_writes_nothing_and_names_each_row(world: Any) -> None:
    before = counts()
    data = _file(_row(), _row(host="91110108551385082Q"), _row(unit="week", open_to_members="maybe"),
                 _row(member_rate="1e3"))  # fmt: skip
    with pytest.raises(ImportRefused) as exc:
        platforms_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert exc.value.message == "3 of 4 rows are refused; nothing was imported."
    assert exc.value.fields == {
        "row 3": ["host: no organisation with the credit code 91110108551385082Q."],
        "row 4": ["open_to_members: write yes or no."],
        "row 5": [
            "member_rate: Not an amount: write the digits 0-9 with an optional minus sign and decimal point, "
            "e.g. -1200.50 (no spaces, exponents or full-width digits)."
        ],
    }
    assert counts() == before


def test_a_wrong_header_and_a_keeper_only(world: Any) -> None:
    with pytest.raises(ImportRefused) as exc:
        platforms_import(
            by=world.user("secretariat"), alliance=world.csa, data=_file(_row(), header=["x", *CODES[1:]])
        )
    assert exc.value.fields == {"header": ["Unknown columns: x.", "Missing columns: kind."]}
    with pytest.raises(PermissionDenied):
        platforms_import(by=world.user("member_contact"), alliance=world.csa, data=_file(_row()))
    assert Platform.objects.count() == 0


def test_the_import_page(world: Any) -> None:
    c = Client()
    c.force_login(world.user("secretariat"))
    template = c.get("/en/alliances/CSA/platforms/import/template/")
    assert template.status_code == 200 and read_xlsx(template.content).header == CODES
    upload = SimpleUploadedFile("p.xlsx", _file(_row(host="nope")))
    page = c.post("/en/alliances/CSA/platforms/import/", {"file": upload})
    assert page.status_code == 200 and 'data-testid="refused-rows"' in page.content.decode()
    upload = SimpleUploadedFile("p.xlsx", _file(_row()))
    assert c.post("/en/alliances/CSA/platforms/import/", {"file": upload}).status_code == 302
    assert Platform.objects.get().code == "P0001"
    other = Client()
    other.force_login(world.user("member_contact"))
    assert other.get("/en/alliances/CSA/platforms/import/").status_code == 403
