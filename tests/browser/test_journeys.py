"""End-to-end journeys in a real browser against the demo data.

Log in, switch language, find an alliance by a Chinese search term, open it, and edit an
organisation with a bad credit code to see which check failed.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from itisa.ops.demo_data import DEMO_NAMES

PASSWORD = "demo-pass-2026"


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form#login-form button[type=submit]").click()
    # the header names the person (the account's display name), not the login
    expect(page.locator("[data-testid=current-user]")).to_have_text(DEMO_NAMES.get(username, username))


def test_log_in_and_out(page: Page, server_url: str) -> None:
    login(page, server_url, "secretariat")
    page.locator("[data-testid=logout]").click()
    expect(page.locator("[data-testid=login-link]")).to_be_visible()


def test_wrong_password_shows_an_error(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/login/")
    page.fill("#id_username", "national")
    page.fill("#id_password", "wrong-password")
    page.locator("form#login-form button[type=submit]").click()
    expect(page.locator("form#login-form .alert-danger")).to_be_visible()
    expect(page.locator("[data-testid=current-user]")).to_have_count(0)


def test_switch_language(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("nav")).to_contain_text("联盟")
    page.locator("[data-testid=lang-en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav")).to_contain_text("Alliances")
    page.locator("[data-testid=lang-zh]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_find_alliance_by_chinese_term_and_open_it(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/alliances/")
    page.fill("#alliance-search", "半导体")
    page.keyboard.press("Enter")
    rows = page.locator("[data-testid=alliance-row]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("半导体照明产业技术创新战略联盟")
    rows.first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/alliances/CSA/$"))
    expect(page.locator("h1")).to_contain_text("半导体照明产业技术创新战略联盟")
    expect(page.locator("[data-testid=member-row]").first).to_be_visible()


def test_edit_organisation_with_bad_credit_code_shows_the_failed_check(page: Page, server_url: str) -> None:
    login(page, server_url, "national")
    page.goto(f"{server_url}/organisations/?q=914403001922038216")
    page.locator("[data-testid=organisation-row] a").first.click()
    page.locator("[data-testid=edit-organisation]").click()
    page.fill("#id_uscc", "914403001922038276")
    page.locator("form#organisation-form button[type=submit]").click()
    error = page.locator("#id_uscc").locator("xpath=..").locator(".invalid-feedback")
    expect(error).to_contain_text("GB 11714")
    expect(page.locator("#id_uscc")).to_have_value("914403001922038276")
    # nothing was saved: the organisation page still shows the real code
    page.goto(f"{server_url}/organisations/914403001922038216/")
    expect(page.locator("h1")).to_be_visible()


def test_back_after_live_search_shows_the_whole_page(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/alliances/")
    page.locator("#alliance-search").press_sequentially("钢铁", delay=50)
    rows = page.locator("[data-testid=alliance-row]")
    expect(rows).to_have_count(1)
    expect(page.locator("#alliance-export")).to_have_attribute(
        "href", re.compile(r"q=%E9%92%A2%E9%93%81|q=钢铁")
    )
    rows.first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/alliances/SRPA/$"))
    page.go_back()
    expect(page.locator("[data-testid=brand]")).to_be_visible()
    expect(page.locator("[data-testid=alliance-row]")).to_have_count(1)
