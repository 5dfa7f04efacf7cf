"""Issue 18's follow-up apps in a real browser: the national office opens an annual report round, the
alliance's secretariat writes and submits its report, the office returns it with a reason and, once it is
submitted again, accepts it (docs/reports.md); the public page of an activity rating's results
(docs/rating.md).

The test server runs in a subprocess on the real clock, so the tests choose dates that give the same
result whatever today is: the report round is of 2020, its deadline long past (the report is overdue and
each submission late)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import manage
from tests.browser.test_journeys import login

YEAR = 2020
REPORT_URL = f"/alliances/CSA/reports/{YEAR}/"
PARTS = {
    "main_work_zh": "2020年联盟组织成员单位联合攻关，召开理事会会议两次。",
    "achievements_zh": "联合申请发明专利五项，发布团体标准一项。",
    "problems_zh": "成员投入不均衡，部分项目进度滞后。",
    "plan_zh": "下一年度加强标准与知识产权布局。",
}


def as_user(browser: Browser, server_url: str, username: str) -> Page:
    page = browser.new_context().new_page()
    login(page, server_url, username)
    return page


def database(server_env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(server_env["DATABASE_URL"].removeprefix("sqlite:///")))


def report_state(server_env: dict[str, str]) -> tuple[str, list[tuple[str, str, str, str]], list[tuple]]:
    """The CSA report of the year: its status, its history (old, new, by, comment) and its submissions."""
    with database(server_env) as db:
        (pk, status) = db.execute(
            "SELECT r.id, r.status FROM reports_annualreport r JOIN registry_alliance a ON a.id = r.alliance_id"
            " WHERE a.code = 'CSA' AND r.year = ?",
            (YEAR,),
        ).fetchone()
        history = db.execute(
            "SELECT old_status, new_status, actor_label, comment FROM reports_reportstatuschange"
            " WHERE report_id = ? ORDER BY at, id",
            (pk,),
        ).fetchall()
        submissions = db.execute(
            "SELECT number, actor_label, late FROM reports_reportsubmission WHERE report_id = ? ORDER BY number",
            (pk,),
        ).fetchall()
    return status, history, submissions


def move(page: Page, server_url: str, action: str, reason: str = "") -> None:
    """Press an action of the report page and confirm it (a return asks for its reason first)."""
    page.goto(server_url + REPORT_URL)
    page.locator(f"[data-testid=actions] [data-testid={action}]").click()
    if action == "return":
        expect(page.locator("[data-testid=confirm]")).to_have_count(0)
        page.fill("#id_reason", reason)
        page.locator("[data-testid=continue]").click()
        expect(page.locator("main form")).to_contain_text(reason)
    expect(page.locator("[data-testid=confirmation]")).to_be_visible()
    page.locator("[data-testid=confirm]").click()
    expect(page).to_have_url(server_url + REPORT_URL)


def test_an_annual_report_is_written_submitted_returned_and_accepted(
    browser: Browser, server_url: str, server_env: dict[str, str]
) -> None:
    national = as_user(browser, server_url, "national")
    secretariat = as_user(browser, server_url, "secretariat")

    # the national office opens the round of 2020 with its deadline
    national.goto(f"{server_url}/reports/rounds/")
    national.fill("#id_year", str(YEAR))
    national.fill("#id_deadline", f"{YEAR + 1}-02-28")
    national.locator("[data-testid=open-round]").click()
    row = national.locator("[data-testid=round-row]").filter(has_text=f"{YEAR + 1}年2月28日")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text(str(YEAR))
    status, history, submissions = report_state(server_env)
    assert (status, history, submissions) == ("draft", [("", "draft", "national", "")], [])

    # the secretariat finds the draft, overdue (the deadline has passed), and writes the four parts
    secretariat.goto(server_url + REPORT_URL)
    expect(secretariat.locator("h1")).to_contain_text(f"{YEAR}年度报告")
    expect(secretariat.locator("[data-testid=status-badge]")).to_have_text("草稿")
    expect(secretariat.locator("[data-testid=overdue]")).to_have_text("逾期")
    expect(secretariat.locator("[data-testid=part-main_work]")).to_have_text("—")
    secretariat.locator("[data-testid=edit]").click()
    for name, text in PARTS.items():
        secretariat.fill(f"#id_{name}", text)
    secretariat.locator("[data-testid=save]").click()
    expect(secretariat).to_have_url(server_url + REPORT_URL)
    for name, text in PARTS.items():
        expect(secretariat.locator(f"[data-testid=part-{name.removesuffix('_zh')}]")).to_have_text(text)
    expect(secretariat.locator("[data-testid=status-badge]")).to_have_text("草稿")

    # submits it, confirming first: submitted, late, with its digest
    move(secretariat, server_url, "submit")
    expect(secretariat.locator("[data-testid=status-badge]")).to_have_text("已提交")
    expect(secretariat.locator("[data-testid=submissions] tbody tr")).to_have_count(1)
    expect(secretariat.locator("[data-testid=submissions] tbody tr td").nth(1)).to_have_text("secretariat")
    expect(secretariat.locator("[data-testid=submissions] tbody tr td").nth(2)).to_contain_text("逾期")
    expect(secretariat.locator("[data-testid=edit]")).to_have_count(0)
    expect(secretariat.locator("[data-testid=submit]")).to_have_count(0)
    expect(secretariat.locator("[data-testid=frozen-table]")).to_be_visible()
    status, history, submissions = report_state(server_env)
    assert status == "submitted"
    assert history[1:] == [("draft", "submitted", "secretariat", "")]
    assert submissions == [(1, "secretariat", 1)]

    # the national office finds it among the received reports and returns it with the reason
    national.goto(f"{server_url}/reports/?year={YEAR}&status=submitted")
    rows = national.locator("[data-testid=report-row]")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("[data-testid=status-badge]")).to_have_text("已提交")
    rows.first.locator("a", has_text="CSA").click()
    expect(national).to_have_url(server_url + REPORT_URL)
    expect(national.locator("[data-testid=accept]")).to_be_visible()
    reason = "请补充联合攻关项目的具体进展。"
    move(national, server_url, "return", reason)
    expect(national.locator("[data-testid=status-badge]")).to_have_text("退回修改")
    expect(national.locator("[data-testid=history] li").last).to_contain_text(reason)
    status, history, _ = report_state(server_env)
    assert status == "returned"
    assert history[2:] == [("submitted", "returned", "national", reason)]

    # the secretariat corrects and submits it again; the office accepts it
    secretariat.goto(server_url + REPORT_URL)
    expect(secretariat.locator("[data-testid=status-badge]")).to_have_text("退回修改")
    secretariat.locator("[data-testid=edit]").click()
    secretariat.fill("#id_main_work_zh", PARTS["main_work_zh"] + "联合攻关项目已完成中期检查。")
    secretariat.locator("[data-testid=save]").click()
    move(secretariat, server_url, "submit")
    expect(secretariat.locator("[data-testid=status-badge]")).to_have_text("已提交")
    expect(secretariat.locator("[data-testid=submissions] tbody tr")).to_have_count(2)

    move(national, server_url, "accept")
    expect(national.locator("[data-testid=status-badge]")).to_have_text("已通过")
    actions = national.locator("[data-testid=actions]")
    for action in ("edit", "submit", "return", "accept"):
        expect(actions.locator(f"[data-testid={action}]")).to_have_count(0)
    expect(national.locator("[data-testid=part-main_work]")).to_have_text(
        PARTS["main_work_zh"] + "联合攻关项目已完成中期检查。"
    )
    status, history, submissions = report_state(server_env)
    assert status == "accepted"
    assert history == [
        ("", "draft", "national", ""),
        ("draft", "submitted", "secretariat", ""),
        ("submitted", "returned", "national", reason),
        ("returned", "submitted", "secretariat", ""),
        ("submitted", "accepted", "national", ""),
    ]
    assert submissions == [(1, "secretariat", 1), (2, "secretariat", 1)]
    national.goto(f"{server_url}/reports/?year={YEAR}&status=accepted")
    expect(national.locator("[data-testid=report-row]")).to_have_count(1)
    expect(national.locator("[data-testid=report-row] [data-testid=status-badge]")).to_have_text("已通过")


# The ratings of 2017, 2018 and 2019, written through the rating's services with the clock frozen: each year
# the demo's 2024 scheme copied, CSA at every target (100.00, the top band 高 three years running: the A级
# title in 2019), NCCI in 2019 at 71.50 (一般), SRPA with one indicator missing and every other alliance in
# scope without data (not rated).
RATING_SETUP = """
import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from itisa.accounts.models import User
from itisa.indicators.services import indicator_value_report
from itisa.rating import services
from itisa.rating.demo import CODES
from itisa.rating.models import Scheme
from itisa.registry.models import Alliance

