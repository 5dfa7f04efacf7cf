"""Excel import of a list of staff exchanges (the documented template, ``template_sheets``).

One row is one exchange, recorded through ``exchange_create`` like any other, so every rule holds (two
different active members, a period that ends on or after its start). The whole file is one
transaction: if any row is refused, nothing is written, and every refused row is reported with its
row number and reasons. The file is read by ``core.imports.read_xlsx`` (size, unpacked size and row
caps; read-only; formulas never evaluated). Pattern: ``results/imports.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.imports import Column, ImportRefused, read_template
from itisa.core.imports import template_sheets as _template_sheets
from itisa.registry.models import Alliance, Organisation
from itisa.talent import actions
from itisa.talent.models import Exchange
from itisa.talent.permissions import can_keep_talent
from itisa.talent.services import ExchangeInput, exchange_create

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = [
    Column("person_name", gettext_lazy("Person"), True, gettext_lazy("The person's name"), "王五"),
    Column("from", gettext_lazy("From member"), True, gettext_lazy("The sending member's credit code"),
     "914403001922038216"),
    Column("to", gettext_lazy("To member"), True, gettext_lazy("The receiving member's credit code"),
     "12100000400000624D"),
    Column("role_zh", gettext_lazy("Role"), True, gettext_lazy("The person's role at the receiving member"), "访问工程师"),
    Column("starts_on", gettext_lazy("Starts on"), True, gettext_lazy("YYYY-MM-DD"), "2026-03-01"),
    Column("ends_on", gettext_lazy("Ends on"), True, gettext_lazy("YYYY-MM-DD"), "2026-08-31"),
    Column("purpose_zh", gettext_lazy("Purpose"), True, gettext_lazy("What the exchange is for"), "联合开发外延工艺"),
]  # fmt: skip
CODES = [c.code for c in COLUMNS]


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (the header of column codes, one example row) and one explaining them."""
    return _template_sheets("exchanges", COLUMNS, widths=(16, 20, 8, 60))


def _date(value: Any, column: str, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(_("%(column)s: write the date as YYYY-MM-DD.") % {"column": column})
    return None


def _row_input(cells: dict[str, Any], by_uscc: dict[str, int]) -> tuple[ExchangeInput | None, list[str]]:
    problems: list[str] = []
    for code in CODES:
        if cells.get(code, "") == "":
            problems.append(_("%(column)s: required.") % {"column": code})
    if problems:
        return None, problems
    orgs: dict[str, int] = {}
    for column in ("from", "to"):
        org = by_uscc.get(str(cells[column]).strip().upper())
        if org is None:
            problems.append(_("%(column)s: no organisation with the credit code %(code)s.")
                            % {"column": column, "code": cells[column]})  # fmt: skip
        else:
            orgs[column] = org
    starts_on = _date(cells["starts_on"], "starts_on", problems)
    ends_on = _date(cells["ends_on"], "ends_on", problems)
    if problems:
        return None, problems
    try:
        data = ExchangeInput(
            person_name=str(cells["person_name"]), from_org=orgs["from"], to_org=orgs["to"],
            role_zh=str(cells["role_zh"]), starts_on=starts_on, ends_on=ends_on, purpose_zh=str(cells["purpose_zh"]),
        )  # fmt: skip
    except DomainError as exc:
        return None, _refusal(exc)
    return data, []


def _refusal(exc: DomainError) -> list[str]:
    if not exc.fields:
        return [exc.message]
    return [f"{field}: {message}" for field, messages in exc.fields.items() for message in messages]


def exchanges_import(*, by: User, alliance: Alliance, data: bytes) -> list[Exchange]:
    """Record every row of the file, or none: ``ImportRefused`` lists each refused row's number (the
    file's own, the header being row 1) and reasons."""
    decision = can_keep_talent(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, all_required=True)
    by_uscc = dict(Organisation.objects.values_list("uscc", "pk"))
    refused: dict[str, list[str]] = {}
    created: list[Exchange] = []
    with transaction.atomic():
        for number, cells in sheet.rows:
            row_input, problems = _row_input(cells, by_uscc)
            if row_input is None:
                refused[_("row %(n)s") % {"n": number}] = problems
                continue
            try:
                with transaction.atomic():
                    created.append(exchange_create(by=by, alliance=alliance, data=row_input))
            except PermissionDenied:
                raise
            except DomainError as exc:
                refused[_("row %(n)s") % {"n": number}] = _refusal(exc)
        if refused:
            # leaving the block with an exception rolls every row back: nothing half-written
            raise ImportRefused(
                _("%(refused)s of %(rows)s rows are refused; nothing was imported.")
                % {"refused": len(refused), "rows": len(sheet.rows)},
                fields=refused,
            )
        log_action(alliance, actions.EXCHANGES_IMPORTED, by=by,
                   data={"rows": len(created), "codes": [x.code for x in created]})  # fmt: skip
    return created
