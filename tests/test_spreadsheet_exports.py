"""Every workbook the platform produces goes through the one writer and holds no formula.

Two halves. The source half finds every Excel export there is — the functions that call the writer
(``core.exports``), the URLs that end in ``.xlsx`` — and fails when one is missing from ``DOWNLOADS``
below, so a new export cannot be forgotten here; it also checks that openpyxl is used nowhere but in
the writer and that there is no CSV export (which would need the same escaping). The data half
seeds text that starts with "=", "+", "-" and "@" into every name a person types (alliance,
organisations, funds, memos, call title, decision reasons, cancellation reasons, a key problem's title), downloads every
workbook and opens it: no cell is a formula, no text starts with a formula character, and each
hostile text is there, escaped with a leading quote.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation
from openpyxl import load_workbook

from itisa.core.exports import FORMULA_PREFIXES, XLSX_CONTENT_TYPE

ROOT = Path(__file__).resolve().parents[1] / "itisa"
WRITERS = {"xlsx_response", "xlsx_download", "workbook_bytes"}

ALLIANCE = '=HYPERLINK("http://evil.example","点击")'
ORG_A = "+1+1甲公司"
ORG_B = "-2+3乙大学"
FUND = "@SUM(1,1)课题经费"
MEMO = "=1+2 收到课题经费"
CALL = "=2026年试点申报"
REASONS = "@评分最高"
CANCELLED = "-成员类别变更"
PROBLEM = "=关键技术问题"

# Every function that hands rows to the writer -> (URL name, persona, path, hostile texts it must show).
DOWNLOADS: dict[str, tuple[str, str, str, set[str]]] = {
    "itisa.diffusion.views:obligations": (
        "diffusion:obligations", "secretariat", "/en/alliances/CSA/diffusion/?format=xlsx", set(),
    ),
    "itisa.diffusion.views:department": (
        "diffusion:department", "national_officer", "/en/diffusion/departments/%E7%A7%91%E6%8A%80%E9%83%A8/?format=xlsx",
        set(),
    ),
    "itisa.dashboards.views:dashboard": (
        "dashboards:dashboard", "national_officer", "/en/dashboards/?format=xlsx", {CALL},
    ),
    "itisa.evaluation.views:campaigns": (
        "evaluation:campaigns", "national_officer", "/en/evaluation/?format=xlsx", set(),
    ),
    "itisa.partners.views:partner_export": (
        "partners:export", "national_officer", "/en/partners/export.xlsx", {ORG_A},
    ),
    "itisa.promotion.views:problem_export": (
        "promotion:problem_export", "anonymous", "/en/problems/export.xlsx", {PROBLEM},
    ),
    "itisa.registry.views:alliance_export": (
        "registry:alliance_export", "national_officer", "/en/alliances/export.xlsx", {ALLIANCE, ORG_A},
    ),
    "itisa.registry.views:organisation_export": (
        "registry:organisation_export", "national_officer", "/en/organisations/export.xlsx", {ORG_A, ORG_B},
    ),
    "itisa.ledger.views:reports_xlsx": (
        "ledger:reports_xlsx", "secretariat",
        "/en/alliances/CSA/ledger/reports.xlsx?start=2026-01-01&end=2026-03-31", {ALLIANCE, FUND},
    ),
    "itisa.ledger.views:grants": (
        "ledger:grants", "secretariat", "/en/alliances/CSA/ledger/grants/?format=xlsx", {FUND, MEMO},
    ),
    "itisa.membership.dues.views:dues_export": (
        "membership:dues_export", "secretariat", "/en/alliances/CSA/dues/invoices.xlsx?year=2026",
        {ORG_A, ORG_B, CANCELLED},
    ),
    "itisa.pilots.views:queue": (
        "pilots:applications", "national_officer", "/en/pilots/applications/?format=xlsx", {ALLIANCE, CALL},
    ),
    "itisa.pilots.views:published_xlsx": (
        "pilots:published_xlsx", "national_officer", "/en/pilots/calls/{call}/list.xlsx", {ALLIANCE, REASONS},
    ),
    "itisa.pilots.eligibility.views:_survey_xlsx": (
        "eligibility:survey", "national_officer", "/en/pilots/eligibility/?format=xlsx", {ALLIANCE},
    ),
    "itisa.projects.views:project_list": (
        "projects:list", "secretariat", "/en/alliances/CSA/projects/?format=xlsx", set(),
    ),
    "itisa.results.views:import_template": (
        "results:template", "secretariat", "/en/alliances/CSA/results/template.xlsx", set(),
    ),
    "itisa.registry.views:organisation_template": (
        "registry:organisation_template", "national_officer", "/en/organisations/template.xlsx", set(),
    ),
    "itisa.membership.views:member_template": (
        "membership:member_template", "secretariat", "/en/alliances/CSA/members/template.xlsx", set(),
    ),
    "itisa.pilots.review_views:expert_template": (
        "pilots:expert_template", "national_officer", "/en/pilots/experts/template.xlsx", set(),
    ),
    "itisa.pilots.api_imports:expert_template": (
        "api:pilots_expert_template", "national_officer", "/api/pilots/experts/import/template", set(),
    ),
    "itisa.membership.dues.views:dues_payment_template": (
        "membership:dues_payment_template", "secretariat", "/en/alliances/CSA/dues/payments/template.xlsx", set(),
    ),
    "itisa.ledger.import_views:entry_template": (
        "ledger:entry_template", "secretariat", "/en/alliances/CSA/ledger/entries/template.xlsx", set(),
    ),
    "itisa.licensing.views:statement": (
        "licensing:statement", "member_contact", "/en/alliances/CSA/statements/12100000400000624D/?format=xlsx",
        {ALLIANCE, ORG_B},
    ),
    "itisa.standards.views:standard_list": (
        "standards:list", "secretariat", "/en/alliances/CSA/standards/?format=xlsx", set(),
    ),
    "itisa.financing.views:need_list": (
        "financing:needs", "secretariat", "/en/alliances/CSA/financing/?format=xlsx", set(),
    ),
    "itisa.talent.views:programme_list": (
        "talent:programmes", "secretariat", "/en/alliances/CSA/talent/?format=xlsx", set(),
    ),
    "itisa.talent.views:exchange_list": (
        "talent:exchanges", "secretariat", "/en/alliances/CSA/talent/exchanges/?format=xlsx", set(),
    ),
    "itisa.talent.views:import_template": (
        "talent:template", "secretariat", "/en/alliances/CSA/talent/exchanges/template/", set(),
    ),
    "itisa.platforms.views:platform_list": (
        "platforms:list", "secretariat", "/en/alliances/CSA/platforms/?format=xlsx", set(),
    ),
    "itisa.platforms.views:statistics": (
        "platforms:statistics", "secretariat", "/en/alliances/CSA/platforms/statistics/?format=xlsx", {ALLIANCE},
    ),
    "itisa.platforms.views:import_template": (
        "platforms:template", "secretariat", "/en/alliances/CSA/platforms/import/template/", set(),
    ),
    "itisa.indicators.views:table": (
        "indicators:table", "secretariat", "/en/alliances/CSA/indicators/2026/?format=xlsx", {ALLIANCE},
    ),
    "itisa.reports.views:compilation_view": (
        "reports:compilation", "national_officer", "/en/reports/compilation/2025/?format=xlsx", set(),
    ),
    "itisa.rating.views:campaign": (
        "rating:campaign", "national_officer", "/en/rating/campaigns/2025/?format=xlsx", {ALLIANCE},
    ),
    # the API's last: a request without a language prefix leaves the default language active, and the
    # /en/ paths above resolve only while English is
    "itisa.membership.dues.api:payment_template": (
        "api:payment_template", "secretariat", "/api/alliances/CSA/dues/payments/template", set(),
    ),
    "itisa.ledger.api:entry_template": (
        "api:entry_template", "secretariat", "/api/alliances/CSA/ledger/entries/template", set(),
    ),
}  # fmt: skip


def _modules() -> list[tuple[str, ast.Module]]:
    """Every application module (tests and migrations aside), parsed."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        found.append((".".join(parts), ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def test_every_function_that_writes_a_workbook_is_downloaded_below() -> None:
    callers = set()
    for module, tree in _modules():
        if module == "itisa.core.exports":
            continue
        for top in tree.body:
            if not isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if any(isinstance(n, ast.Call) and _called_name(n) in WRITERS for n in ast.walk(top)):
                callers.add(f"{module}:{top.name}")
    assert callers == set(DOWNLOADS)


