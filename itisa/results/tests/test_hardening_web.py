"""Bad input through the API and the pages: texts beyond their columns are a 422 naming the field (never
a 500), the Excel import over the API (all rows, refused rows by number, a file that is not a workbook),
and the register's pages: search and filters, the result page, a bad import file."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from itisa.core.exports import Sheet, workbook_bytes
from itisa.ledger.tests.conftest import make_books
from itisa.projects.tests.conftest import make_project
from itisa.results.imports import CODES
from itisa.results.models import Result
from itisa.results.tests.conftest import counts, register, shares

pytestmark = pytest.mark.usefixtures("clock")
A, B = "914403001922038216", "12100000400000624D"
TOO_LONG = "Ensure this value has at most %s characters (it has %s)."


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"title_zh": "题" * 301}, {"title_zh": [TOO_LONG % (300, 301)]}),
        ({"title_en": "t" * 301}, {"title_en": [TOO_LONG % (300, 301)]}),
        ({"kind": "software", "number": "2019SR" + "1" * 45}, {"number": [TOO_LONG % (50, 51)]}),
        ({"inventors": [{"name": "名" * 101, "share": "100"}]}, {"inventors": [TOO_LONG % (100, 101)]}),
    ],
    ids=["title", "title-en", "number", "inventor"],
)
def test_texts_beyond_their_columns_are_422(world: Any, client: Any, overrides: dict, fields: dict) -> None:
    body = {"kind": "invention", "title_zh": "外延结构", "number": "ZL201811564288.X", "status": "filed",
            "filed_on": "2018-12-20", "contributions": [{"organisation": world.member_a.pk, "share": "100"}]}  # fmt: skip
    client.force_login(world.user("secretariat"))
    before = counts()
    r = _post(client, "/api/alliances/CSA/results", {**body, **overrides})
    assert (r.status_code, r.json()["fields"]) == (422, fields)
    assert counts() == before


def test_an_owner_change_and_background_ip_beyond_their_columns_are_422(world: Any, client: Any) -> None:
    result = register(world)
    client.force_login(world.user("secretariat"))
    before = counts()
    r = _post(client, f"/api/results/{result.pk}/owners", {
        "owners": [{"organisation": world.member_a.pk, "share": "100"}], "basis": "consent",
        "document_ref": "书" * 201, "document_on": "2026-03-01", "consenting": [world.member_a.pk, world.member_b.pk],
    })  # fmt: skip
    assert (r.status_code, r.json()["fields"]) == (422, {"document_ref": [TOO_LONG % (200, 201)]})
    r = _post(client, "/api/alliances/CSA/background-ip", {
        "organisation": world.member_b.pk, "kind": "know_how", "title_zh": "诀" * 301, "restrictions_zh": "仅限联盟项目",
        "declared_on": "2026-03-01"})  # fmt: skip
    assert (r.status_code, r.json()["fields"]) == (422, {"title_zh": [TOO_LONG % (300, 301)]})
    assert counts() == before


def _row(**values: Any) -> list[Any]:
    base = {"kind": "invention", "title_zh": "外延结构", "number": "ZL201811564288.X", "status": "granted",
            "filed_on": "2018-12-20", "granted_on": "2021-03-02", "contributions": f"{A}:60；{B}:40"}  # fmt: skip
    base.update(values)
    return [base.get(code, "") for code in CODES]


def _upload(*rows: list[Any]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "results.xlsx", workbook_bytes([Sheet(name="results", header=CODES, rows=list(rows))])
    )


def test_the_api_import(world: Any, client: Any) -> None:
    url = "/api/alliances/CSA/results/import"
    client.force_login(world.user("member_contact"))
    before = counts()
    r = client.post(url, {"file": _upload(_row())}, HTTP_ACCEPT_LANGUAGE="en")
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    client.force_login(world.user("secretariat"))
    r = client.post(
        url, {"file": SimpleUploadedFile("r.xlsx", b"kind,title_zh\n")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (r.status_code, r.json()) == (422, {
        "code": "validation_error", "message": "Not an Excel workbook (.xlsx).", "fields": {},
    })  # fmt: skip
    r = client.post(
        url, {"file": _upload(_row(), _row(number="ZL201811564288.5"))}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (r.status_code, r.json()["message"], r.json()["fields"]) == (
        422, "1 of 2 rows are refused; nothing was imported.",
        {"row 3": ["number: The check character is wrong: it should be X."]},
    )  # fmt: skip
    assert counts() == before
    r = client.post(url, {"file": _upload(_row(), _row(number="ZL99113861.9", filed_on="1999-08-01"))},
                    HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert (r.status_code, r.json()) == (201, {"imported": 2, "codes": ["R00001", "R00002"]})


def _codes(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="result-row">\s*<td><a href="[^"]+">(R\d+)</a>', html)


def test_the_register_page_searches_and_filters(world: Any, client: Any) -> None:
    project = make_project(world, make_books(world, second_approval_above=None))
    register(world, project=project.pk)  # R00001 invention granted, publicly funded, owned by both
    register(world, kind="utility_model", number="ZL201821844933.9", status="filed", granted_on=None,
             filed_on=dt.date(2018, 11, 9), title_zh="物体检测动作机构", contributions=shares((world.member_b, "100")),
             inventors=[])  # fmt: skip
    register(world, kind="paper", number="", status="recorded", filed_on=None, granted_on=None, title_zh="镁合金论文",
             contributions=shares((world.member_a, "100")), inventors=[])  # fmt: skip
    client.force_login(world.user("member_contact"))
    cases = {
        "": ["R00003", "R00002", "R00001"],
        "?q=镁合金": ["R00003"],
        "?q=201821844933": ["R00002"],
        "?q=乙大学": ["R00002", "R00001"],
        "?kind=invention": ["R00001"],
        "?status=filed": ["R00002"],
        "?funded=yes": ["R00001"],
        "?funded=no": ["R00003", "R00002"],
        f"?project={project.code}": ["R00001"],
        "?kind=paper&status=granted": [],
        "?kind=nonsense": ["R00003", "R00002", "R00001"],  # an invalid filter is ignored, not a 500
    }
    seen = {
        query: _codes(client.get(f"/en/alliances/CSA/results/{query}").content.decode()) for query in cases
    }
    assert seen == cases
    html = client.get("/en/alliances/CSA/results/?kind=paper&status=granted").content.decode()
    assert "No results." in html


def test_the_result_page(world: Any, client: Any) -> None:
    result = register(world)
    client.force_login(world.user("member_contact"))
    html = client.get(f"/en/results/{result.pk}/").content.decode()
    assert re.search(r'data-testid="number">201811564288.X<', html)
    owners = re.findall(r"<tr><td>([^<]+)</td><td>([\d.]+)</td></tr>", html.split('data-testid="owners"')[1])
    assert owners[:2] == [("甲公司", "50.00"), ("乙大学", "50.00")]
    assert 'data-testid="contributions"' in html and 'data-testid="change-owners"' not in html
    assert client.get("/en/results/999999/").status_code == 404


def test_a_bad_import_file_on_the_page_writes_nothing(world: Any, client: Any) -> None:
    client.force_login(world.user("secretariat"))
    before = counts()
    r = client.post(
        "/en/alliances/CSA/results/import/", {"file": SimpleUploadedFile("r.xlsx", b"not a workbook")}
    )
    assert r.status_code == 200 and "Not an Excel workbook (.xlsx)." in r.content.decode()
    r = client.post(
        "/en/alliances/CSA/results/import/", {"file": _upload(_row(), _row(number="ZL201811564288.5"))}
    )
    html = r.content.decode()
    assert 'data-testid="refused-rows"' in html and "row 3" in html
    assert counts() == before and Result.objects.count() == 0
