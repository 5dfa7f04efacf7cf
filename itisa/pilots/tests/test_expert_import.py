"""The expert-pool import: the bilingual template, the preview (nothing written), every row or none with
row-numbered reasons, hostile files refused, the permission (the national office only), the pages (link,
upload → preview → confirm), the API and the command."""

from __future__ import annotations

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
from itisa.pilots.imports import COLUMNS, experts_import, experts_preview, template_sheets
from itisa.pilots.models import Expert
from itisa.pilots.tests.pilot_fixtures import make_expert
from tests.factories import OrganisationFactory, UserFactory

BEIHANG, PETRO = "12100000400011227Y", "91110000710925462X"
HEADER = [bilingual_header(c) for c in COLUMNS]


def _file(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    return workbook_bytes([Sheet(name="experts", header=header, rows=list(rows))])


@pytest.fixture
def beihang(world: Any) -> Any:
    """The organisation and the accounts the rows name."""
    for username in ("zhang.wei", "li.na", "chen.gang", "zhao.lei"):
        UserFactory(username=username)
    return OrganisationFactory(uscc=BEIHANG, name_zh="北京航空航天大学", kind="university", ownership="")


def _good() -> bytes:
    return _file(["zhang.wei", "张伟", BEIHANG.lower(), "半导体照明, 新材料"], ["li.na", " 李娜 ", "", ""])


def _state() -> tuple[int, int]:
    return Expert.objects.count(), AuditEntry.objects.count()


def test_the_template_names_each_column_in_chinese_and_english() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert sheet.header == [
        "账号（用户名） / Account (username)",
        "姓名 / Name",
        "所在单位（统一社会信用代码） / Organisation (unified social credit code)",
        "专业领域 / Fields of speciality",
    ]
    assert sheet.rows == [(2, ["zhang.wei", "张伟", BEIHANG, "半导体照明, 新材料"])]
    with translation.override("zh-hans"):
        columns = read_xlsx(workbook_bytes(template_sheets()[1:]))
    assert (columns.header, [r[1][:3] for r in columns.rows]) == (
        ["列", "名称", "必填", "填写内容"],
        [["username", "账号（用户名）", "是"], ["name", "姓名", "是"],
         ["organisation", "所在单位（统一社会信用代码）", ""], ["specialities", "专业领域", ""]],
    )  # fmt: skip


def test_the_preview_writes_nothing_and_the_import_adds_and_audits_every_row(
    world: Any, beihang: Any
) -> None:
    office = world.user("national_officer")
    before = _state()
    rows = experts_preview(by=office, data=_good())
    assert [(r.number, r.values, r.problems) for r in rows] == [
        (2, {"username": "zhang.wei", "name": "张伟", "organisation": BEIHANG, "specialities": "半导体照明, 新材料"}, []),
        (3, {"username": "li.na", "name": "李娜", "organisation": "", "specialities": ""}, []),
    ]  # fmt: skip
    assert rows[0].shown["organisation"] == f"{BEIHANG} 北京航空航天大学"
    assert _state() == before
    created = experts_import(by=office, data=_good())
    assert [(e.user.username, e.name, e.organisation and e.organisation.uscc, e.specialities, e.active)
            for e in created] == [
        ("zhang.wei", "张伟", BEIHANG, "半导体照明, 新材料", True),
        ("li.na", "李娜", None, "", True),
    ]  # fmt: skip
    assert Expert.objects.count() == before[0] + 2
    entries = AuditEntry.objects.filter(action="pilots.expert.added").order_by("seq")
    assert [(e.object_id, e.actor.username, e.data) for e in entries] == [
        (str(created[0].pk), "national_officer",
         {"user": "zhang.wei", "name": "张伟", "organisation": BEIHANG, "specialities": "半导体照明, 新材料"}),
        (str(created[1].pk), "national_officer",
         {"user": "li.na", "name": "李娜", "organisation": None, "specialities": ""}),
    ]  # fmt: skip


def test_bad_rows_are_refused_with_their_numbers_and_columns_and_nothing_is_written(
    world: Any, beihang: Any
) -> None:
    make_expert(world, "王工", username="wang.gong")
    data = _file(
        ["zhang.wei", "张伟", BEIHANG, ""],  # row 2: fine
        ["nobody", "无名", "", ""],  # row 3: no such account
        ["wang.gong", "王工", "", ""],  # row 4: already an expert
        ["zhang.wei", "张伟", "", ""],  # row 5: the same account as row 2
        ["li.na", "  ", PETRO, ""],  # row 6
        ["chen.gang", "陈" * 101, "", ""],  # row 7
        ["zhao.lei", "赵磊", "", "光" * 301],  # row 8
        ["", "", "", ""],  # an empty row is skipped, not refused
        ["", "孙工", "", ""],  # row 10
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        experts_import(by=world.user("national_officer"), data=data)
    assert refused.value.message == "7 of 8 rows are refused; nothing was imported."
    assert refused.value.fields == {
        "row 3": ["Account (username): no account with the username nobody."],
        "row 4": ["Account (username): wang.gong is already an expert (in the pool or removed from it)."],
        "row 5": ["Account (username): the same account as row 2."],
        "row 6": ["Name: required.",
                  "Organisation (unified social credit code): no organisation with the credit code "
                  "91110000710925462X is registered."],
        "row 7": ["Name: at most 100 characters."],
        "row 8": ["Fields of speciality: at most 300 characters."],
        "row 10": ["Account (username): required."],
    }  # fmt: skip
    assert _state() == before
    assert not AuditEntry.objects.filter(action="pilots.expert.added", data__user="zhang.wei").exists()


def test_the_reasons_are_in_chinese_for_a_chinese_reader(world: Any, beihang: Any) -> None:
    with translation.override("zh-hans"), pytest.raises(ImportRefused) as refused:
        experts_import(by=world.user("national_officer"), data=_file(["nobody", "", "", ""]))
    assert (refused.value.message, refused.value.fields) == (
        "1 行中有 1 行被拒绝，未导入任何内容。",
        {"第 2 行": ["账号（用户名）：不存在用户名为 nobody 的账号。", "姓名：必填。"]},
    )


def test_only_the_national_office_may_import(world: Any, beihang: Any) -> None:
    before = _state()
    for persona in ("secretariat", "provincial_officer", "expert", "outsider"):
        with pytest.raises(PermissionDenied):
            experts_preview(by=world.user(persona), data=_good())
        with pytest.raises(PermissionDenied):
            experts_import(by=world.user(persona), data=_good())
    assert _state() == before


@pytest.mark.parametrize(
    ("data", "message", "fields"),
    [
        (lambda: b"username,name\nzhang.wei,x\n", "Not an Excel workbook (.xlsx).", {}),
        (lambda: b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB.", {}),
        (zip_bomb, "The workbook unpacks to too much data.", {}),
        (lambda: _file(*[[f"user{n}", "张伟", "", ""] for n in range(2001)]),
         "The sheet has more than 2000 rows; split it into several files.", {}),
        (lambda: with_formula(HEADER, ["zhang.wei", "", "", ""], "B2", '=CONCAT("张","伟")'),
         "Cell B2 holds a formula; write the values themselves (paste as values).", {}),
        (lambda: _file(["zhang.wei", ""], header=[HEADER[0], "职称"]), "The header row is not the template's.",
         {"header": ["Unknown columns: 职称.", "Missing columns: name."]}),
        (lambda: _file(header=HEADER), "The sheet has no rows to import.", {}),
    ],
    ids=["csv", "too-large", "zip-bomb", "too-many-rows", "formula", "header", "empty"],
)  # fmt: skip
def test_hostile_files_are_refused_with_nothing_written(
    world: Any, beihang: Any, data: Any, message: str, fields: Any
) -> None:
    before = _state()
    for call in (experts_preview, experts_import):
        with pytest.raises(DomainError) as refused:
            call(by=world.user("national_officer"), data=data())
        assert (refused.value.message, refused.value.fields) == (message, fields)
    assert _state() == before


def test_headers_may_be_the_chinese_or_english_names_or_the_codes(world: Any, beihang: Any) -> None:
    header = ["账号（用户名）", "Name", "organisation", "专业领域"]
    created = experts_import(
        by=world.user("national_officer"), data=_file(["zhang.wei", "张伟", BEIHANG, "新材料"], header=header)
    )
    assert [(e.user.username, e.name, e.specialities) for e in created] == [("zhang.wei", "张伟", "新材料")]


# -- the pages ---------------------------------------------------------------------------------------


@pytest.fixture
def office(world: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.user("national_officer"))
    return client


def _upload(client: Client, data: bytes) -> Any:
    return client.post("/en/pilots/experts/import/", {"file": io.BytesIO(data)}, format="multipart")


def test_upload_shows_the_preview_and_confirm_imports_the_kept_file(
    office: Client, beihang: Any, tmp_path: Path
) -> None:
    before = _state()
    page = _upload(office, _good())
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="preview-row"') == 2
    token = page.context["token"]
    assert token and _state() == before
    done = office.post("/en/pilots/experts/import/", {"token": token})
    assert (done.status_code, done["Location"]) == (302, "/en/pilots/experts/")
    assert sorted(Expert.objects.values_list("user__username", flat=True)) == ["li.na", "zhang.wei"]
    assert list((tmp_path / "imports").iterdir()) == []


def test_a_refused_preview_offers_no_import(office: Client, beihang: Any) -> None:
    before = _state()
    page = _upload(office, _file(["zhang.wei", "张伟", "", ""], ["zhang.wei", "张伟", "", ""]))
    body = page.content.decode()
    assert page.context["token"] == "" and 'data-testid="import-confirm"' not in body
    assert "Account (username): the same account as row 2." in body
    assert _state() == before


def test_confirm_checks_the_file_again(office: Client, world: Any, beihang: Any) -> None:
    token = _upload(office, _good()).context["token"]
    make_expert(world, "张伟", username="zhang.wei")  # added by hand in between
    before = _state()
    page = office.post("/en/pilots/experts/import/", {"token": token})
    assert page.status_code == 200
    assert [(r.number, r.problems) for r in page.context["rows"]] == [
        (2, ["Account (username): zhang.wei is already an expert (in the pool or removed from it)."]),
        (3, []),
    ]
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("national_officer", 200), ("secretariat", 403), ("provincial_officer", 403), ("expert", 403)],
)
def test_the_import_is_linked_and_open_only_for_the_national_office(
    world: Any, beihang: Any, settings: Any, tmp_path: Path, persona: str, status: int
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.user(persona))
    before = _state()
    assert client.get("/en/pilots/experts/import/").status_code == status
    assert _upload(client, _good()).status_code == status
    assert client.get("/en/pilots/experts/template.xlsx").status_code == status
    experts = client.get("/en/pilots/experts/")
    assert experts.status_code == status
    assert ('data-testid="expert-import"' in experts.content.decode()) is (status == 200)
    assert _state() == before


# -- the API and the command -------------------------------------------------------------------------


def test_the_api_gives_the_template_previews_then_imports(office: Client, beihang: Any) -> None:
    template = office.get("/api/pilots/experts/import/template")
    assert template.status_code == 200
    assert read_xlsx(template.content).header == HEADER
    before = _state()
    preview = office.post("/api/pilots/experts/import/preview", {"file": io.BytesIO(_good())})
    assert preview.status_code == 200
    assert preview.json() == {
        "refused": 0,
        "rows": [
            {"row": 2, "problems": [], "values": {"username": "zhang.wei", "name": "张伟", "organisation": BEIHANG,
                                                  "specialities": "半导体照明, 新材料"}},
            {"row": 3, "problems": [], "values": {"username": "li.na", "name": "李娜", "organisation": "",
                                                  "specialities": ""}},
        ],
    }  # fmt: skip
    assert _state() == before
    done = office.post("/api/pilots/experts/import", {"file": io.BytesIO(_good())})
    assert (done.status_code, done.json()) == (201, {"imported": 2, "codes": ["zhang.wei", "li.na"]})
    assert _state() == (before[0] + 2, before[1] + 2)


def test_the_api_refuses_with_row_numbers_and_writes_nothing(
    office: Client, world: Any, beihang: Any
) -> None:
    before = _state()
    refused = office.post(
        "/api/pilots/experts/import", {"file": io.BytesIO(_file(["nobody", "无名", "", ""]))}
    )
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"第 2 行": ["账号（用户名）：不存在用户名为 nobody 的账号。"]}
    denied = Client()
    denied.force_login(world.user("secretariat"))
    assert denied.get("/api/pilots/experts/import/template").status_code == 403
    assert denied.post("/api/pilots/experts/import/preview", {"file": io.BytesIO(_good())}).status_code == 403
    assert denied.post("/api/pilots/experts/import", {"file": io.BytesIO(_good())}).status_code == 403
    assert Client().post("/api/pilots/experts/import", {"file": io.BytesIO(_good())}).status_code == 401
    assert _state() == before


