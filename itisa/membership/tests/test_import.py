"""The member import: the bilingual template, the preview (nothing written), every row or none with
row-numbered reasons, hostile files refused, the permission, the pages (link, upload → preview →
confirm), the API and the command. Credit codes from the reference samples (registry/tests)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet, workbook_bytes
from itisa.core.imports import ImportRefused, bilingual_header, read_xlsx
from itisa.core.tests.upload_files import with_formula
from itisa.membership.imports import COLUMNS, members_import, members_preview, template_sheets
from itisa.membership.models import Membership
from tests.factories import OrganisationFactory

BEIHANG, PETRO = "12100000400011227Y", "91110000710925462X"
HEADER = [bilingual_header(c) for c in COLUMNS]


def _file(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    return workbook_bytes([Sheet(name="members", header=header, rows=list(rows))])


@pytest.fixture
def beihang(world: Any) -> Any:
    return OrganisationFactory(uscc=BEIHANG, name_zh="北京航空航天大学", kind="university", ownership="")


def _good(world: Any) -> bytes:
    return _file(
        [world.sd_org.uscc, "ordinary", "2026-01-15"], [BEIHANG.lower(), "理事单位", dt.date(2025, 12, 1)]
    )


def _state() -> tuple[int, int]:
    return Membership.objects.count(), AuditEntry.objects.count()


def test_the_template_names_each_column_in_chinese_and_english() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert sheet.header == [
        "统一社会信用代码 / Unified social credit code",
        "成员类别 / Rank",
        "加入日期 / Joined on",
    ]


def test_the_preview_writes_nothing_and_the_import_records_and_audits_every_row(
    world: Any, beihang: Any
) -> None:
    before = _state()
    rows = members_preview(by=world.user("secretariat"), alliance=world.csa, data=_good(world))
    assert [(r.number, r.values, r.problems) for r in rows] == [
        (2, {"uscc": world.sd_org.uscc, "rank": "ordinary", "joined_on": "2026-01-15"}, []),
        (3, {"uscc": BEIHANG, "rank": "council", "joined_on": "2025-12-01"}, []),
    ]
    assert _state() == before
    created = members_import(by=world.user("secretariat"), alliance=world.csa, data=_good(world))
    assert [(m.alliance.code, m.organisation.name_zh, m.rank, m.joined_on) for m in created] == [
        ("CSA", "鲁煤集团", "ordinary", dt.date(2026, 1, 15)),
        ("CSA", "北京航空航天大学", "council", dt.date(2025, 12, 1)),
    ]
    entries = AuditEntry.objects.filter(action="membership.membership.added").order_by("seq")
    assert [(e.object_id, e.actor.username, e.data) for e in entries] == [
        (str(created[0].pk), "secretariat",
         {"alliance": "CSA", "organisation": world.sd_org.uscc, "rank": "ordinary", "joined_on": "2026-01-15"}),
        (str(created[1].pk), "secretariat",
         {"alliance": "CSA", "organisation": BEIHANG, "rank": "council", "joined_on": "2025-12-01"}),
    ]  # fmt: skip


def test_bad_rows_are_refused_with_their_numbers_and_nothing_is_written(world: Any, beihang: Any) -> None:
    data = _file(
        [world.sd_org.uscc, "ordinary", "2026-01-15"],  # row 2: fine
        [world.member_a.uscc, "ordinary", "2026-01-15"],  # row 3: already a member
        [PETRO, "ordinary", "2026-01-15"],  # row 4: not registered
        [BEIHANG, "president", "2004-01-01"],  # row 5
        [BEIHANG, "ordinary", "2026/01/15"],  # row 6
        [BEIHANG, "", ""],  # row 7
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        members_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert refused.value.message == "5 of 6 rows are refused; nothing was imported."
    assert refused.value.fields == {
        "row 3": ["Unified social credit code: Already an active member."],
        "row 4": ["Unified social credit code: no organisation with the credit code 91110000710925462X is registered."],
        "row 5": ["Rank: president is not one of the choices."],
        "row 6": ["Joined on: write the date as YYYY-MM-DD."],
        "row 7": ["Rank: required.", "Joined on: required."],
    }  # fmt: skip
    assert _state() == before


def test_a_date_before_the_founding_is_refused_by_the_service(world: Any, beihang: Any) -> None:
    with pytest.raises(ImportRefused) as refused:
        members_import(
            by=world.user("secretariat"), alliance=world.csa, data=_file([BEIHANG, "ordinary", "2004-01-01"])
        )
    assert refused.value.fields == {"row 2": ["Joined on: On or after 2004-10-01."]}


def test_only_those_who_manage_members_may_import(world: Any, beihang: Any) -> None:
    before = _state()
    for persona in ("council_member", "member_contact", "provincial_officer"):
        with pytest.raises(PermissionDenied):
            members_preview(by=world.user(persona), alliance=world.csa, data=_good(world))
        with pytest.raises(PermissionDenied):
            members_import(by=world.user(persona), alliance=world.csa, data=_good(world))
    assert _state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: b"uscc,rank\n", "Not an Excel workbook (.xlsx)."),
        (lambda: b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
        (lambda: _file(*[[BEIHANG, "ordinary", "2026-01-15"]] * 2001),
         "The sheet has more than 2000 rows; split it into several files."),
        (lambda: with_formula(HEADER, [BEIHANG, "ordinary"], "C2", "=TODAY()"),
         "Cell C2 holds a formula; write the values themselves (paste as values)."),
        (lambda: _file([BEIHANG, "ordinary"], header=HEADER[:2]), "The header row is not the template's."),
    ],
    ids=["csv", "too-large", "too-many-rows", "formula", "header"],
)  # fmt: skip
def test_hostile_files_are_refused_with_nothing_written(
    world: Any, beihang: Any, data: Any, message: str
) -> None:
    before = _state()
    with pytest.raises(DomainError) as refused:
        members_import(by=world.user("secretariat"), alliance=world.csa, data=data())
    assert refused.value.message == message
    assert _state() == before


@pytest.fixture
def secretariat(world: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.user("secretariat"))
    return client


def test_the_pages_preview_then_confirm(secretariat: Client, world: Any, beihang: Any) -> None:
    before = _state()
    page = secretariat.post("/en/alliances/CSA/members/import/", {"file": io.BytesIO(_good(world))})
    assert page.content.decode().count('data-testid="preview-row"') == 2 and _state() == before
    done = secretariat.post("/en/alliances/CSA/members/import/", {"token": page.context["token"]})
    assert (done.status_code, done["Location"]) == (302, "/en/alliances/CSA/")
    assert (
        Membership.objects.filter(
            alliance=world.csa, organisation__uscc__in=[BEIHANG, world.sd_org.uscc]
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("persona", "status", "link"),
    [("secretariat", 200, True), ("national_officer", 200, True), ("council_member", 403, False)],
)
def test_the_import_is_linked_and_open_only_for_those_permitted(
    world: Any, persona: str, status: int, link: bool
) -> None:
    client = Client()
    client.force_login(world.user(persona))
    assert client.get("/en/alliances/CSA/members/import/").status_code == status
    assert client.get("/en/alliances/CSA/members/template.xlsx").status_code == status
    assert ('data-testid="member-import"' in client.get("/en/alliances/CSA/").content.decode()) is link


def test_the_api_and_the_command(secretariat: Client, world: Any, beihang: Any, tmp_path: Path) -> None:
    preview = secretariat.post(
        "/api/alliances/CSA/members/import/preview", {"file": io.BytesIO(_good(world))}
    )
    assert (preview.status_code, preview.json()["refused"], len(preview.json()["rows"])) == (200, 0, 2)
    good = tmp_path / "good.xlsx"
    good.write_bytes(_good(world))
    with pytest.raises(CommandError):
        call_command("member", "import", "CSA", str(good), "--as", "council_member", stdout=io.StringIO())
    out = io.StringIO()
    call_command("member", "import", "CSA", str(good), "--as", "secretariat", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"imported": 2, "keys": [world.sd_org.uscc, BEIHANG]}
    again = secretariat.post("/api/alliances/CSA/members/import", {"file": io.BytesIO(_good(world))})
    assert again.status_code == 422 and sorted(again.json()["fields"]) == ["第 2 行", "第 3 行"]
