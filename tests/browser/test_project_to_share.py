"""Issue 16's journey in a real browser: the secretariat proposes a project with two participants, records a
milestone, registers a patent result of the project (owners follow the agreement's rule: the creators, by
their contributions), licenses it, records a royalty receipt and approves its split; the member's legal
representative then sees its share on its statement."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from itisa.core.identifiers import patent_check_char
from tests.browser.test_journeys import login

THU = "12100000400000624D"  # 清华大学, a CSA member (demo) with the login legalrep-thu
ICT = "12100000400012342E"  # 中国科学院计算技术研究所, a CSA member (demo)
DIGITS = "202610345678"  # an invention application of 2026 (the 5th digit, 1, is the kind); not in the demo
NUMBER = f"ZL{DIGITS}.{patent_check_char(DIGITS)}"
PROJECT = "浏览器测试：氮化镓外延片缺陷控制"


def choose(page: Page, select: str, text: str) -> None:
    """Pick the option of ``select`` whose label contains ``text``."""
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    assert value, f"no option {text!r} in {select}"
    page.select_option(select, value=value)


def test_project_milestone_patent_licence_receipt_split_and_the_members_share(
    browser: Browser, page: Page, server_url: str
) -> None:
    login(page, server_url, "secretariat")

    # a project led by 清华大学 with 计算所 as second participant, and a milestone
    page.goto(f"{server_url}/en/alliances/CSA/projects/")
    page.locator("[data-testid=new-project]").click()
    page.fill("#id_title_zh", PROJECT)
    page.fill("#id_starts_on", "2026-01-01")
    page.fill("#id_ends_on", "2027-12-31")
    choose(page, "#id_lead", "清华大学")
    page.fill("#id_lead_task_zh", "外延生长工艺")
    page.locator("[data-testid=project-save]").click()
    expect(page).to_have_url(re.compile(r"/en/projects/\d+/$"))
    project_url = page.url
    choose(page, "#p-organisation", "计算技术研究所")
    page.fill("#p-task_zh", "缺陷检测算法")
    page.locator("[data-testid=participant-save]").click()
    expect(page.locator("[data-testid=participant-row]")).to_have_count(2)
    page.select_option("#m-kind", "milestone")
    page.fill("#m-title_zh", "完成缺陷检测样机")
    page.fill("#m-starts_on", "2026-03-01")
    page.fill("#m-due_on", "2026-12-31")
    page.locator("[data-testid=milestone-save]").click()
    expect(page.locator("[data-testid=milestone-row]")).to_have_count(1)
    expect(page.locator("[data-testid=milestone-row]")).to_contain_text("完成缺陷检测样机")

    # a patent of the project, made 60/40 by the two participants, with two inventors
    page.goto(f"{server_url}/en/alliances/CSA/results/")
    page.locator("[data-testid=new-result]").click()
    page.select_option("#id_kind", "invention")
    page.fill("#id_title_zh", "一种氮化镓外延片缺陷检测方法")
    choose(page, "#id_project", PROJECT)
    page.fill("#id_number", NUMBER)
    page.select_option("#id_status", "filed")
    page.fill("#id_filed_on", "2026-06-01")
    choose(page, "#id_c_org_1", "清华大学")
    page.fill("#id_c_share_1", "60")
    choose(page, "#id_c_org_2", "计算技术研究所")
    page.fill("#id_c_share_2", "40")
    page.fill("#id_inventors", "张三:70\n李四:30")
    page.locator("[data-testid=result-save]").click()
    expect(page).to_have_url(re.compile(r"/en/results/\d+/$"))
    expect(page.locator("[data-testid=number]")).to_have_text(NUMBER.removeprefix("ZL"))  # stored as filed
    owners = page.locator("[data-testid=owners] tbody tr")
    expect(owners).to_have_count(2)
    expect(owners.filter(has_text="清华大学")).to_contain_text("60")
    expect(owners.filter(has_text="计算技术研究所")).to_contain_text("40")
    code = page.locator("h1").inner_text().split()[0]
    assert re.fullmatch(r"R\d{5}", code), code

    # a licence of it to an outside company, a receipt of 1,000.00, and the split approved
    page.goto(f"{server_url}/en/alliances/CSA/licences/")
    page.locator("[data-testid=new-licence]").click()
    choose(page, "#id_result", code)
    page.fill("#id_licensee_name", "浏览器测试半导体有限公司")
    page.fill("#id_licensee_uscc", "91110108551385082Q")
    page.fill("#id_field_zh", "外延片检测设备")
    page.fill("#id_territory_zh", "中国大陆")
    page.fill("#id_starts_on", "2026-11-01")
    page.fill("#id_ends_on", "2028-10-31")
    page.locator("[data-testid=licence-save]").click()
    expect(page).to_have_url(re.compile(r"/en/alliances/CSA/licences/L\d{4}/$"))
    licence = page.url.rstrip("/").rsplit("/", 1)[1]
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.fill("#id_amount", "1000.00")
    page.locator("[data-testid=receipt-save]").click()
    # CSA's rule: 70 % to the owners by their shares, 20 % to the inventors, 10 % to the alliance
    lines = page.locator("[data-testid=split-line]")
    expect(lines).to_have_count(5)
    expect(lines.filter(has_text="清华大学")).to_contain_text("420.00")
    expect(lines.filter(has_text="计算技术研究所")).to_contain_text("280.00")
    expect(lines.filter(has_text="张三")).to_contain_text("140.00")
    expect(lines.filter(has_text="李四")).to_contain_text("60.00")
    page.locator("[data-testid=approve-split]").click()
    expect(page.locator("[data-testid=confirmation]")).to_be_visible()
    page.locator("[data-testid=confirm]").click()
    expect(page.locator("[data-testid=entry-status]")).to_have_text("Submitted")

    # the member's legal representative sees its share of this receipt on its statement
    context = browser.new_context()
    member = context.new_page()
    login(member, server_url, "legalrep-thu")
    member.goto(f"{server_url}/en/alliances/CSA/statements/{THU}/")
    row = member.locator("[data-testid=statement-row]", has_text=licence)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(code)
    expect(row).to_contain_text("420.00")
    context.close()

    page.goto(project_url)
    expect(page.locator("[data-testid=participant-row]")).to_have_count(2)
