"""Excel import of the national office's expert pool (the documented template, ``template_sheets``).

One row is one expert: an existing account (by its username), the expert's name, the organisation they
work for (by its credit code, registered) and their fields of speciality, added through
``expert_create`` like any other (so every rule holds: the national office only, a name, one expert
record per account; each audited). The header names each column in Chinese and English.
``experts_preview`` runs every row through the service and keeps nothing; ``experts_import`` adds every
row or none.

An account that already has an expert record (in the pool or removed from it) is refused, not skipped,
for the reason the organisation import gives; two rows naming the same account are refused the same
way. An account or organisation that does not exist is refused: the import creates neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from itisa.accounts.models import User
from itisa.core.errors import PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.imports import Column, ImportRow, raise_refused, read_template, write_rows
from itisa.core.imports import template_sheets as _template_sheets
from itisa.pilots.models import Expert
from itisa.pilots.permissions import can_manage_program
from itisa.pilots.services import expert_create
from itisa.registry.models import Organisation

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
# the lengths the expert form allows (and the columns hold)
MAX_LENGTHS = {"name": 100, "specialities": 300}

COLUMNS = [
    Column("username", gettext_lazy("Account (username)"), True,
           gettext_lazy("The username of an existing account that is not yet an expert"), "zhang.wei"),
    Column("name", pgettext_lazy("person", "Name"), True, gettext_lazy("At most 100 characters"), "张伟"),
    Column("organisation", gettext_lazy("Organisation (unified social credit code)"), False,
           gettext_lazy("The credit code of a registered organisation; may be left empty"),
           "12100000400011227Y"),
    Column("specialities", gettext_lazy("Fields of speciality"), False,
           gettext_lazy("At most 300 characters, e.g. separated by commas"), "半导体照明, 新材料"),
]  # fmt: skip
LABELS: dict[str, Any] = {c.code: c.label for c in COLUMNS}
LABELS["user"] = LABELS["username"]


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (each column named in Chinese and English, one example row) and
    a sheet explaining each column."""
    return _template_sheets("experts", COLUMNS, bilingual=True, widths=(20, 28, 8, 80))


def _uscc(cells: dict[str, Any]) -> str:
    return str(cells.get("organisation", "")).replace(" ", "").upper()


def _account_problem(
    username: str, number: int, users: dict[str, User], experts: set[str], seen: dict[str, int]
) -> str:
    """What is wrong with the account a row names ("" if nothing); a first mention is remembered."""
    label = LABELS["username"]
    if username not in users:
        return _("%(column)s: no account with the username %(username)s.") % {
            "column": label, "username": username,
        }  # fmt: skip
    if username in experts:
        return _("%(column)s: %(username)s is already an expert (in the pool or removed from it).") % {
            "column": label, "username": username,
        }  # fmt: skip
    if username in seen:
        return _("%(column)s: the same account as row %(row)s.") % {"column": label, "row": seen[username]}
    seen[username] = number
    return ""


def _row(
    number: int, cells: dict[str, Any], users: dict[str, User], orgs: dict[str, Organisation],
    experts: set[str], seen: dict[str, int],
) -> ImportRow:  # fmt: skip
    """One row read and checked, its reasons in the order of the columns."""
    problems: list[str] = []
    values = {c.code: str(cells.get(c.code, "")).strip() for c in COLUMNS}
    values["organisation"] = uscc = _uscc(cells)
    org = orgs.get(uscc)
    for column in COLUMNS:
        value = values[column.code]
        if value == "":
            if column.required:
                problems.append(_("%(column)s: required.") % {"column": column.label})
            continue
        if len(value) > MAX_LENGTHS.get(column.code, len(value)):
            problems.append(_("%(column)s: at most %(n)s characters.")
                            % {"column": column.label, "n": MAX_LENGTHS[column.code]})  # fmt: skip
        if column.code == "username" and (problem := _account_problem(value, number, users, experts, seen)):
            problems.append(problem)
        if column.code == "organisation" and org is None:
            problems.append(_("%(column)s: no organisation with the credit code %(code)s is registered.")
                            % {"column": column.label, "code": uscc})  # fmt: skip
    shown = {**values, "organisation": f"{uscc} {org.name_zh}" if org else uscc}
    row = ImportRow(number, shown, problems, values=values)
    if not problems:
        row.data = (users[values["username"]], values["name"], org, values["specialities"])
    return row


def expert_rows(
    *, by: User, data: bytes, dry_run: bool, progress: Callable[[int, int], None] | None = None
) -> list[ImportRow]:
    """Read the file and run every row through ``expert_create``: kept only if no row is refused and not
    ``dry_run``. ``progress`` is told (rows added so far, rows to add) after each row. A file that cannot
    be read raises a ``DomainError``."""
    decision = can_manage_program(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(
        data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, bilingual=True, refuse_formulas=True
    )
    usernames = {str(cells.get("username", "")).strip() for _n, cells in sheet.rows}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    orgs = {o.uscc: o for o in Organisation.objects.filter(uscc__in={_uscc(c) for _n, c in sheet.rows})}
    experts = set(
        Expert.objects.filter(user__username__in=usernames).values_list("user__username", flat=True)
    )
    seen: dict[str, int] = {}
    rows = [_row(number, cells, users, orgs, experts, seen) for number, cells in sheet.rows]
    total = sum(1 for r in rows if not r.problems)
    added = [0]

    def write(row: Sequence[Any]) -> Expert:
        user, name, org, specialities = row
        expert = expert_create(by=by, user=user, name=name, organisation=org, specialities=specialities)
        added[0] += 1
        if progress is not None:
            progress(added[0], total)
        return expert

    write_rows(rows, write, dry_run=dry_run, labels=LABELS)
    return rows


def experts_preview(*, by: User, data: bytes) -> list[ImportRow]:
    """Every row with the values read and its reasons; nothing is written."""
    return expert_rows(by=by, data=data, dry_run=True)


def experts_import(
    *, by: User, data: bytes, progress: Callable[[int, int], None] | None = None
) -> list[Expert]:
    """Add every row of the file to the pool, or none: ``ImportRefused`` lists each refused row's number
    (the file's own, the header being row 1) and reasons."""
    rows = expert_rows(by=by, data=data, dry_run=False, progress=progress)
    raise_refused(rows)
    return [row.done for row in rows]
