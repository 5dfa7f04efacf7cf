"""The Excel import: the template round trip, every row or none (refused rows with their numbers), and
hostile files refused before anything is read (not a workbook, too large, a zip bomb, too many rows)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal as D
from typing import Any

import pytest

from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet, workbook_bytes
from itisa.core.imports import read_xlsx
from itisa.results.imports import CODES, ImportRefused, results_import, template_sheets
from itisa.results.models import Result
from itisa.results.tests.conftest import counts, owners_of

pytestmark = pytest.mark.usefixtures("clock")
A, B = "914403001922038216", "12100000400000624D"


def _row(**values: Any) -> list[Any]:
    base = {"kind": "invention", "title_zh": "外延结构", "number": "ZL201811564288.X", "status": "granted",
            "filed_on": dt.date(2018, 12, 20), "granted_on": "2021-03-02", "contributions": f"{A}:60；{B}:40",
            "inventors": "张三:70; 李四:30"}  # fmt: skip
    base.update(values)
    return [base.get(code, "") for code in CODES]


def _file(*rows: list[Any], header: list[str] = CODES) -> bytes:
    return workbook_bytes([Sheet(name="results", header=header, rows=list(rows))])


def test_the_template_reads_back_as_its_own_header_and_example() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert (sheet.header, sheet.rows[0][0], len(sheet.rows)) == (CODES, 2, 1)


def test_every_row_is_registered(world: Any) -> None:
    data = _file(
        _row(),
        _row(kind="utility_model", number="201821844933.9", title_zh="物体检测动作机构", contributions=f"{B}:100",
             inventors="", filed_on="2018-11-09", granted_on=dt.date(2019, 8, 2)),
        _row(kind="paper", number="", status="recorded", filed_on="", granted_on="", title_zh="论文"),
    )  # fmt: skip
    created = results_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert [(r.code, r.kind, r.number, r.status) for r in created] == [
        ("R00001", "invention", "201811564288.X", "granted"),
        ("R00002", "utility_model", "201821844933.9", "granted"),
        ("R00003", "paper", "", "recorded"),
    ]
    assert owners_of(created[1]) == [("乙大学", D("100.00"))]
    assert [(i.name, i.share) for i in created[0].inventors.order_by("pk")] == [
        ("张三", D("70.00")),
        ("李四", D("30.00")),
    ]


def test_bad_rows_are_refused_with_their_numbers_and_nothing_is_written(world: Any) -> None:
    data = _file(
        _row(),  # row 2: fine
        _row(number="ZL201811564288.5", title_zh="校验位错"),  # row 3
        _row(contributions=f"{A}:60；{B}:30", number="ZL99113861.9", filed_on="1999-08-01"),  # row 4
        _row(),  # row 5: the same number as row 2
        _row(kind="", contributions="91110000000000000X:100", filed_on="2018/12/20"),  # row 6
    )  # fmt: skip
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        results_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert refused.value.message == "4 of 5 rows are refused; nothing was imported."
    assert refused.value.fields == {
        "row 3": ["number: The check character is wrong: it should be X."],
        "row 4": ["contributions: The shares add up to 90.00%, not 100%."],
        "row 5": ["number: This number is already in the register."],
        "row 6": ["kind: required.", "filed_on: write the date as YYYY-MM-DD.",
                  "contributions: no organisation with the credit code 91110000000000000X."],
    }  # fmt: skip
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"kind,title_zh\ninvention,x\n", "Not an Excel workbook (.xlsx)."),
        (b"PK\x03\x04" + b"\0" * 100, "Not an Excel workbook (.xlsx)."),
        (b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
    ],
    ids=["csv", "broken-zip", "too-large"],
)
def test_hostile_files_are_refused(world: Any, data: bytes, message: str) -> None:
    before = counts()
    with pytest.raises(DomainError) as refused:
        results_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert refused.value.message == message
    assert counts() == before


def _package(main_type: str) -> bytes:
    """A real workbook whose content types declare ``main_type`` for its main part instead."""
    source = zipfile.ZipFile(io.BytesIO(_file(_row())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    main_type.encode(),
                )
            archive.writestr(info.filename, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "main_type",
    [
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ],
    ids=["xlsm", "xltx", "docx"],
)
def test_a_package_that_is_not_a_plain_workbook_is_refused(world: Any, main_type: str) -> None:
    before = counts()
    with pytest.raises(DomainError) as refused:
        results_import(by=world.user("secretariat"), alliance=world.csa, data=_package(main_type))
    assert refused.value.message == "Not an Excel workbook (.xlsx)."
    assert counts() == before


def test_a_plain_zip_without_content_types_is_refused(world: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", b"hello")
    with pytest.raises(DomainError, match=r"Not an Excel workbook \(.xlsx\)."):
        results_import(by=world.user("secretariat"), alliance=world.csa, data=buffer.getvalue())


def test_reading_stops_after_a_thousand_empty_rows() -> None:
    gap = [[""] * 3 for _ in range(999)]
    near = read_xlsx(workbook_bytes([Sheet(name="s", header=["a"], rows=[["1"], *gap, ["2"]])]))
    assert [(n, cells) for n, cells in near.rows] == [(2, ["1"]), (1002, ["2"])]
    far = read_xlsx(workbook_bytes([Sheet(name="s", header=["a"], rows=[["1"], *gap, [""], ["2"]])]))
    assert [(n, cells) for n, cells in far.rows] == [(2, ["1"])]


def test_a_future_patent_year_and_a_contract_owner_outside_the_alliance_are_refused(
    world: Any, agreement_world: Any
) -> None:
    from itisa.results.tests.conftest import make_agreement

    make_agreement(agreement_world, "by_project_contract")
    outsider = world.sd_org.uscc
    data = _file(
        _row(number="ZL203510012345.0", owners=f"{A}:100", document_ref="合同1"),  # row 2
        _row(number="ZL99113861.9", filed_on="1999-08-01", granted_on="2001-01-01",
             owners=f"{outsider}:100", document_ref="合同2"),  # row 3
    )  # fmt: skip
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        results_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert refused.value.fields == {
        "row 2": ["number: The application year 2035 is in the future."],
        "row 3": ["owners: Choose an active member of the alliance."],
    }
    assert counts() == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(DomainError, match="The workbook unpacks to too much data."):
        results_import(by=world.user("secretariat"), alliance=world.csa, data=buffer.getvalue())


def test_too_many_rows_and_a_foreign_header_are_refused(world: Any) -> None:
    s = world.user("secretariat")
    with pytest.raises(DomainError, match="The sheet has more than 2000 rows; split it into several files."):
        results_import(
            by=s, alliance=world.csa, data=_file(*[_row(title_zh=f"结果{i}") for i in range(2001)])
        )
    with pytest.raises(ImportRefused) as refused:
        results_import(
            by=s, alliance=world.csa, data=_file(["x"], header=["kind", "title_zh", "=cmd|' /C calc'!A0"])
        )
    assert refused.value.fields == {"header": [
        "Unknown columns: '=cmd|' /C calc'!A0.", "Missing columns: status, contributions.",
    ]}  # fmt: skip
    assert Result.objects.count() == 0


def test_only_the_secretariat_imports(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        results_import(by=world.user("member_contact"), alliance=world.csa, data=_file(_row()))
    assert Result.objects.count() == 0