VALUES = {
    "CSA": ("12", "5", "50000000", "10", "8"),
    "NCCI": ("6", "5", "25000000", "10", "6"),
    "SRPA": ("8", "3", None, "5", "5"),
}
with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
    national = User.objects.get(username="national")
    source = Scheme.objects.get(year=2024)
    for year in (2017, 2018, 2019):
        for code, values in VALUES.items():
            if code != "CSA" and year != 2019:
                continue
            alliance = Alliance.objects.get(code=code)
            by = User.objects.get(username="secretariat" if code == "CSA" else f"secretariat-{code.lower()}")
            for indicator, value in zip(CODES, values, strict=True):
                if value is not None:
                    indicator_value_report(alliance=alliance, year=year, code=indicator, value=value, by=by,
                                           evidence=f"{year}年度动态信息报表")
        services.scheme_copy(by=national, source=source, year=year)
        campaign = services.campaign_create(by=national, year=year)
        for _ in range(4):
            campaign = services.campaign_advance(by=national, campaign=campaign)
        print(year, campaign.status)
"""


def in_scope_names(server_env: dict[str, str]) -> dict[str, str]:
    """Code → Chinese name of the national alliances established or pilots (a national campaign's scope)."""
    with database(server_env) as db:
        rows = db.execute(
            "SELECT code, name_zh FROM registry_alliance WHERE scope = 'national'"
            " AND status IN ('established', 'pilot') ORDER BY code"
        ).fetchall()
    return dict(rows)


def test_the_public_reads_the_published_activity_ratings(
    page: Page, server_url: str, server_env: dict[str, str]
) -> None:
    result = manage(server_env, "shell", "-v", "0", "-c", RATING_SETUP)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2017", "published", "2018", "published", "2019", "published"]
    names = in_scope_names(server_env)
    unrated = [f"{name} ({code})" for code, name in names.items() if code not in {"CSA", "NCCI"}]
    assert f"{names['SRPA']} (SRPA)" in unrated

    def rows(band: str) -> list[list[str]]:
        table = page.locator(f"[data-testid=band-{band}] tbody tr")
        return [r.locator("td").all_inner_texts() for r in table.all()]

    # anonymous, in Chinese
    page.goto(f"{server_url}/rating/results/2019/")
    expect(page.locator("h1")).to_have_text("2019年度活跃度评价")
    expect(page.locator("[data-testid=titles]")).to_have_text(f"A级活跃度: {names['CSA']}")
    assert rows("high") == [[f"{names['CSA']} (CSA)", "100.00", "A级活跃度"]]
    assert rows("fairly_high") == [["—"]]
    assert rows("average") == [[f"{names['NCCI']} (NCCI)", "71.50", ""]]
    assert rows("low") == [["—"]]
    expect(page.locator("[data-testid=unrated]")).to_have_text("、".join(unrated))

    # 2017: CSA in the top band, not yet the title
    page.goto(f"{server_url}/rating/results/2017/")
    expect(page.locator("[data-testid=titles]")).to_have_count(0)
    assert rows("high") == [[f"{names['CSA']} (CSA)", "100.00", ""]]
    assert rows("average") == [["—"]]

    # the English pages
    page.goto(f"{server_url}/en/rating/results/2019/")
    expect(page.locator("h1")).to_have_text("Activity rating 2019")
    expect(page.locator("[data-testid=titles]")).to_have_text(f"A-level activity: {names['CSA']}")
    assert rows("high") == [[f"{names['CSA']} (CSA)", "100.00", "A-level activity"]]
    assert rows("fairly_high") == [["—"]]
    assert rows("average") == [[f"{names['NCCI']} (NCCI)", "71.50", ""]]
    assert rows("low") == [["—"]]
    expect(page.locator("[data-testid=unrated]")).to_have_text("、".join(unrated))
    expect(page.locator("main h2").first).to_have_text("高 High （≥ 86）")
