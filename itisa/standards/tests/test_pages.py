"""Standards pages: the list (filters, search, Excel), a standard's page with its rounds and who is missing,
the forms, the actions confirmed first; who may see and do what; query counts pinned with rows grown."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from itisa.standards.models import IprDeclaration, StandardProject, VoteRound
from itisa.standards.services import DrafterInput, declaration_file, drafter_add, round_open
from itisa.standards.tests.conftest import StandardWorld, counts, declare_all, make_standard, none_needed


def test_the_list_filters_searches_and_exports(sw: StandardWorld, client: Any) -> None:
    make_standard(sw.world, title="氮化镓功率器件可靠性", level="national")
    client.force_login(sw.user("member_contact"))
    html = client.get("/en/alliances/CSA/standards/").content.decode()
    assert html.count('data-testid="standard-row"') == 2
    assert 'data-testid="new-standard"' not in html
    html = client.get("/en/alliances/CSA/standards/?level=national").content.decode()
    assert html.count('data-testid="standard-row"') == 1 and "氮化镓" in html
    html = client.get("/en/alliances/CSA/standards/?q=芯片测试").content.decode()
    assert html.count('data-testid="standard-row"') == 1 and "S0001" in html
    assert client.get("/en/alliances/CSA/standards/?stage=published").content.decode().count(
        'data-testid="standard-row"') == 0  # fmt: skip
    r = client.get("/en/alliances/CSA/standards/?level=group&format=xlsx")
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Level", "Title")
    assert rows[1][:3] == ("S0001", "Group standard", "半导体照明 LED 芯片测试方法")
    assert rows[1][5:8] == ("甲公司", 2, "Proposal")
    assert len(rows) == 2


@pytest.mark.parametrize("persona", ["outsider", "provincial_officer"])
def test_the_standards_are_for_the_alliances_people(sw: StandardWorld, client: Any, persona: str) -> None:
    client.force_login(sw.user(persona))
    assert client.get("/en/alliances/CSA/standards/").status_code == 403
    assert client.get("/en/alliances/CSA/standards/S0001/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(sw: StandardWorld, client: Any) -> None:
    r = client.get("/en/alliances/CSA/standards/S0001/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_the_standard_page_shows_the_round_and_who_is_missing(sw: StandardWorld, client: Any) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    declaration_file(by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b))
    client.force_login(sw.secretariat)
    html = client.get("/en/alliances/CSA/standards/S0001/").content.decode()
    assert html.count('data-testid="declaration"') == 1
    assert html.count('data-testid="missing"') == 1 and "甲公司" in html
    assert 'data-testid="open-vote"' not in html and 'data-testid="vote-waits"' in html
    assert 'data-testid="declare"' in html  # the secretariat may record one for 甲公司
    client.force_login(sw.c_contact)
    html = client.get("/en/alliances/CSA/standards/S0001/").content.decode()
    assert 'data-testid="declare"' not in html and 'data-testid="open-round"' not in html


def test_a_member_contact_files_on_the_page_and_the_secretariat_opens_the_vote(
    sw: StandardWorld, client: Any
) -> None:
    client.force_login(sw.secretariat)
    r = client.get("/en/alliances/CSA/standards/S0001/round/")
    assert r.status_code == 200 and 'data-testid="confirmation"' in r.content.decode()
    assert not VoteRound.objects.exists()
    r = client.post("/en/alliances/CSA/standards/S0001/round/", {"confirmed": "1"})
    assert r.status_code == 302
    client.force_login(sw.user("member_contact"))
    url = "/en/alliances/CSA/standards/S0001/declare/"
    page = client.get(url).content.decode()
    assert "乙大学" in page and "甲公司" not in page  # only its own member
    before = counts()
    r = client.post(url, {"organisation": str(sw.world.member_b.pk), "holds_essential": "on", "licensing": "rand",
                          "patents": "ZL201811564288.1"})  # fmt: skip
    assert r.status_code == 200 and "Not a valid CNIPA patent number" in r.content.decode()
    assert counts() == before
    r = client.post(url, {"organisation": str(sw.world.member_b.pk), "holds_essential": "on", "licensing": "rand",
                          "patents": "ZL201811564288.X\nZL99113861.9"})  # fmt: skip
    assert r.status_code == 302
    assert IprDeclaration.objects.get().patents == ["201811564288.X", "99113861.9"]
    client.force_login(sw.secretariat)
    deadline = "2026-03-09T17:00"
    r = client.post("/en/alliances/CSA/standards/S0001/vote/",
                    {"body": str(sw.council.body.pk), "deadline": deadline, "confirmed": "1"})  # fmt: skip
    assert r.status_code == 200
    assert "every drafting member files its IPR declaration first. Missing: 甲公司." in r.content.decode()
    assert VoteRound.objects.get().motion is None
    client.post(
        url,
        {"organisation": str(sw.world.member_a.pk), "licensing": "none_needed", "document_ref": "签字件 01"},
    )
    r = client.post("/en/alliances/CSA/standards/S0001/vote/",
                    {"body": str(sw.council.body.pk), "deadline": deadline, "confirmed": "1"})  # fmt: skip
    assert r.status_code == 302
    assert VoteRound.objects.get().motion is not None


def test_the_secretariat_creates_a_standard_and_adds_a_drafter_on_pages(
    sw: StandardWorld, client: Any
) -> None:
    client.force_login(sw.secretariat)
    r = client.post("/en/alliances/CSA/standards/new/", {"level": "industry", "title_zh": "LED 驱动电源规范",
                                                         "lead": str(sw.world.member_b.pk)})  # fmt: skip
    assert r.status_code == 302 and r["Location"] == "/en/alliances/CSA/standards/S0002/"
    r = client.post("/en/alliances/CSA/standards/S0002/drafters/", {"organisation": str(sw.member_c.pk)})
    assert r.status_code == 302
    assert [m.organisation.name_zh for m in StandardProject.objects.get(code="S0002").drafting_members.all()] == [
        "乙大学", "丙研究院"]  # fmt: skip
    assert client.get("/en/alliances/CSA/standards/S0009/").status_code == 404
    client.force_login(sw.user("member_contact"))
    assert client.get("/en/alliances/CSA/standards/new/").status_code == 403


def test_the_move_asks_first(sw: StandardWorld, client: Any) -> None:
    client.force_login(sw.secretariat)
    r = client.post("/en/alliances/CSA/standards/S0001/move/", {"to": "withdrawn", "comment": "并入国家标准"})
    assert 'data-testid="confirmation"' in r.content.decode()
    assert StandardProject.objects.get().stage == "proposal"
    r = client.post("/en/alliances/CSA/standards/S0001/move/",
                    {"to": "withdrawn", "comment": "并入国家标准", "confirmed": "1"})  # fmt: skip
    assert r.status_code == 302 and StandardProject.objects.get().stage == "withdrawn"


def test_the_alliance_page_shows_the_count_by_stage(sw: StandardWorld, client: Any) -> None:
    client.force_login(sw.user("member_contact"))
    html = client.get("/en/alliances/CSA/").content.decode()
    assert 'data-testid="standards-panel"' in html
    assert "Proposal: <strong>1</strong>" in html


def test_query_counts_do_not_grow(sw: StandardWorld, client: Any, django_assert_max_num_queries: Any) -> None:
    declare_all(sw)
    client.force_login(sw.secretariat)
    with django_assert_max_num_queries(40) as few:
        client.get("/en/alliances/CSA/standards/S0001/")
        client.get("/en/alliances/CSA/standards/")
    small = len(few.captured_queries)
    for i in range(4):
        more = make_standard(sw.world, title=f"标准 {i}")
        drafter_add(by=sw.secretariat, standard=more, data=DrafterInput(organisation=sw.member_c.pk))
    drafter_add(by=sw.secretariat, standard=sw.standard, data=DrafterInput(organisation=sw.member_c.pk))
    declaration_file(by=sw.c_contact, standard=sw.standard, data=none_needed(sw.member_c))
    declaration_file(by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b))
    with django_assert_max_num_queries(small):
        client.get("/en/alliances/CSA/standards/S0001/")
        r = client.get("/en/alliances/CSA/standards/")
    assert r.content.decode().count('data-testid="standard-row"') == 5
