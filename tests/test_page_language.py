"""Pages speak their reader's language (issue 21, item 1).

Under / (Chinese) the visible text of a page holds no machine text: no snake_case identifier
(``council_member``), no rule id (``art8.2.goals``), no dotted action or notification code
(``governance.meeting.notice``), no raw code of a choice (``forming``, ``pilot``) and no Latin-only label
(a heading, column, term or button in English only).

Text inside an element marked ``lang="en"`` (the language switch's "English") is English on purpose.
Under /en/ a page holds no Chinese character, except inside an element marked as a name or citation that has
no English form: an element (or one of its ancestors) whose ``lang`` attribute starts with ``zh``. Templates
mark such text with ``{{ obj|local_name }}`` (the English name where there is one, else the Chinese one in
``<span lang="zh-Hans">``) or ``{{ text|zh }}`` (a Chinese name, a person's name, a citation); the attribute
is what screen readers and browsers need anyway to read the text in the right language.

The demo (``demo load``) is loaded once for the module and every page is rendered for a persona of it.
What a page may still show is listed in ``ALLOWED`` below, one entry per token with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings
from django.utils import translation

from itisa.accounts.models import User
from itisa.pilots.models import Call
from itisa.registry.models import Alliance

SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "svg", "template"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
LABEL_TAGS = {
    "th",
    "label",
    "dt",
    "button",
    "legend",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "summary",
    "option",
}

SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w/-])")
RULE_ID = re.compile(r"(?<![\w.])art\d+(?:\.\w+)*")
DOTTED_CODE = re.compile(r"(?<![\w./@-])[a-z]+\.[a-z_]+\.[a-z_.]+(?![\w/@-])")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
LOWER_WORD = re.compile(r"(?<![\w./@:-])[a-z]{3,}(?![\w/@-])")

# Latin text a Chinese page may show, each with its reason.
ALLOWED = {
    "demo-pass-2026": "the demo password, shown on the login page so that people can try the demo",
    "itisa": "the product's name in the footer and the page title",
}

# Chinese text an English page may show outside a marked name, each with its reason.
ALLOWED_CHINESE = {
    "国科发政〔2008〕770号": "the document number of the Guiding Opinions inside the English sentences of the "
    "catalogue (footer, home); an English rendering (Guokefazheng [2008] No. 770) changes those msgids",
}


class VisibleText(HTMLParser):
    """The text a reader sees, as (text, tag it sits in, language it is marked in) triples: the ``lang`` of the
    nearest element that has one, as ``zh`` or ``en`` (or "" for none)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipped, language)
        self.texts: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        skipped = bool(self.stack and self.stack[-1][1]) or tag in SKIPPED_TAGS or "hidden" in attributes
        language = self.stack[-1][2] if self.stack else ""
        if attributes.get("lang"):
            language = str(attributes["lang"]).lower()[:2]
        self.stack.append((tag, skipped, language))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text or (self.stack and self.stack[-1][1]):
            return
        tag, _skipped, language = self.stack[-1] if self.stack else ("", False, "")
        self.texts.append((text, tag, language))


def visible_text(html: str) -> list[tuple[str, str, str]]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def _choice_codes() -> set[str]:
    """Every lower-case code of a TextChoices in the project (``forming``, ``pilot``, ``council_member``)."""
    codes: set[str] = set()
    stack: list[type] = [models.TextChoices]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("itisa."):
            codes.update(v for v in cls.values if isinstance(v, str) and re.fullmatch(r"[a-z][a-z_]+", v))
    return codes


def _without_allowed(text: str) -> str:
    for token in ALLOWED:
        text = text.replace(token, " ")
    return re.sub(r"\S+@\S+|https?://\S+|/\S*", " ", text)  # e-mail addresses and paths are not labels


