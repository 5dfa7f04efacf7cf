"""Each persona's main path on a desktop (1280 px) and a phone (375 px) screen (issue 21, items 7 and 8).

Every step is a click on a link the previous page shows (the menu, a to-do line, an alliance's section), so
a path that dead-ends fails. On each page: the response is 200, nothing is wider than the screen (no
sideways scrolling, no column cut off inside a scrolling box), and at 375 px every table with a header
shows its rows as cards whose cells name their column (web/tables.js, itisa.css); at 1280 px tables stay
tables. On the phone the menu is folded behind its button until opened.

Screenshots: set ITISA_SCREENSHOTS=<dir> to keep one full-page PNG per step and width (they were reviewed
for issue 21 from such a run); CI does not keep them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_journeys import login

PHONE, DESKTOP = 375, 1280

# (kind, target): "nav" clicks the main menu's item (opening the menu on a phone), "link" clicks the first
# visible link to that address in the page's main part, "link^" the first whose address starts so.
Step = tuple[str, str]
PATHS: dict[str, list[Step]] = {
    "anonymous": [
        ("nav", "nav-alliances"),
        ("link", "/alliances/CSA/"),
        ("nav", "nav-catalogue"),
        ("nav", "nav-problems"),
    ],
    "secretariat": [
        ("link", "/todo/"),
        ("nav", "nav-home"),
        ("link", "/alliances/CSA/"),
        ("link", "/alliances/CSA/governance/"),
        ("nav", "nav-home"),
        ("link", "/alliances/CSA/ledger/"),
        ("link", "/alliances/CSA/ledger/entries/new/"),
    ],
    "council": [
        ("link", "/alliances/CSA/governance/"),
        ("link", "/alliances/CSA/governance/motions/"),
        ("link", "/governance/motions/2/"),
    ],
    "legalrep": [
        ("link", "/alliances/CSA/agreements/"),
        ("link", "/alliances/CSA/agreements/v2/"),
    ],
    "contact": [
        ("link", "/alliances/CSA/"),
        ("link", "/alliances/CSA/projects/"),
        ("link", "/projects/1/"),
    ],
    "supervisor": [
        ("link", "/alliances/CSA/ledger/"),
        ("link^", "/ledger/entries/"),
    ],
    "reviewer": [
        ("link", "/todo/"),
        ("link^", "/pilots/reviews/"),
    ],
    "province": [
        ("nav", "nav-forming"),
        ("nav", "nav-problems"),
        ("nav", "nav-eligibility"),
    ],
    "national": [
        ("nav", "nav-dashboards"),
        ("nav", "nav-pilots"),
        ("link", "/pilots/applications/"),
        ("nav", "nav-eligibility"),
    ],
    "applicant": [
        ("link", "/applications/"),
        ("nav", "nav-alliances"),
        ("link", "/alliances/CSA/"),
        ("link", "/alliances/CSA/apply/"),
    ],
}

# What is wider than the screen: the page itself, or a visible element in <main> whose right edge lies
# beyond it (a column cut off inside a horizontally scrolling box). The header row of a table shown as
# cards stays only for screen readers (clipped), and is not counted.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) found.push('page ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('table.itisa-cards > thead, .visually-hidden, .collapse:not(.show)')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.height && box.right > width + 1 && el.checkVisibility()) {
      found.push(el.tagName.toLowerCase() + ' ' + (el.textContent || '').trim().slice(0, 30));
    }
  }
  return found.slice(0, 5);
}"""

# Tables with a header row: are they cards, and is every data cell under a named column labelled with it?
# (A column with an empty heading, such as the one of row actions, has no name to repeat.)
TABLES = """() => Array.from(document.querySelectorAll('main table.table')).filter(t => t.tHead).map(t => {
  const heads = t.tHead.rows[t.tHead.rows.length - 1];
  const names = Array.from(heads.cells).flatMap(th => Array(th.colSpan || 1).fill(th.textContent.trim()));
  let unlabelled = 0;
  for (const body of t.tBodies) for (const row of body.rows) {
    let column = 0;
    for (const cell of row.cells) {
      if ((cell.colSpan || 1) === 1 && names[column] && cell.dataset.label !== names[column]) unlabelled += 1;
      column += cell.colSpan || 1;
    }
  }
  return {cards: t.classList.contains('itisa-cards'),
          theadShown: getComputedStyle(t.tHead).position !== 'absolute', unlabelled: unlabelled};
})"""