def test_only_the_writer_uses_openpyxl_and_there_is_no_csv_export() -> None:
    openpyxl_users, csv_writers = set(), set()
    for module, tree in _modules():
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] == "openpyxl" for name in names):
                openpyxl_users.add(module)
            if isinstance(node, ast.Call) and _called_name(node) in {"writer", "DictWriter"}:
                csv_writers.add(module)
            if isinstance(node, ast.Constant) and node.value == "text/csv":
                csv_writers.add(module)
    # the one writer, and the one reader of uploaded workbooks (read-only, capped, defusedxml)
    assert openpyxl_users == {"itisa.core.exports", "itisa.core.imports"}
    # the one CSV writer (open data), which puts every field through spreadsheet_safe too
    assert csv_writers == {"itisa.core.exports"}


def _url_names(patterns: list[Any], namespace: str = "") -> set[tuple[str, str]]:
    """(route, namespaced name) of every URL pattern."""
    found = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found |= _url_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            found.add((str(p.pattern), f"{namespace}{p.name}"))
    return found


def test_every_xlsx_url_is_downloaded_below() -> None:
    xlsx = {name for route, name in _url_names(get_resolver().url_patterns) if route.endswith(".xlsx")}
    assert xlsx == {"registry:alliance_export", "registry:organisation_export", "ledger:reports_xlsx"} | {
        "membership:dues_export",
        "results:template",
        "registry:organisation_template",
        "membership:member_template",
        "pilots:expert_template",
        "membership:dues_payment_template",
        "ledger:entry_template",
        "pilots:published_xlsx",
        "partners:export",
        "promotion:problem_export",
    }
    assert xlsx <= {name for name, *_rest in DOWNLOADS.values()}


