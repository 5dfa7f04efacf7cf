"""Issue 17 in a real browser: an anonymous visitor finds results of the demo's catalogue by 1-, 2-, 3- and
4-character Chinese queries and by an English word, narrows them by kind, opens one and writes to the
secretariat, who reads the enquiry."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.test_journeys import login


def search(page: Page, server_url: str, q: str, prefix: str = "") -> list[str]:
    page.goto(f"{server_url}{prefix}/catalogue/")
    page.fill("[data-testid=catalogue-q]", q)
    page.locator("[data-testid=catalogue-go]").click()
    page.wait_for_load_state()
    return page.locator("[data-testid=catalogue-hit] strong").all_inner_texts()


def test_anonymous_visitors_find_read_and_enquire(browser: Browser, page: Page, server_url: str) -> None:
    # 储 (one), 储能 (two), 储能与 (three), 储能与调 (four): the demo's 储能与调光系统 results, 30 of them
    for q in ("储", "储能", "储能与", "储能与调"):
        titles = search(page, server_url, q)
        assert len(titles) == 20, q  # the first page of 30
        assert all("储能与调光系统" in t for t in titles), q
        expect(page.locator("[data-testid=catalogue-count]")).to_have_text("30 条结果")
    # a three-character string found only in titles of one subject
    assert all("散热结构" in t for t in search(page, server_url, "散热结"))
    # English, on the English pages: 30 titles say "dimming" and, ranked after them, the street lighting
    # result whose English abstract does
    titles = search(page, server_url, "dimming", prefix="/en")
    assert len(titles) == 20 and all("dimming" in t.lower() for t in titles)
    expect(page.locator("[data-testid=catalogue-count]")).to_have_text("31 results")
    # narrowed by kind: the paper-kind ones only
    page.goto(f"{server_url}/catalogue/?q=储能与调&kind=paper")
    assert page.locator("[data-testid=catalogue-hit]").count() == 10
    # an entry, and an enquiry to the secretariat
    page.locator("[data-testid=catalogue-hit]").first.click()
    expect(page.locator("[data-testid=entry-title]")).to_contain_text("储能与调光系统")
    expect(page.locator("[data-testid=entry-licensing]")).to_have_text("可许可")
    page.fill("#id_name", "王工")
    page.fill("#id_organisation", "某照明科技有限公司")
    page.fill("#id_email", "wang@example.com")
    page.fill("#id_message", "希望洽谈该成果的许可。")
    page.wait_for_timeout(3200)  # a person takes a few seconds; a robot posting at once is refused
    page.locator("[data-testid=enquiry-send]").click()
    expect(page.locator(".alert-success")).to_contain_text("您的咨询已发送至联盟秘书处")
    login(page, server_url, "secretariat")
    page.goto(f"{server_url}/alliances/CSA/catalogue/enquiries/")
    expect(page.locator("[data-testid=enquiry]").first).to_contain_text("希望洽谈该成果的许可。")