def test_the_command_writes_the_template_previews_and_imports_with_progress(
    world: Any, beihang: Any, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    call_command("expert", "template", "-o", str(template), stdout=io.StringIO())
    assert read_xlsx(template.read_bytes()).header == HEADER
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(_file(["zhang.wei", "张伟", "", ""], ["zhang.wei", "张伟", "", ""]))
    good.write_bytes(_good())
    before = _state()
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("expert", "import", str(bad), "--as", "national_officer", "--preview", stdout=out)
    assert out.getvalue().splitlines() == [
        "row 2: OK",
        "row 3: Account (username): the same account as row 2.",
    ]
    assert str(refused.value) == "1 rows are refused."
    with pytest.raises(CommandError) as denied:
        call_command("expert", "import", str(good), "--as", "secretariat", stdout=io.StringIO())
    assert str(denied.value) == "Only national office officers run the pilot program."
    with pytest.raises(CommandError) as refused:
        call_command("expert", "import", str(bad), "--as", "national_officer", stdout=io.StringIO())
    assert str(refused.value) == (
        "1 of 2 rows are refused; nothing was imported. row 3: Account (username): the same account as row 2."
    )
    assert _state() == before
    out, err = io.StringIO(), io.StringIO()
    call_command("expert", "import", str(good), "--as", "national_officer", stdout=out, stderr=err)
    assert (out.getvalue(), err.getvalue()) == (
        "2 experts are in the pool.\n",
        "1 of 2 rows done\n2 of 2 rows done\n",
    )
    assert _state() == (before[0] + 2, before[1] + 2)
    again = io.StringIO()
    with pytest.raises(CommandError):
        call_command("expert", "import", str(good), "--as", "national_officer", "--json", stdout=again)
    assert json.loads(again.getvalue())["refused"] == {
        "row 2": ["Account (username): zhang.wei is already an expert (in the pool or removed from it)."],
        "row 3": ["Account (username): li.na is already an expert (in the pool or removed from it)."],
    }
