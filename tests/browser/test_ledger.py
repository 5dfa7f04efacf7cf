"""The fund ledger in a real browser: the secretariat prepares an entry, the national office approves it
(never the preparer), the secretariat posts it, and the trial balance shows it."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from itisa.licensing.demo import receipt_dates
from itisa.projects.demo import ENTRIES, entry_date
from tests.browser.test_journeys import login


def test_prepare_approve_by_another_post_and_see_the_trial_balance(
    browser: Browser, page: Page, server_url: str
) -> None:
    login(page, server_url, "secretariat")
    page.goto(f"{server_url}/en/alliances/CSA/ledger/")
    expect(page.locator("[data-testid=tb-row][data-account='5201']")).to_contain_text("20,995.00")
    page.locator("[data-testid=entry-new]").click()
    page.fill("#id_date", "2026-11-08")
    page.fill("#id_memo", "秘书处差旅费（浏览器测试）")
    page.select_option("#id_account_0", "5201")
    page.select_option("#id_fund_0", label="会费")
    page.fill("#id_debit_0", "1719.80")
    page.select_option("#id_account_1", "1002")
    page.select_option("#id_fund_1", label="会费")
    page.fill("#id_credit_1", "1719.80")
    # Enter in the last amount saves the draft (the form's first, hidden, submit button), not "Add a line"
    page.locator("#id_credit_1").press("Enter")
    expect(page).to_have_url(re.compile(r"/en/ledger/entries/\d+/$"))
    entry_url = page.url
    page.locator("[data-testid=entry-submit]").click()
    expect(page.locator("[data-testid=entry-status]")).to_have_text("Submitted")
    expect(page.locator("[data-testid=entry-approve]")).to_have_count(0)  # never the preparer
    expect(page.locator("[data-testid=awaiting-approval]")).to_be_visible()

    context = browser.new_context()
    national = context.new_page()
    login(national, server_url, "national")
    national.goto(entry_url)
    national.locator("[data-testid=entry-approve]").click()
    expect(national.locator("[data-testid=entry-status]")).to_have_text("Approved")
    context.close()

    page.goto(entry_url)
    page.locator("[data-testid=entry-post]").click()
    expect(page.locator("[data-testid=entry-status]")).to_have_text("Posted")
    # the demo closes January to October 2026; its project's entries come first in November when they are
    # dated there (they follow the day the demo is loaded: projects.demo.entry_date)
    day = entry_date(timezone.localdate())
    before = len(ENTRIES) if (day.year, day.month) == (2026, 11) else 0
    # and so are the demo licence's royalty receipts, a week ago and today (licensing.demo.receipt_dates)
    before += sum((d.year, d.month) == (2026, 11) for d in receipt_dates(timezone.localdate()))
    expect(page.locator("[data-testid=voucher]")).to_have_text(f"2026-11-{before + 1}")
    page.goto(f"{server_url}/en/alliances/CSA/ledger/")
    expect(page.locator("[data-testid=tb-row][data-account='5201']")).to_contain_text("22,714.80")


def test_the_entry_form_adds_lines_and_totals_as_amounts_are_typed(page: Page, server_url: str) -> None:
    """Nothing is saved: the form's own script adds lines and keeps the totals and their difference."""
    login(page, server_url, "secretariat")
    page.goto(f"{server_url}/en/alliances/CSA/ledger/entries/new/")
    expect(page.locator("[data-testid=entry-line]")).to_have_count(4)
    page.fill("#id_debit_0", "1,200")
    page.fill("#id_debit_1", "１２００．５０")
    page.fill("#id_credit_2", "¥2,000")
    expect(page.locator("[data-testid=total-debit]")).to_have_text("2,400.50")
    expect(page.locator("[data-testid=total-credit]")).to_have_text("2,000.00")
    expect(page.locator("[data-testid=total-difference]")).to_have_text("400.50")
    page.locator("[data-testid=entry-add-line]").click()
    expect(page.locator("[data-testid=entry-line]")).to_have_count(5)
    page.fill("#id_credit_4", "400.50")
    expect(page.locator("[data-testid=total-difference]")).to_have_text("0.00")
    expect(page.locator("#id_credit_4")).to_have_attribute("aria-label", "Line 5, credit amount")
    expect(page).to_have_url(re.compile(r"/entries/new/$"))