# ---------------------------------------------------------------- every workbook, with hostile text


def _seed(world: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    """Hostile names everywhere a person types one; returns the published call's id."""
    from itisa.ledger.services import budget_set, entry_approve, entry_draft, entry_post, entry_submit
    from itisa.ledger.tests.conftest import make_books
    from itisa.membership.services.dues import fee_set, invoice_cancel, invoices_issue
    from itisa.pilots import services
    from itisa.pilots.tests.pilot_fixtures import make_call, patch_needs_review, submitted, to_review
    from tests.factories import UserFactory

    world.csa.name_zh = ALLIANCE
    world.csa.save(update_fields=["name_zh"])
    world.member_a.name_zh = ORG_A
    world.member_a.save(update_fields=["name_zh"])
    world.member_b.name_zh = ORG_B
    world.member_b.save(update_fields=["name_zh"])

    s = world.user("secretariat")
    books = make_books(world)
    books.grant.name_zh = FUND
    books.grant.save(update_fields=["name_zh"])
    budget_set(by=s, fund=books.grant, year=2026, account_code="5101", amount="1000.00")
    approver = UserFactory(username="secretariat2")
    from itisa.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    entry, _ = entry_draft(
        by=s, book=books.book, date=dt.date(2026, 2, 28), memo=MEMO, idempotency_key="hostile",
        postings=[{"account": "1002", "fund": str(books.grant.pk), "amount": "80000.00"},
                  {"account": "4401", "fund": str(books.grant.pk), "amount": "-80000.00"}],
    )  # fmt: skip
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    entry_post(by=s, entry=entry)

    fee_set(by=s, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000.00"))
    fee_set(by=s, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))
    invoices = invoices_issue(
        by=s, alliance=world.csa, year=2026, issued_on=dt.date(2026, 1, 15), due_on=dt.date(2026, 3, 31)
    )
    invoice_cancel(by=s, invoice=invoices[0], reason=CANCELLED)

    patch_needs_review(monkeypatch)
    office = world.user("national_officer")
    call = make_call(world, title_zh=CALL)
    application = to_review(world, submitted(world, call))
    services.application_decide(by=office, application=application, outcome="pilot", reasons=REASONS)
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call)
    from itisa.rating import services as rating
    from itisa.rating.demo import SCHEME_2024

    rating.scheme_create(by=office, year=2025, title=CALL, definition=copy.deepcopy(SCHEME_2024))
    rating.campaign_advance(by=office, campaign=rating.campaign_create(by=office, year=2025))
    from itisa.promotion.services import ProblemInput, problem_create, problem_publish

    province = world.user("provincial_officer")
    problem = problem_create(
        by=province, data=ProblemInput(title_zh=PROBLEM, description="-1+1", industry="B")
    )
    problem_publish(by=province, problem=problem)
    return call.pk


