"""A council ballot in a real browser: the secretariat opens it, two council members vote, it is closed
and counted, and everyone sees the outcome."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.browser.test_journeys import login


def test_open_a_ballot_two_council_members_vote_close_and_see_the_outcome(
    browser: Browser, page: Page, server_url: str
) -> None:
    login(page, server_url, "secretariat")
    page.goto(f"{server_url}/en/alliances/CSA/governance/motions/")
    page.locator("[data-testid=put-motion]").click()
    page.select_option("#id_body", label="理事会")
    page.fill("#id_title_zh", "关于设立标准工作组的议案")
    page.select_option("#id_method", "ballot")
    deadline = (dt.datetime.now(ZoneInfo("Asia/Shanghai")) + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_deadline", deadline)
    page.locator("[data-testid=form-submit]").click()
    expect(page).to_have_url(re.compile(r"/en/governance/motions/\d+/$"))
    motion_url = page.url
    expect(page.locator("[data-testid=votes-cast]")).to_contain_text("0 of 4 seats have voted.")

    for username, button in (("council", "vote-yes"), ("legalrep", "vote-yes")):
        context = browser.new_context()
        member = context.new_page()
        login(member, server_url, username)
        member.goto(motion_url)
        member.locator(f"[data-testid={button}]").click()
        # a vote is final: the page asks first
        expect(member.locator("[data-testid=vote-confirmation]")).to_contain_text(
            "A vote cannot be changed once cast."
        )
        member.locator("[data-testid=vote-confirm]").click()
        expect(member.locator("[data-testid=my-vote]")).to_contain_text("A vote cannot be changed.")
        expect(member.locator("[data-testid=vote-form]")).to_have_count(0)
        context.close()

    page.goto(motion_url)
    expect(page.locator("[data-testid=votes-cast]")).to_contain_text("2 of 4 seats have voted.")
    page.locator("[data-testid=close]").click()
    page.locator("[data-testid=continue]").click()
    expect(page.locator("[data-testid=confirmation]")).to_contain_text("2 of 4 seats have voted.")
    page.locator("[data-testid=confirm]").click()
    # two of four seats present is below the council's 2/3 quorum: the outcome says so
    expect(page.locator("[data-testid=tally-votes]")).to_have_text("2 / 0 / 0")
    expect(page.locator("[data-testid=tally]")).to_contain_text("Quorum not met.")
    expect(page.locator("h1 [data-testid=outcome]")).to_have_text("No quorum")
    expect(page.locator("[data-testid=vote-row]")).to_have_count(2)
