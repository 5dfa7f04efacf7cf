"""The Content-Security-Policy in a real browser: the main pages run (htmx, Bootstrap, Swagger UI, the admin)
without a single refusal in the console, and an injected inline handler is refused.

Every other browser test also fails on a logged violation (``no_csp_violation`` in conftest.py), so the
journeys (live search, signing keys in the browser, ballots, the ledger, the pilot program) are covered too.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import CSP_VIOLATION
from tests.browser.test_journeys import login

PUBLIC_PAGES = [
    "/",
    "/alliances/",
    "/alliances/CSA/",
    "/alliances/CSA/governance/",
    "/alliances/CSA/governance/motions/",
    "/organisations/",
    "/pilots/",
    "/login/",
    "/admin/login/",
    "/api/docs",
]
MEMBER_PAGES = [
    "/alliances/CSA/ledger/",
    "/alliances/CSA/ledger/reports/",
    "/alliances/CSA/eligibility/",
    "/alliances/CSA/agreements/",
    "/pilots/eligibility/",
    "/pilots/dashboard/",
    "/inbox/",
    "/keys/",
    "/tokens/",
]


def _visit(page: Page, base: str, paths: list[str]) -> list[tuple[str, str]]:
    """Open each page and wait until it is quiet; the JavaScript errors thrown on the way."""
    errors: list[tuple[str, str]] = []
    page.on("pageerror", lambda error: errors.append((page.url, str(error))))
    for path in paths:
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    return errors


def test_the_main_pages_run_without_a_policy_violation(
    page: Page, server_url: str, no_csp_violation: list[str]
) -> None:
    assert _visit(page, server_url, PUBLIC_PAGES) == []
    # Swagger UI rendered the API from its bundled scripts
    expect(page.locator(".opblock-summary").first).to_be_visible()
    # the motions of the demo council, one opened by its link
    page.goto(f"{server_url}/alliances/CSA/governance/motions/")
    page.locator("[data-testid=motion-row] a").first.click()
    expect(page.locator("[data-testid=vote-table]")).to_be_visible()
    login(page, server_url, "national")
    assert _visit(page, server_url, MEMBER_PAGES) == []
    # htmx's live search (with eval off) still answers as the user types
    page.goto(f"{server_url}/alliances/")
    page.fill("#alliance-search", "半导体")
    expect(page.locator("[data-testid=alliance-row]")).to_have_count(1)
    assert no_csp_violation == []


def test_an_injected_inline_handler_is_refused(browser: Browser, server_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if CSP_VIOLATION in message.text else None)
    page.goto(f"{server_url}/")
    page.evaluate(
        """() => document.body.insertAdjacentHTML(
            'beforeend', '<img id=probe src="data:," onerror="window.injected = 1">')"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected") is None
    assert len(seen) == 1
    # Chromium's wording changes between versions; the handler and the directive that refused it do not
    assert "inline event handler" in seen[0]
    assert "script-src 'self'" in seen[0]
    context.close()