# text that should have been a number or a date: an amount ("80000.00") or a day ("2026-02-28")
_NUMBER_AS_TEXT = re.compile(r"-?[0-9][0-9,]*\.[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _read(content: bytes) -> tuple[list[str], list[str], set[str], list[str]]:
    """(formula cells, text cells starting with a formula character, every text value, cells that are
    not as a spreadsheet should hold them: an amount or a day as text, a fraction without a number format)
    of a workbook."""
    formulas, unescaped, texts, misfit = [], [], set(), []
    for ws in load_workbook(BytesIO(content)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    formulas.append(where)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value.startswith(FORMULA_PREFIXES):
                        unescaped.append(where)
                    if _NUMBER_AS_TEXT.fullmatch(cell.value):
                        misfit.append(f"{where}={cell.value}")
                if isinstance(cell.value, float) and cell.number_format == "General":
                    misfit.append(f"{where}={cell.value}")
    return formulas, unescaped, texts, misfit


def test_no_workbook_holds_a_formula_and_every_hostile_name_is_escaped(
    world: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call = _seed(world, monkeypatch)
    seen = {}
    for caller, (name, persona, path, hostile) in DOWNLOADS.items():
        # an API request leaves its language (zh-Hans) active, and /en/ addresses resolve only under en
        with translation.override("en"):
            assert resolve(urlsplit(path.format(call=call)).path).view_name == name
        client = Client()
        if persona != "anonymous":
            client.force_login(world.user(persona))
        response = client.get(path.format(call=call))
        formulas, unescaped, texts, misfit = _read(response.content)
        seen[caller] = (
            response.status_code,
            response["Content-Type"],
            formulas,
            unescaped,
            {text for text in hostile if "'" + text in texts},
            # an import template's example row shows what to type, as text
            [] if caller.endswith(("_template", ":import_template")) else misfit,
        )
    assert seen == {
        caller: (200, XLSX_CONTENT_TYPE, [], [], hostile, [])
        for caller, (*_rest, hostile) in DOWNLOADS.items()
    }


def test_the_writer_escapes_titles_headers_and_cells_and_drops_characters_a_workbook_cannot_hold() -> None:
    from django.utils.translation import gettext_lazy

    from itisa.core.exports import Sheet, workbook_bytes

    content = workbook_bytes(
        [
            Sheet(
                name="[=bad]: name/that is far too long for a sheet",
                title=[["=title", "plain"]],
                header=["+header", gettext_lazy("Name")],
                rows=[["@cell\x00\x07", Decimal("-1.50"), -2, dt.date(2026, 1, 2), None, "\t-tab"]],
                number_formats={2: "#,##0.00"},
                widths={1: 30},
            )
        ]
    )
    ws = load_workbook(BytesIO(content)).active
    assert ws.title == "=bad namethat is far too long f"
    assert list(ws.iter_rows(values_only=True)) == [
        ("'=title", "plain", None, None, None, None),
        ("'+header", "Name", None, None, None, None),
        ("'@cell", -1.5, -2, dt.datetime(2026, 1, 2), None, "'\t-tab"),  # noqa: DTZ001 - Excel dates are naive
    ]
    assert (ws["B3"].number_format, ws.column_dimensions["A"].width) == ("#,##0.00", 30)
    assert [c.data_type for row in ws.iter_rows() for c in row if c.data_type == "f"] == []


def test_money_dates_and_moments_keep_their_type_with_a_format_people_read() -> None:
    """A Decimal is money grouped with two decimals, a date a date, a moment Beijing time without its
    zone (Excel holds none); a column's own format wins."""
    from itisa.core.exports import Sheet, workbook_bytes

    moment = dt.datetime(2026, 12, 7, 6, 5, tzinfo=dt.UTC)  # 14:05 in Beijing
    content = workbook_bytes(
        [
            Sheet(
                name="s",
                header=["a", "b", "c", "d", "e"],
                rows=[[Decimal("30000000.00"), dt.date(2026, 12, 7), moment, 3, Decimal("2.5")]],
                number_formats={5: "0.0"},
            )
        ]
    )
    ws = load_workbook(BytesIO(content)).active
    cells = ws[2]
    assert [c.value for c in cells] == [
        30000000,
        dt.datetime(2026, 12, 7),  # noqa: DTZ001 - Excel dates are naive
        dt.datetime(2026, 12, 7, 14, 5),  # noqa: DTZ001
        3,
        2.5,
    ]
    assert [c.number_format for c in cells] == [
        "#,##0.00",
        "yyyy-mm-dd",
        "yyyy-mm-dd hh:mm",
        "General",
        "0.0",
    ]
