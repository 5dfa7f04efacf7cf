"""Excel import of an alliance's existing members (the documented template, ``template_sheets``).

One row is one member: a registered organisation (by its credit code), its rank and the day it joined,
recorded through ``membership_add`` like any other (so every rule holds: a known rank, not before the
alliance was founded, one active membership per organisation; each audited). The header names each
column in Chinese and English. ``members_preview`` runs every row through the service and keeps nothing;
``members_import`` records every row or none. An organisation not yet registered is refused: register
it first (the organisation import does many at once). A row for an organisation that is already an
active member is refused, not skipped, for the reason the organisation import gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.errors import PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.imports import (
    Column,
    ImportRow,
    choice_lookup,
    missing_required,
    parse_choice,
    parse_date,
    raise_refused,
    read_template,
    write_rows,
)
from itisa.core.imports import template_sheets as _template_sheets
from itisa.membership.choices import Rank
from itisa.membership.models import Membership
from itisa.membership.permissions import can_manage_members
from itisa.membership.services import membership_add
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = [
    Column("uscc", gettext_lazy("Unified social credit code"), True,
           gettext_lazy("The credit code of a registered organisation"), "12100000400011227Y"),
    Column("rank", gettext_lazy("Rank"), True,
           gettext_lazy("Chair unit, vice-chair unit, council member unit or ordinary member (the name or its code)"),
           "ordinary"),
    Column("joined_on", gettext_lazy("Joined on"), True,
           gettext_lazy("YYYY-MM-DD; not before the alliance was founded"), "2026-01-15"),
]  # fmt: skip
LABELS: dict[str, Any] = {c.code: c.label for c in COLUMNS}
LABELS["organisation"] = LABELS["uscc"]


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (each column named in Chinese and English, one example row) and
    a sheet explaining each column."""
    return _template_sheets("members", COLUMNS, bilingual=True, widths=(20, 28, 8, 80))


def _row(
    number: int, cells: dict[str, Any], ranks: dict[str, str], orgs: dict[str, Organisation]
) -> ImportRow:
    problems = missing_required(COLUMNS, cells)
    uscc = str(cells.get("uscc", "")).replace(" ", "").upper()
    org = orgs.get(uscc)
    if uscc and org is None:
        problems.append(_("%(column)s: no organisation with the credit code %(code)s is registered.")
                        % {"column": LABELS["uscc"], "code": uscc})  # fmt: skip
    rank = parse_choice(cells.get("rank", ""), ranks, LABELS["rank"], problems)
    joined_on = parse_date(cells.get("joined_on", ""), str(LABELS["joined_on"]), problems)
    values = {"uscc": uscc, "rank": rank, "joined_on": joined_on.isoformat() if joined_on else ""}
    shown = {
        **values,
        "uscc": f"{uscc} {org.name_zh}" if org else uscc,
        "rank": str(dict(Rank.choices).get(rank, "")),
    }
    row = ImportRow(number, shown, problems, values=values)
    if not problems:
        row.data = (org, rank, joined_on)
    return row


def member_rows(*, by: User, alliance: Alliance, data: bytes, dry_run: bool) -> list[ImportRow]:
    """Read the file and run every row through ``membership_add``: kept only if no row is refused and
    not ``dry_run``. A file that cannot be read raises a ``DomainError``."""
    decision = can_manage_members(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(
        data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, bilingual=True, refuse_formulas=True
    )
    codes = {str(cells.get("uscc", "")).replace(" ", "").upper() for _n, cells in sheet.rows}
    orgs = {o.uscc: o for o in Organisation.objects.filter(uscc__in=codes)}
    ranks = choice_lookup(Rank.choices)
    rows = [_row(number, cells, ranks, orgs) for number, cells in sheet.rows]

    def write(row: tuple[Organisation, str, Any]) -> Membership:
        org, rank, joined_on = row
        return membership_add(by=by, alliance=alliance, organisation=org, rank=rank, joined_on=joined_on)

    write_rows(rows, write, dry_run=dry_run, labels=LABELS)
    return rows


def members_preview(*, by: User, alliance: Alliance, data: bytes) -> list[ImportRow]:
    """Every row with the values read and its reasons; nothing is written."""
    return member_rows(by=by, alliance=alliance, data=data, dry_run=True)


def members_import(*, by: User, alliance: Alliance, data: bytes) -> list[Membership]:
    """Record every row of the file, or none: ``ImportRefused`` lists each refused row's number (the
    file's own, the header being row 1) and reasons."""
    rows = member_rows(by=by, alliance=alliance, data=data, dry_run=False)
    raise_refused(rows)
    return [row.done for row in rows]