def chinese_page_problems(html: str) -> list[str]:
    """What shows machine or English text on a Chinese page."""
    codes = _choice_codes()
    problems: list[str] = []
    for raw, tag, language in visible_text(html):
        if language == "en":  # marked as English: the language switch's "English"
            continue
        text = _without_allowed(raw)
        found = SNAKE.findall(text) + RULE_ID.findall(text) + DOTTED_CODE.findall(text)
        found += [w for w in LOWER_WORD.findall(text) if w in codes]
        latin = LATIN_WORD.findall(text)
        # a label in English only; upper-case words (CSA, PDF, API) are names, not labels
        if tag in LABEL_TAGS and not HAN.search(text) and any(w != w.upper() for w in latin):
            found.append(f"<{tag}>{text}")
        problems += [f"{f!r} in {raw!r}" for f in found]
    return problems


def english_page_problems(html: str) -> list[str]:
    """Chinese text on an English page outside an element marked as Chinese (a name or citation)."""
    problems = []
    for text, tag, lang in visible_text(html):
        shown = text
        for token in ALLOWED_CHINESE:
            shown = shown.replace(token, " ")
        if HAN.search(shown) and lang != "zh":
            problems.append(f"{text!r} in <{tag}>")
    return problems


# --- the demo, loaded once ---


