"""Excel import of an existing list of results (the documented template, ``template_sheets``).

One row is one result, registered through ``result_register`` like any other, so every rule holds
(patent numbers with their check character, shares adding up to 100, owners from the agreement's
rule). The whole file is one transaction: if any row is refused, nothing is written, and every refused
row is reported with its row number and reasons. The file is read by ``core.imports.read_template`` (size,
unpacked size and row caps; read-only; formulas never evaluated; the header checked), and the rows are
written by ``core.imports.write_rows``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.imports import (
    Column,
    ImportRefused,
    ImportRow,
    parse_date,
    raise_refused,
    read_template,
    refusal,
    write_rows,
)
from itisa.core.imports import template_sheets as _template_sheets
from itisa.projects.models import Project
from itisa.registry.models import Alliance, Organisation
from itisa.results import actions
from itisa.results.models import Result
from itisa.results.permissions import can_keep_results
from itisa.results.services import InventorInput, ResultInput, ShareInput, result_register

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
_LIST_SPLIT = re.compile(r"[;；\n]")
_PAIR_SPLIT = re.compile(r"[:：]")

__all__ = ["CODES", "COLUMNS", "ImportRefused", "results_import", "template_sheets"]


COLUMNS = [
    Column("kind", gettext_lazy("Kind"), True,
           gettext_lazy("One of: invention, utility_model, design, software, standard, paper, product, know_how"),
           "invention"),
    Column("title_zh", gettext_lazy("Title"), True, gettext_lazy("The title in Chinese"), "一种大功率LED芯片外延结构"),
    Column("title_en", gettext_lazy("Title (English)"), False, "", ""),
    Column("project", gettext_lazy("Project"), False,
           gettext_lazy("The code of the alliance's project it came from (P001); its funding sources are linked"),
           ""),
    Column("number", gettext_lazy("Number"), False,
           gettext_lazy("Patents: the CNIPA application number with its check character (ZL201811564288.X); "
                        "others: the registration number, if any"),
           "ZL201811564288.X"),
    Column("status", gettext_lazy("Status"), True,
           gettext_lazy("filed, granted or lapsed (patents, software copyrights, standards); recorded (others)"),
           "granted"),
    Column("filed_on", gettext_lazy("Filed on"), False, gettext_lazy("YYYY-MM-DD; needed unless recorded"), "2018-12-20"),
    Column("granted_on", gettext_lazy("Granted on"), False, gettext_lazy("YYYY-MM-DD; needed when granted"), "2021-03-02"),
    Column("lapsed_on", gettext_lazy("Lapsed on"), False, gettext_lazy("YYYY-MM-DD; needed when lapsed"), ""),
    Column("contributions", gettext_lazy("Contributing members"), True,
           gettext_lazy("Credit code:share; … — active members, shares adding up to 100"),
           "914403001922038216:60; 12100000400000624D:40"),
    Column("inventors", gettext_lazy("People"), False,
           gettext_lazy("Name:share; … — shares adding up to 100"), "张三:70; 李四:30"),
    Column("owners", gettext_lazy("Owners"), False,
           gettext_lazy("Only where the agreement leaves ownership to the project contract: credit code:share; …"),
           ""),
    Column("document_ref", gettext_lazy("Project contract"), False,
           gettext_lazy("The project contract's reference, with owners"), ""),
]  # fmt: skip
CODES = [c.code for c in COLUMNS]


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (the header row of column codes and one example row) and a sheet
    explaining each column."""
    return _template_sheets("results", COLUMNS)


def _pairs(text: str, column: str, problems: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for part in _LIST_SPLIT.split(str(text)):
        if not part.strip():
            continue
        bits = _PAIR_SPLIT.split(part.strip())
        if len(bits) != 2 or not bits[0].strip() or not bits[1].strip():
            problems.append(_("%(column)s: write name:share; name:share.") % {"column": column})
            return []
        pairs.append((bits[0].strip(), bits[1].strip()))
    return pairs


def _orgs(
    pairs: list[tuple[str, str]], by_uscc: dict[str, int], column: str, problems: list[str]
) -> list[ShareInput]:
    shares = []
    for uscc, share in pairs:
        org = by_uscc.get(uscc.upper())
        if org is None:
            problems.append(
                _("%(column)s: no organisation with the credit code %(code)s.")
                % {"column": column, "code": uscc}
            )
            continue
        shares.append(ShareInput(organisation=org, share=share))
    return shares


def _row_input(
    cells: dict[str, Any], by_uscc: dict[str, int], projects: dict[str, int]
) -> tuple[ResultInput | None, list[str]]:
    problems: list[str] = []
    for column in COLUMNS:
        if column.required and cells.get(column.code, "") == "":
            problems.append(_("%(column)s: required.") % {"column": column.code})
    project = None
    if cells.get("project"):
        project = projects.get(str(cells["project"]))
        if project is None:
            problems.append(_("project: the alliance has no project %(code)s.") % {"code": cells["project"]})
    dates = {
        name: parse_date(cells.get(name, ""), name, problems)
        for name in ("filed_on", "granted_on", "lapsed_on")
    }
    contributions = _orgs(
        _pairs(cells.get("contributions", ""), "contributions", problems), by_uscc, "contributions", problems
    )
    owners = _orgs(_pairs(cells.get("owners", ""), "owners", problems), by_uscc, "owners", problems)
    inventors = [
        InventorInput(name=n, share=s) for n, s in _pairs(cells.get("inventors", ""), "inventors", problems)
    ]
    if problems:
        return None, problems
    try:
        data = ResultInput(
            kind=str(cells.get("kind", "")), title_zh=str(cells.get("title_zh", "")),
            title_en=str(cells.get("title_en", "")), project=project, funding=None,
            number=str(cells.get("number", "")), status=str(cells.get("status", "")), **dates,
            contributions=contributions, inventors=inventors, owners=owners,
            document_ref=str(cells.get("document_ref", "")),
        )  # fmt: skip
    except DomainError as exc:
        return None, refusal(exc)
    return data, []


def results_import(*, by: User, alliance: Alliance, data: bytes) -> list[Result]:
    """Register every row of the file, or none: ``ImportRefused`` lists each refused row's number and
    reasons (``row 3``: the file's own row numbers, the header being row 1)."""
    decision = can_keep_results(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    by_uscc = dict(Organisation.objects.values_list("uscc", "pk"))
    projects = dict(Project.objects.filter(alliance=alliance).values_list("code", "pk"))
    rows = []
    for number, cells in sheet.rows:
        row_input, problems = _row_input(cells, by_uscc, projects)
        rows.append(ImportRow(number, cells, problems, row_input))
    with transaction.atomic():
        if not write_rows(rows, lambda d: result_register(by=by, alliance=alliance, data=d), dry_run=False):
            # leaving the block with an exception rolls every row back: nothing half-written
            raise_refused(rows)
        created: list[Result] = [row.done for row in rows]
        log_action(
            alliance, actions.RESULTS_IMPORTED, by=by,
            data={"rows": len(created), "codes": [r.code for r in created]},
        )  # fmt: skip
    return created
