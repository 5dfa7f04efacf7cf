"""The organisation import: the bilingual template round trip, the preview (every row, nothing written),
all rows or none with row-numbered reasons, credit codes from the reference samples (valid, failing a
check, already registered, twice in the file), hostile files refused, the permission, and the pages:
upload → preview → confirm, which reads and checks the kept file again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet, workbook_bytes
from itisa.core.imports import ImportRefused, bilingual_header, read_xlsx
from itisa.core.tests.upload_files import with_formula, zip_bomb
from itisa.registry.imports import COLUMNS, organisations_import, organisations_preview, template_sheets
from itisa.registry.models import Organisation, Person

SAMPLES = {
    row["code"]: row["organization_name"]
    for row in csv.DictReader(
        line
        for line in (Path(__file__).parent / "uscc-samples.csv").read_text().splitlines()
        if not line.startswith("#")
    )
}
BEIHANG, BYD, PETRO = "12100000400011227Y", "91440300192317458F", "91110000710925462X"
HEADER = [bilingual_header(c) for c in COLUMNS]


def _row(**values: str) -> list[str]:
    base = {"uscc": BEIHANG, "name_zh": SAMPLES[BEIHANG], "kind": "university", "province": "11",
            "region_code": "110108", "industry": "P"}  # fmt: skip
    base.update(values)
    return [base.get(c.code, "") for c in COLUMNS]


def _file(*rows: list[str], header: list[str] = HEADER) -> bytes:
    return workbook_bytes([Sheet(name="organisations", header=header, rows=list(rows))])


def _good() -> bytes:
    return _file(
        _row(),
        _row(uscc=BYD.lower(), name_zh=SAMPLES[BYD], name_en="BYD Company Limited", kind="企业", ownership="Private",
             province="广东省", region_code="440300", industry="制造业", address="深圳市坪山区比亚迪路3009号",
             legal_rep_name_zh="王传福", legal_rep_title="董事长", legal_rep_phone="0755-89888888",
             legal_rep_email="ir@byd.com"),
    )  # fmt: skip


def _state() -> tuple[int, int, int]:
    return Organisation.objects.count(), Person.objects.count(), AuditEntry.objects.count()


def test_the_template_names_each_column_in_chinese_and_english_and_reads_back() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert sheet.header[:2] == ["统一社会信用代码 / Unified social credit code", "中文名称 / Name (Chinese)"]
    assert (len(sheet.header), len(sheet.rows)) == (len(COLUMNS), 1)


def test_the_preview_lists_every_row_and_writes_nothing(world: Any) -> None:
    before = _state()
    rows = organisations_preview(by=world.user("national_officer"), data=_good())
    assert [(r.number, r.shown["uscc"], r.shown["kind"], r.shown["province"], r.problems) for r in rows] == [
        (2, BEIHANG, "University", "Beijing", []),
        (3, BYD, "Enterprise", "Guangdong", []),
    ]
    assert _state() == before


def test_every_row_is_registered_and_audited(world: Any) -> None:
    created = organisations_import(by=world.user("secretariat"), data=_good())
    assert [
        (o.uscc, o.name_zh, o.kind, o.ownership, o.province, o.region_code, o.industry) for o in created
    ] == [
        (BEIHANG, "北京航空航天大学", "university", "", "11", "110108", "P"),
        (BYD, "比亚迪股份有限公司", "enterprise", "private", "44", "440300", "C"),
    ]
    rep = created[1].legal_representative
    assert (rep.name_zh, rep.title, rep.phone, rep.email) == (
        "王传福",
        "董事长",
        "0755-89888888",
        "ir@byd.com",
    )
    assert created[0].legal_representative is None
    entries = AuditEntry.objects.filter(action="registry.organisation.created").order_by("seq")
    assert [(e.object_id, e.actor.username, e.data["uscc"]) for e in entries] == [
        (str(created[0].pk), "secretariat", BEIHANG),
        (str(created[1].pk), "secretariat", BYD),
    ]


def test_bad_rows_are_refused_with_their_numbers_and_nothing_is_written(world: Any) -> None:
    data = _file(
        _row(),  # row 2: fine
        _row(uscc="12100000400011227X"),  # row 3: the sample with a wrong check character
        _row(uscc=world.member_a.uscc, name_zh="甲公司"),  # row 4: already registered
        _row(
            uscc=PETRO, name_zh=SAMPLES[PETRO], kind="enterprise", region_code="110000", industry="B"
        ),  # row 5
        _row(uscc=BEIHANG),  # row 6: the same code as row 2
        _row(uscc="12345", kind="school", province="", region_code="440300"),  # row 7
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        organisations_import(by=world.user("national_officer"), data=data)
    assert refused.value.message == "5 of 6 rows are refused; nothing was imported."
    assert refused.value.fields == {
        "row 3": ["Unified social credit code: The check character (character 18, GB 32100) fails; expected Y. "
                  "An officer may accept the code after checking the business licence, giving a reason."],
        "row 4": ["Unified social credit code: 914403001922038216 is already registered; remove this row "
                  "(the registered record is kept on its own page)."],
        "row 5": ["Ownership: Give the ownership of an enterprise."],
        "row 6": ["Unified social credit code: the same code as row 2."],
        "row 7": ["Province: required.", "Kind: school is not one of the choices."],
    }  # fmt: skip
    assert _state() == before


def test_the_reasons_are_in_chinese_under_the_chinese_ui(world: Any) -> None:
    with translation.override("zh-hans"), pytest.raises(ImportRefused) as refused:
        organisations_import(by=world.user("national_officer"), data=_file(_row(), _row(uscc=BEIHANG)))
    assert refused.value.fields == {"第 3 行": ["统一社会信用代码：与第 2 行的代码相同。"]}


def test_only_those_who_register_organisations_may_import(world: Any) -> None:
    before = _state()
    for persona in ("member_contact", "expert", "outsider"):
        with pytest.raises(PermissionDenied):
            organisations_preview(by=world.user(persona), data=_good())
        with pytest.raises(PermissionDenied):
            organisations_import(by=world.user(persona), data=_good())
    assert _state() == before


def _many_rows() -> bytes:
    return _file(*[_row(uscc=f"{n:018d}") for n in range(2001)])


@pytest.mark.parametrize(
    ("data", "message", "fields"),
    [
        (lambda: b"uscc,name_zh\n12100000400011227Y,x\n", "Not an Excel workbook (.xlsx).", {}),
        (lambda: b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB.", {}),
        (zip_bomb, "The workbook unpacks to too much data.", {}),
        (_many_rows, "The sheet has more than 2000 rows; split it into several files.", {}),
        (lambda: with_formula(HEADER, _row(), "B2", '=CONCAT("北京","航空航天大学")'),
         "Cell B2 holds a formula; write the values themselves (paste as values).", {}),
        (lambda: _file(_row(), header=[*HEADER[:5], "省份代码", *HEADER[6:]]), "The header row is not the template's.",
         {"header": ["Unknown columns: 省份代码.", "Missing columns: province."]}),
        (lambda: _file(header=HEADER), "The sheet has no rows to import.", {}),
    ],
    ids=["csv", "too-large", "zip-bomb", "too-many-rows", "formula", "header", "empty"],
)  # fmt: skip
def test_hostile_files_are_refused_with_nothing_written(
    world: Any, data: Any, message: str, fields: Any
) -> None:
    before = _state()
    for call in (organisations_preview, organisations_import):
        with pytest.raises(DomainError) as refused:
            call(by=world.user("national_officer"), data=data())
        assert (refused.value.message, refused.value.fields) == (message, fields)
    assert _state() == before


def test_headers_may_be_the_chinese_or_english_names_or_the_codes(world: Any) -> None:
    header = ["统一社会信用代码", "Name (Chinese)", *[c.code for c in COLUMNS[2:]]]
    created = organisations_import(by=world.user("national_officer"), data=_file(_row(), header=header))
    assert [o.uscc for o in created] == [BEIHANG]


# -- the pages ---------------------------------------------------------------------------------------


def _upload(client: Client, data: bytes) -> Any:
    return client.post("/en/organisations/import/", {"file": io.BytesIO(data)}, format="multipart")


@pytest.fixture
def officer(world: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.user("national_officer"))
    return client


def test_upload_shows_the_preview_and_confirm_imports_the_kept_file(officer: Client, tmp_path: Path) -> None:
    before = _state()
    page = _upload(officer, _good())
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="preview-row"') == 2
    token = page.context["token"]
    assert token and _state() == before
    assert [p.name for p in (tmp_path / "imports").iterdir()] == [f"{token}.xlsx"]
    done = officer.post("/en/organisations/import/", {"token": token})
    assert done.status_code == 302 and done["Location"] == "/en/organisations/"
    assert sorted(Organisation.objects.filter(uscc__in=[BEIHANG, BYD]).values_list("uscc", flat=True)) == [
        BEIHANG,
        BYD,
    ]
    assert list((tmp_path / "imports").iterdir()) == []


def test_a_refused_preview_offers_no_import(officer: Client) -> None:
    page = _upload(officer, _file(_row(), _row(uscc=BEIHANG)))
    body = page.content.decode()
    assert page.context["token"] == "" and 'data-testid="import-confirm"' not in body
    assert "Unified social credit code: the same code as row 2." in body


def test_confirm_checks_the_file_again(officer: Client, world: Any) -> None:
    token = _upload(officer, _good()).context["token"]
    organisations_import(by=world.user("national_officer"), data=_file(_row()))  # registered in between
    before = _state()
    page = officer.post("/en/organisations/import/", {"token": token})
    assert page.status_code == 200
    assert [(r.number, r.problems) for r in page.context["rows"]] == [
        (2, ["Unified social credit code: 12100000400011227Y is already registered; remove this row "
             "(the registered record is kept on its own page)."]),
        (3, []),
    ]  # fmt: skip
    assert _state() == before


def test_a_token_from_another_session_is_refused(officer: Client, world: Any) -> None:
    token = _upload(officer, _good()).context["token"]
    other = Client()
    other.force_login(world.user("secretariat"))
    before = _state()
    page = other.post("/en/organisations/import/", {"token": token})
    assert "The uploaded file is no longer available; upload it again." in page.content.decode()
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "status", "link"),
    [("national_officer", 200, True), ("secretariat", 200, True), ("member_contact", 403, False)],
)
def test_the_import_is_linked_and_open_only_for_those_permitted(
    world: Any, persona: str, status: int, link: bool
) -> None:
    client = Client()
    client.force_login(world.user(persona))
    assert client.get("/en/organisations/import/").status_code == status
    assert client.get("/en/organisations/template.xlsx").status_code == status
    assert ('data-testid="organisation-import"' in client.get("/en/organisations/").content.decode()) is link


# -- the API and the command -------------------------------------------------------------------------


def test_the_api_previews_then_imports(officer: Client) -> None:
    before = _state()
    preview = officer.post("/api/organisations/import/preview", {"file": io.BytesIO(_good())})
    assert preview.status_code == 200
    body = preview.json()
    assert (body["refused"], [(r["row"], r["values"]["kind"], r["values"]["province"]) for r in body["rows"]]) == (
        0, [(2, "university", "11"), (3, "enterprise", "44")],
    )  # fmt: skip
    assert _state() == before
    done = officer.post("/api/organisations/import", {"file": io.BytesIO(_good())})
    assert (done.status_code, done.json()) == (201, {"imported": 2, "codes": [BEIHANG, BYD]})


def test_the_api_refuses_with_row_numbers_and_writes_nothing(officer: Client, world: Any) -> None:
    before = _state()
    refused = officer.post(
        "/api/organisations/import", {"file": io.BytesIO(_file(_row(), _row(uscc=BEIHANG)))}
    )
    assert refused.status_code == 422
    assert refused.json()["fields"] == {
        "第 3 行": ["统一社会信用代码：与第 2 行的代码相同。"]
    }  # the API speaks Chinese
    denied = Client()
    denied.force_login(world.user("member_contact"))
    assert denied.post("/api/organisations/import", {"file": io.BytesIO(_good())}).status_code == 403
    assert _state() == before


def test_the_command_writes_the_template_previews_and_imports(world: Any, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    call_command("organisation", "template", "-o", str(template), stdout=io.StringIO())
    assert read_xlsx(template.read_bytes()).header == HEADER
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(_file(_row(), _row(uscc=BEIHANG)))
    good.write_bytes(_good())
    before = _state()
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("organisation", "import", str(bad), "--as", "national_officer", "--preview", stdout=out)
    assert out.getvalue().splitlines() == [
        "row 2: OK",
        "row 3: Unified social credit code: the same code as row 2.",
    ]
    assert str(refused.value) == "1 rows are refused."
    with pytest.raises(CommandError):
        call_command("organisation", "import", str(good), "--as", "member_contact", stdout=io.StringIO())
    assert _state() == before
    out = io.StringIO()
    call_command("organisation", "import", str(good), "--as", "national_officer", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"imported": 2, "keys": [BEIHANG, BYD]}
