"""The Content-Security-Policy: on every page, for every kind of visitor, and templates that need nothing looser.

The policy allows scripts and styles only from this site's own files, so nothing a template writes inline may
carry behaviour or style: no inline ``<script>``, no ``on*=""`` handler, no ``javascript:`` link, no htmx
attribute that htmx would evaluate, no ``style`` attribute or block. The browser side (no violation in the
console on the main pages and through every journey) is in ``tests/browser/test_csp.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from itisa.governance.services import motion_open
from itisa.governance.tests.conftest import make_council

ROOT = Path(__file__).resolve().parents[1]

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def _policy(header: str) -> dict[str, list[str]]:
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def _plain_paths(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    """Every URL without a parameter (the site's, the admin's and the API's), as a path."""
    for p in patterns:
        piece = str(p.pattern)
        if "<" in piece or "(?P" in piece or "^" in piece:
            continue
        if isinstance(p, URLResolver):
            yield from _plain_paths(p.url_patterns, prefix + piece)
        elif isinstance(p, URLPattern):
            yield "/" + prefix + piece


# GET on these changes something or is not a page: logging out, and Django's language switch (POST only)
NOT_FETCHED = {"/logout/", "/admin/logout/", "/i18n/setlang/"}
PLAIN = sorted(set(_plain_paths(get_resolver().url_patterns)) - NOT_FETCHED)


def test_the_walk_finds_the_pages_that_matter() -> None:
    for path in (
        "/",
        "/login/",
        "/admin/login/",
        "/api/docs",
        "/alliances/",
        "/pilots/",
        "/pilots/eligibility/",
    ):
        assert path in PLAIN
    assert len(PLAIN) >= 90


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "secretariat", "expert", "national_officer"])
def test_every_plain_page_sends_the_policy(world: Any, persona: str) -> None:
    client = Client()
    if world.user(persona) is not None:
        client.force_login(world.user(persona))
    missing = []
    for path in PLAIN:
        response = client.get(path)
        header = response.headers.get("Content-Security-Policy")
        if header is None or _policy(header) != POLICY:
            missing.append((path, response.status_code, header))
    assert missing == []


@pytest.mark.parametrize("persona", ["anonymous", "council_member", "national_officer"])
def test_the_main_pages_with_parameters_send_the_policy(world: Any, persona: str) -> None:
    council = make_council(world)
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="议案",
        method="ballot",
        deadline=timezone.now() + dt.timedelta(days=7),
    )
    client = Client()
    if world.user(persona) is not None:
        client.force_login(world.user(persona))
    paths = [
        "/alliances/CSA/",
        "/en/alliances/CSA/",
        "/alliances/CSA/governance/",
        f"/governance/motions/{motion.pk}/",
        "/alliances/CSA/ledger/",
        "/alliances/CSA/eligibility/",
        f"/api/motions/{motion.pk}",
    ]
    answers = {}
    for path in paths:
        response = client.get(path)
        answers[path] = (response.status_code, _policy(response.headers.get("Content-Security-Policy", "")))
    assert {p: a[1] for p, a in answers.items()} == dict.fromkeys(paths, POLICY)
    assert answers[f"/governance/motions/{motion.pk}/"][0] == 200


# --- templates -------------------------------------------------------------------------------------------

# Rendered to PDF by WeasyPrint on the server and never sent to a browser, so the CSP does not apply to them;
# WeasyPrint takes its page layout (@page, fonts) from a <style> block.
PDF_TEMPLATES = {
    "itisa/agreements/templates/agreements/pdf.html",
    "itisa/governance/templates/governance/minutes_pdf.html",
    "itisa/licensing/templates/licensing/statement_pdf.html",
    "itisa/diffusion/templates/diffusion/report_pdf.html",
    "itisa/evaluation/templates/evaluation/_pdf_style.html",
    "itisa/evaluation/templates/evaluation/published_pdf.html",
    "itisa/evaluation/templates/evaluation/record_pdf.html",
    "itisa/rating/templates/rating/results_pdf.html",
    "itisa/ledger/templates/ledger/_pdf_style.html",
    "itisa/ledger/templates/ledger/account_pdf.html",
    "itisa/ledger/templates/ledger/grants_pdf.html",
    "itisa/ledger/templates/ledger/reports_pdf.html",
    "itisa/ledger/templates/ledger/voucher_pdf.html",
    "itisa/pilots/templates/pilots/eligibility_pdf.html",
    "itisa/pilots/templates/pilots/published_pdf.html",
    "itisa/reports/templates/reports/_pdf_head.html",
    "itisa/reports/templates/reports/compilation_pdf.html",
    "itisa/reports/templates/reports/report_pdf.html",
}

TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
# htmx evaluates these (hx-on*, hx-vars, js: values, event filters in brackets) — all refused by the policy
HTMX_EVAL = re.compile(
    r"""\shx-on\b|\shx-on[:-]|\shx-vars\s*=|\shx-vals\s*=\s*["']\s*(?:js|javascript):|\shx-trigger\s*=\s*"[^"]*\[""",
    re.I,
)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']\s*javascript:""", re.I)
DATA_TYPES = re.compile(r"""type\s*=\s*["']application/(?:ld\+)?json["']""", re.I)


def inline_problems(html: str, *, pdf: bool = False) -> list[str]:
    """What in ``html`` needs a looser policy than the site's: each problem named once per occurrence."""
    found = []
    for attrs, content in SCRIPT.findall(html):
        if content.strip() and not DATA_TYPES.search(attrs):
            found.append("inline script")
    for tag in TAG.findall(html):
        found += ["event handler attribute"] * len(HANDLER.findall(tag))
        found += ["htmx evaluates code"] * len(HTMX_EVAL.findall(tag))
        found += ["javascript: URL"] * len(JS_URL.findall(tag))
        if not pdf:
            found += ["style attribute"] * len(STYLE_ATTR.findall(tag))
    if not pdf:
        found += ["style block"] * len(re.findall(r"<style\b", html, re.I))
    return found


@pytest.mark.parametrize(
    ("snippet", "problems"),
    [
        ("<script>alert(1)</script>", ["inline script"]),
        ('<script src="/static/x.js"></script>', []),
        ('<script type="application/json" id="d">{"a": 1}</script>', []),
        ('<button onclick="go()">x</button>', ["event handler attribute"]),
        ('<img src="x" ONERROR = "go()">', ["event handler attribute"]),
        ('<a href="javascript:go()">x</a>', ["javascript: URL"]),
        ('<div hx-on:click="go()"></div>', ["htmx evaluates code"]),
        ('<form hx-trigger="keyup[ctrlKey]"></form>', ["htmx evaluates code"]),
        ('<form hx-trigger="input changed delay:300ms from:input, submit"></form>', []),
        ('<div class="x" style="width: 5%"></div>', ["style attribute"]),
        ("<style>p { color: red }</style>", ["style block"]),
        ("<p>one=two, onboarding = fine in text</p>", []),
        ('<p data-online="1">x</p>', []),
    ],
)
def test_the_template_scan_finds_what_the_policy_refuses(snippet: str, problems: list[str]) -> None:
    assert inline_problems(snippet) == problems


def _templates() -> list[Path]:
    return sorted(
        p
        for base in (ROOT / "itisa", ROOT / "config")
        for p in base.rglob("templates/**/*.html")
        if p.is_file()
    )


def test_no_template_needs_a_looser_policy() -> None:
    templates = _templates()
    assert len(templates) > 100
    found = {}
    for path in templates:
        name = str(path.relative_to(ROOT))
        problems = inline_problems(path.read_text(encoding="utf-8"), pdf=name in PDF_TEMPLATES)
        if problems:
            found[name] = problems
    assert found == {}


def test_the_pdf_allow_list_names_templates_that_exist() -> None:
    assert {str(p.relative_to(ROOT)) for p in _templates()} >= PDF_TEMPLATES