@pytest.fixture(scope="module")
def demo_logins(module_db: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Load the demo once (in Chinese, as ``make run`` shows it) and return the persona table it prints."""
    with override_settings(
        VAR_DIR=tmp_path_factory.mktemp("demo-var"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        out = StringIO()
        with translation.override("zh-hans"):
            call_command("demo", "load", stdout=out)
        yield out.getvalue()


@pytest.fixture
def demo(demo_logins: str, db: None) -> str:
    return demo_logins


def _path(template: str) -> str:
    csa = Alliance.objects.get(code="CSA")
    call = Call.objects.order_by("-pk").first()
    assert call is not None
    if "{motion}" in template:  # the council's open motion No. 2 of CSA (ids differ between databases)
        from itisa.governance.models import Motion

        motion = Motion.objects.get(body__alliance=csa, number=2)
        return template.format(csa=csa.pk, call=call.pk, motion=motion.pk)
    return template.format(csa=csa.pk, call=call.pk)


PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/alliances/"),
    ("anonymous", "/alliances/CSA/"),
    ("secretariat", "/"),
    ("secretariat", "/alliances/CSA/"),
    ("secretariat", "/alliances/CSA/governance/"),
    ("secretariat", "/alliances/CSA/ledger/"),
    ("secretariat", "/alliances/CSA/eligibility/"),
    ("national", "/"),
    ("national", "/audit/registry.alliance/{csa}/"),
    ("national", "/pilots/eligibility/"),
    ("national", "/pilots/applications/"),
    ("national", "/pilots/calls/{call}/"),
    ("national", "/pilots/experts/"),
    ("council", "/"),
    ("council", "/alliances/CSA/governance/"),
    ("reviewer", "/pilots/reviews/"),
    ("applicant", "/"),
]


def _get(persona: str, path: str) -> str:
    client = Client()
    if persona != "anonymous":
        client.force_login(User.objects.get(username=persona))
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_chinese_pages_show_no_machine_text(demo: str, persona: str, path: str) -> None:
    assert chinese_page_problems(_get(persona, _path(path))) == []


@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_english_pages_show_chinese_only_in_names(demo: str, persona: str, path: str) -> None:
    assert english_page_problems(_get(persona, "/en" + _path(path))) == []


def test_the_demo_persona_table_is_in_chinese(demo: str) -> None:
    header, *rows = demo.splitlines()
    assert header.split() == ["账号", "角色", "范围", "密码"]
    problems = []
    for row in rows:
        login, *rest = row.split()
        text = " ".join(rest)
        problems += SNAKE.findall(text) + [w for w in LOWER_WORD.findall(text) if w in _choice_codes()]
    assert problems == []
    assert [line.split()[:2] for line in rows[:3]] == [
        ["admin", "管理员"],
        ["secretariat", "秘书处工作人员"],
        ["council", "理事"],
    ]
    assert "province        省级主管部门人员        山东省" in demo


# --- the checks themselves ---


def test_the_checks_find_what_they_look_for() -> None:
    page = (
        "<html lang='zh-hans'><body><h1>Council</h1><table><tr><th>行业</th><td>council_member</td>"
        "<td>art8.2.goals</td><td>governance.meeting.notice</td><td>forming</td></tr></table>"
        "<code>registry.alliance</code><a href='/x_y/'>联盟</a><p>CSA 联盟</p></body></html>"
    )
    assert chinese_page_problems(page) == [
        "'<h1>Council' in 'Council'",
        "'council_member' in 'council_member'",
        "'art8.2.goals' in 'art8.2.goals'",
        "'governance.meeting.notice' in 'governance.meeting.notice'",
        "'forming' in 'forming'",
    ]
    english = "<html lang='en'><p>Council 理事会</p><p>By <span lang='zh-Hans'>王敏</span></p></html>"
    assert english_page_problems(english) == ["'Council 理事会' in <p>"]


# --- links: only to what the viewer may open (issue 21, item 3) ---

LINK = re.compile(r'<a\s[^>]*?href="(/[^"#?]*)', re.IGNORECASE)
NOT_FOLLOWED = re.compile(r"^/(api|admin|static|media|en|login)/|/logout/|\.[a-z0-9]+$")
CRAWLED = ["anonymous", "secretariat", "council", "contact", "legalrep", "supervisor", "reviewer",
           "province", "national", "applicant"]  # fmt: skip
PAGES_PER_PERSONA = 150


def crawl(
    get: Callable[..., Any], *, start: str = "/", limit: int = PAGES_PER_PERSONA
) -> list[tuple[str, str, int]]:
    """Follow the links of the pages a persona sees (``get``: its test client's), breadth first from
    ``start`` (the home page), up to ``limit`` pages: every link answered otherwise than 200 (after redirects
    that stay off the login page) is returned as (the page that shows it, the link, the status)."""
    broken: list[tuple[str, str, int]] = []
    queue: list[tuple[str, str]] = [("", start)]
    seen = {start}
    visited = 0
    while queue and visited < limit:
        source, path = queue.pop(0)
        visited += 1
        response = get(path, follow=True)
        landed = response.redirect_chain[-1][0] if response.redirect_chain else path
        if response.status_code != 200 or landed.startswith("/login/"):
            broken.append((source, path, response.status_code))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in LINK.findall(response.content.decode()):
            if link not in seen and not NOT_FOLLOWED.search(link):
                seen.add(link)
                queue.append((path, link))
    return broken


@pytest.mark.parametrize("persona", CRAWLED)
def test_every_link_a_persona_is_shown_opens(demo: str, persona: str) -> None:
    """No dead ends: what a page links to opens for whoever it is shown to (no 403 or 404 behind a link,
    no log-in page behind a public one) — from the home page, the first pages each persona reaches."""
    client = Client()
    if persona != "anonymous":
        client.force_login(User.objects.get(username=persona))
    assert crawl(client.get) == []


def test_the_crawl_reports_a_link_that_does_not_open(demo: str) -> None:
    """The check itself: a page linking to a project the public may not see is reported, with the page
    showing the link and the status; the page's other link is followed and opens."""
    from itisa.projects.models import Project

    hidden = Project.objects.filter(status="proposed").first()
    assert hidden is not None
    client = Client()
    assert client.get(f"/projects/{hidden.pk}/").status_code == 404

    def get(path: str, **kwargs: Any) -> Any:
        response = client.get("/alliances/" if path == "/start/" else path, **kwargs)
        if path == "/start/":
            response.content = f'<a href="/projects/{hidden.pk}/">x</a> <a href="/alliances/">y</a>'.encode()
        return response

    assert crawl(get, start="/start/", limit=3) == [("/start/", f"/projects/{hidden.pk}/", 404)]


@pytest.mark.parametrize(
    ("persona", "path", "topic"),
    [
        ("secretariat", "/alliances/CSA/ledger/", "ledger"),
        ("national", "/pilots/eligibility/", "eligibility"),
        ("national", "/pilots/applications/", "pilot_queue"),
        ("council", "/governance/motions/{motion}/", "motion"),
    ],
)
def test_pages_with_uncommon_terms_explain_them(demo: str, persona: str, path: str, topic: str) -> None:
    assert f'data-testid="help-{topic}"><summary>这些术语是什么意思？</summary>' in _get(persona, _path(path))
