"""Licensing in a real browser: the secretariat records a licence of a demo result and a royalty receipt,
approves its split (confirmed first), and the owning member's legal representative sees its share on its
statement."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_journeys import login

THU = "12100000400000624D"  # 清华大学: owns 60% of the demo's R00001 (results.demo)


def test_record_a_licence_and_a_receipt_approve_the_split_and_the_member_sees_its_share(
    browser: Browser, page: Page, server_url: str
) -> None:
    login(page, server_url, "secretariat")
    page.goto(f"{server_url}/en/alliances/CSA/licences/")
    page.locator("[data-testid=new-licence]").click()
    value = page.locator("#id_result option", has_text="R00001").get_attribute("value")
    page.select_option("#id_result", value=value)
    page.fill("#id_licensee_name", "浏览器测试科技有限公司")
    page.fill("#id_licensee_uscc", "91110108551385082Q")
    page.fill("#id_field_zh", "LED 路灯")
    page.fill("#id_territory_zh", "中国大陆")
    page.fill("#id_starts_on", "2026-11-01")
    page.fill("#id_ends_on", "2029-12-31")
    page.locator("[data-testid=licence-save]").click()
    expect(page).to_have_url(re.compile(r"/en/alliances/CSA/licences/L0002/$"))
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.fill("#id_amount", "1000.00")
    page.locator("[data-testid=receipt-save]").click()
    expect(page.locator("[data-testid=split-line]")).to_have_count(5)
    expect(page.locator("[data-testid=split-line]").first).to_contain_text("清华大学420.00")
    page.locator("[data-testid=approve-split]").click()
    expect(page.locator("[data-testid=confirmation]")).to_be_visible()
    page.locator("[data-testid=confirm]").click()
    expect(page.locator("[data-testid=entry-status]")).to_have_text("Submitted")

    context = browser.new_context()
    member = context.new_page()
    login(member, server_url, "legalrep-thu")
    member.goto(f"{server_url}/en/alliances/CSA/statements/{THU}/")
    expect(member.locator("[data-testid=statement-row]")).to_have_count(3)
    # the demo's two receipts (42,000.00 and 5,185.18) and this one's 60% of 70%: 420.00
    expect(member.locator("[data-testid=statement-total]")).to_have_text("47,605.18")
    context.close()