def _shot(page: Page, persona: str, width: int, step: int) -> None:
    folder = os.environ.get("ITISA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{persona}-{width}-{step:02d}.png", full_page=True)


def _check_page(page: Page, width: int) -> None:
    assert page.evaluate(OVERFLOW) == [], page.url
    tables = page.evaluate(TABLES)
    for table in tables:
        if width == PHONE:
            assert table == {"cards": True, "theadShown": False, "unlabelled": 0}, page.url
        else:
            assert table["theadShown"], page.url


def _follow(page: Page, kind: str, target: str, width: int) -> None:
    if kind == "nav":
        item = page.locator(f"[data-testid={target}]")
        if width == PHONE:
            expect(item).to_be_hidden()
            page.locator("[data-testid=menu-toggle]").click()
        expect(item).to_be_visible()
    else:
        operator = "^=" if kind == "link^" else "="
        item = page.locator(f'main a[href{operator}"{target}"]:visible').first
        expect(item).to_be_visible()
    with page.expect_navigation() as navigation:
        item.click()
    response = navigation.value
    assert response is not None and response.status == 200, (target, response and response.status)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("persona", sorted(PATHS))
def test_main_path(browser: Browser, server_url: str, persona: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    refused: list[str] = []
    context.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page = context.new_page()
    try:
        if persona == "anonymous":
            page.goto(f"{server_url}/")
        else:
            login(page, server_url, persona)
        _check_page(page, width)
        _shot(page, persona, width, 0)
        for number, (kind, target) in enumerate(PATHS[persona], start=1):
            _follow(page, kind, target, width)
            expect(page.locator("h1").first).to_be_visible()
            _check_page(page, width)
            _shot(page, persona, width, number)
        assert refused == []
    finally:
        context.close()


def test_the_phone_menu_opens_and_closes(browser: Browser, server_url: str) -> None:
    context = browser.new_context(viewport={"width": PHONE, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server_url}/")
        toggle = page.locator("[data-testid=menu-toggle]")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(page.locator("[data-testid=nav-alliances]")).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(page.locator("[data-testid=nav-alliances]")).to_be_visible()
        # Bootstrap ignores a click while the menu is still unfolding
        expect(page.locator("#itisa-menu")).to_have_class(re.compile(r"(^|\s)collapse show($|\s)"))
        toggle.click()
        expect(page.locator("[data-testid=nav-alliances]")).to_be_hidden()
        # the search box stays outside the menu, on every screen
        expect(page.locator("#global-search-q")).to_be_visible()
    finally:
        context.close()


def test_a_table_becomes_cards_only_on_a_narrow_screen(browser: Browser, server_url: str) -> None:
    """The same table, resized: its header row shows at 1280 px, and at 375 px each cell carries its
    column's name before its value (the CSS ::before of data-label)."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server_url}/alliances/")
        table = page.locator("main table.table").first
        expect(table.locator("thead")).to_be_visible()
        status = table.locator("tbody tr").first.locator("td").last
        label = status.get_attribute("data-label")
        assert label == "状态"
        # on a wide screen a short word stays whole: 全国性 on one line, not 全国⏎性
        kind = table.locator('tbody tr td[data-label="类型"]').first
        assert kind.inner_text() == "全国性"
        assert (
            kind.evaluate(
                "c => { const r = document.createRange(); r.selectNodeContents(c); "
                "return r.getClientRects().length; }"
            )
            == 1
        )
        page.set_viewport_size({"width": PHONE, "height": 900})
        before = status.evaluate("c => getComputedStyle(c, '::before').content")
        assert before == '"状态"'
        assert status.evaluate("c => c.getBoundingClientRect().right") <= PHONE
        assert re.fullmatch(
            r"(absolute)", table.locator("thead").evaluate("h => getComputedStyle(h).position")
        )
    finally:
        context.close()
