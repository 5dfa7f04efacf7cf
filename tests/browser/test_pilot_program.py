"""The pilot program in a real browser: the national office opens a call, CSA's secretariat applies with
its materials and submits, the office checks it and assigns an expert, the expert reviews, the office
decides and publishes, and the public sees the list."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.test_journeys import login

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
GENERATED = {"agreement", "member_list", "bodies_staff"}
# the default checklist and the row the office adds to it
CODES = ["application_form", "agreement", "charter", "member_list", "bodies_staff", "fund_rules", "ip_rules",
         "work_summary", "budget"]  # fmt: skip
# the default rubric less "funds", whose weight goes to "cooperation"
CRITERIA = ["innovation", "industry", "governance", "cooperation"]


def as_user(browser: Browser, server_url: str, username: str) -> Page:
    page = browser.new_context().new_page()
    login(page, server_url, username)
    return page


def test_from_call_to_published_decision(
    browser: Browser, page: Page, server_url: str, tmp_path: Path
) -> None:
    today = dt.datetime.now(tz=dt.UTC).date()
    office = as_user(browser, server_url, "national")
    office.goto(f"{server_url}/en/pilots/calls/new/")
    office.fill("#id_title_zh", "浏览器测试试点申报")
    office.fill("#id_opens_on", (today - dt.timedelta(days=1)).isoformat())
    office.fill("#id_closes_on", (today + dt.timedelta(days=30)).isoformat())
    office.fill("#id_max_pilots", "1")
    office.fill("#id_max_cultivation", "1")
    # the checklist and the rubric are rows: "Add a line" and "Remove this row" act here, posting nothing
    materials, rubric = (
        office.locator("[data-testid=materials-row]"),
        office.locator("[data-testid=rubric-row]"),
    )
    expect(materials).to_have_count(8)
    office.locator("[data-testid=materials-add-row]").click()
    expect(materials).to_have_count(9)
    # the added row is a row of the table for screen readers, as the others (web/tables.js)
    expect(materials.nth(8)).to_have_attribute("role", "row")
    expect(office).to_have_url(f"{server_url}/en/pilots/calls/new/")
    expect(office.locator("#id_materials-8-code")).to_be_focused()
    office.fill("#id_materials-8-code", "budget")
    office.fill("#id_materials-8-label_zh", "经费预算")
    office.fill("#id_materials-8-label_en", "Budget")
    rubric.nth(4).locator("[data-remove-row]").click()
    expect(rubric).to_have_count(4)
    office.fill("#id_rubric-3-weight", "35")
    office.locator("[data-testid=rubric-add-row]").click()
    office.fill("#id_rubric-4-code", "innovation")
    office.fill("#id_rubric-4-label_zh", "重复的指标")
    office.fill("#id_rubric-4-label_en", "Twice")
    office.fill("#id_rubric-4-weight", "10")
    office.locator("[data-testid=call-submit]").click()
    # refused, named by row and column; the rows come back as typed
    expect(office.locator("[data-testid=form-errors]")).to_contain_text(
        "Scoring rubric row 5, Code: The code “innovation” is used twice."
    )
    expect(rubric).to_have_count(5)
    expect(office.locator("#id_rubric-4-code")).to_have_class(re.compile("is-invalid"))
    # the row removed, the remaining ones are renumbered and the call is saved
    rubric.nth(2).locator("[data-remove-row]").click()
    expect(rubric.nth(2).locator("[data-row-number]")).to_have_text("3")
    expect(office.locator("#id_rubric-2-code")).to_have_value("cooperation")
    rubric.nth(3).locator("[data-remove-row]").click()
    expect(rubric).to_have_count(3)
    office.locator("[data-testid=rubric-add-row]").click()
    office.fill("#id_rubric-3-code", "governance")
    office.fill("#id_rubric-3-label_zh", "组织机构与运行机制")
    office.fill("#id_rubric-3-label_en", "Bodies and operating mechanism")
    office.fill("#id_rubric-3-weight", "20")
    office.locator("[data-testid=call-submit]").click()
    expect(office).to_have_url(re.compile(r"/en/pilots/calls/\d+/$"))
    call_url = office.url
    office.goto(f"{call_url}edit/")
    expect(materials).to_have_count(9)
    expect(office.locator("#id_materials-8-label_en")).to_have_value("Budget")
    expect(rubric).to_have_count(4)
    assert [rubric.nth(i).locator("input").first.input_value() for i in range(4)] == [
        "innovation", "industry", "cooperation", "governance",
    ]  # fmt: skip
    assert office.locator("#id_rubric-2-weight").input_value() == "35"
    office.goto(call_url)
    office.locator("[data-testid=open-call]").click()
    expect(office.locator("[data-testid=call-status]")).to_have_text("Open")

    secretariat = as_user(browser, server_url, "secretariat")
    secretariat.goto(call_url)
    secretariat.locator("[data-testid=apply]").click()
    secretariat.select_option("#id_alliance", "CSA")
    secretariat.locator("[data-testid=apply-submit]").click()
    expect(secretariat).to_have_url(re.compile(r"/en/pilots/applications/\d+/$"))
    application_url = secretariat.url
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(PDF)
    for code in CODES:
        if code in GENERATED:
            secretariat.locator(f"[data-testid=generate-{code}]").click()
            if secretariat.locator("[data-testid=errors]").count() == 0:
                continue
            secretariat.goto(application_url)
        secretariat.set_input_files(f"[data-testid=file-{code}]", str(pdf))
        secretariat.locator(f"[data-testid=upload-{code}]").click()
        expect(secretariat.locator(f"[data-testid=material-{code}]")).not_to_contain_text("Missing")
    secretariat.locator("[data-testid=submit]").click()
    expect(secretariat.locator("[data-testid=application-status]")).to_have_text("Submitted")
    expect(secretariat.locator("[data-testid=eligibility]")).to_be_visible()

    office.goto(application_url)
    office.locator("[data-testid=formal-check]").click()
    expect(office.locator("[data-testid=application-status]")).to_have_text("Formal check")
    # the queue filters live (htmx swaps the results, the URL follows)
    office.goto(f"{server_url}/en/pilots/applications/")
    office.fill("#id_q", "NO-SUCH-ALLIANCE")
    expect(office.locator("[data-testid=application-table]")).to_contain_text("No applications.")
    expect(office).to_have_url(re.compile(r"q=NO-SUCH-ALLIANCE"))
    office.fill("#id_q", "CSA")
    expect(office.locator("[data-testid=application-row]").first).to_contain_text("CSA")
    office.goto(f"{server_url}/en/pilots/experts/")
    # not the "expert" login: it holds a role in CSA, which bars it from reviewing CSA (conflict of interest)
    office.fill("#id_username", "association")
    office.fill("#id_name", "浏览器专家")
    office.locator("[data-testid=expert-submit]").click()
    expect(office.locator("[data-testid=expert-table]")).to_contain_text("浏览器专家")
    office.goto(application_url)
    office.locator("[data-testid=expert-review]").click()
    expect(office.locator("[data-testid=application-status]")).to_have_text("Expert review")
    # the demo's own experts are in the pool too: assign the one just added
    office.locator("[data-testid^=candidate-]", has_text="浏览器专家").locator(
        "[data-testid^=assign-]"
    ).click()
    expect(office.locator("[data-testid^=candidate-]", has_text="浏览器专家")).to_contain_text("Assigned")

    expert = as_user(browser, server_url, "association")
    expert.goto(f"{server_url}/en/pilots/reviews/")
    expert.locator("[data-testid=assignment-CSA]").first.click()
    for code in CRITERIA:
        expert.fill(f"#id_score_{code}", "80")
    expert.fill("#id_summary", "联盟运行规范，同意推荐。")
    expert.locator("[data-testid=review-submit]").click()
    expect(expert.locator("[data-testid=confirmation]")).to_contain_text("80.00")
    expert.locator("[data-testid=confirm]").click()
    expect(expert.locator("[data-testid=review-submitted]")).to_contain_text("80.00")

    secretariat.goto(application_url)
    expect(secretariat.locator("[data-testid=scores]")).to_have_count(0)

    office.goto(application_url)
    expect(office.locator("[data-testid=score-summary]")).to_contain_text("Mean 80.00")
    office.locator("[data-testid=decide]").click()
    # the office selects CSA for cultivation (selection as a pilot: pilots/tests/test_services.py)
    office.select_option("#id_outcome", "cultivation")
    office.fill("#id_reasons", "综合评分80分，列入重点培育。")
    office.locator("[data-testid=continue]").click()
    office.locator("[data-testid=confirm]").click()
    expect(office.locator("[data-testid=application-status]")).to_have_text("Decided")
    office.goto(call_url)
    office.locator("[data-testid=close-call]").click()
    office.locator("[data-testid=confirm]").click()
    office.locator("[data-testid=publish-call]").click()
    office.locator("[data-testid=confirm]").click()
    expect(office).to_have_url(re.compile(r"/en/pilots/calls/\d+/list/$"))

    page.goto(office.url)
    expect(page.locator("[data-testid=published-row]")).to_have_count(1)
    expect(page.locator("[data-testid=published-table]")).to_contain_text("Cultivation")
    secretariat.goto(application_url)
    expect(secretariat.locator("[data-testid=outcome]")).to_contain_text("Cultivation")
