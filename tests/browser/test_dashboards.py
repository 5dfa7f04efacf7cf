"""Issue 18 (item 5) in a real browser: the national office opens its dashboard from the header, sees the
charts drawn by ECharts (served locally, no Content-Security-Policy violation) above their tables, follows
a count to its alliances and one of them to its page; a secretariat has no dashboard link."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_journeys import login


def test_the_national_office_reads_its_dashboard(page: Page, server_url: str) -> None:
    login(page, server_url, "national")
    page.locator("[data-testid=nav-dashboards]").click()
    expect(page.locator("h1")).to_have_text("统计看板")
    # the status chart is drawn on a canvas by ECharts, and its numbers are in the table below it
    expect(page.locator("[data-testid=chart-status] canvas").first).to_be_visible()
    expect(page.locator("[data-testid=chart-industry] canvas").first).to_be_visible()
    status = page.locator("[data-testid=table-status]")
    expect(status.locator("tbody tr")).to_have_count(5)
    expect(status.locator("thead th").first).to_have_text("状态")
    # hovering a chart shows its tooltip without any inline style (CSP)
    page.locator("[data-testid=chart-industry] canvas").first.hover()
    # a count opens the alliances behind it, and an alliance its page
    status.locator("tbody a").first.click()
    expect(page.locator("h1")).to_have_text("统计数字对应的联盟")
    row = page.locator("[data-testid=drill-row]").first
    code = row.locator("a").first.inner_text()
    row.locator("a").first.click()
    expect(page).to_have_url(f"{server_url}/alliances/{code}/")


def test_the_secretariat_has_no_dashboard(page: Page, server_url: str) -> None:
    login(page, server_url, "secretariat")
    expect(page.locator("[data-testid=nav-dashboards]")).to_have_count(0)
    response = page.goto(f"{server_url}/dashboards/")
    assert response is not None and response.status == 403
