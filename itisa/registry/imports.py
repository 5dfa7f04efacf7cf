"""Excel import of organisations (member units) from the documented template (``template_sheets``).

One row is one organisation, registered through ``organisation_create`` like any other (so every rule
holds: the credit code's check characters under GB 32100/GB 11714, the region code within the province,
ownership for enterprises only; each organisation audited). The header names each column in Chinese and
English (either name, or the column's code, is read back). ``organisations_preview`` runs every row
through the service and keeps nothing; ``organisations_import`` imports every row or none.

A row whose credit code is already registered is refused, not skipped: an import that silently left out
rows would leave the person unsure what the register now holds, and the record already there is kept
(and edited) on its own page. Two rows with the same credit code are refused the same way. A code that
fails only its 18th check character is refused too: accepting one needs an officer's reason, given on
the organisation's form, one at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.imports import (
    Column,
    ImportRow,
    choice_lookup,
    missing_required,
    parse_choice,
    raise_refused,
    read_template,
    refusal,
    write_rows,
)
from itisa.core.imports import template_sheets as _template_sheets
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.registry.choices import OrganisationKind, Ownership
from itisa.registry.models import Organisation
from itisa.registry.permissions import can_create_organisation
from itisa.registry.services import OrganisationInput, organisation_create

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = [
    Column("uscc", gettext_lazy("Unified social credit code"), True,
           gettext_lazy("18 characters (GB 32100); not yet registered"), "9134010068976734XU"),
    Column("name_zh", gettext_lazy("Name (Chinese)"), True, "", "科大国盾量子技术股份有限公司"),
    Column("name_en", gettext_lazy("Name (English)"), False, "", "QuantumCTek Co., Ltd."),
    Column("kind", gettext_lazy("Kind"), True,
           gettext_lazy("Enterprise, university, research institute or other organisation (the name or its code)"),
           "enterprise"),
    Column("ownership", gettext_lazy("Ownership"), False,
           gettext_lazy("Enterprises only: state-owned (central or local), private, foreign-invested or mixed"),
           "private"),
    Column("province", gettext_lazy("Province"), True,
           gettext_lazy("The province's name or its two-digit GB/T 2260 code (34: Anhui)"), "34"),
    Column("region_code", gettext_lazy("Region code (GB/T 2260)"), True,
           gettext_lazy("Six digits, within the province (340100: Hefei)"), "340100"),
    Column("address", gettext_lazy("Address"), False, "", "合肥市高新区望江西路800号"),
    Column("industry", gettext_lazy("Industry"), True,
           gettext_lazy("The GB/T 4754 section's name or letter (C: manufacturing)"), "C"),
    Column("legal_rep_name_zh", gettext_lazy("Legal representative"), False,
           gettext_lazy("The name in Chinese; with it, the title, phone and e-mail below"), "赵勇"),
    Column("legal_rep_title", gettext_lazy("Legal representative's title"), False, "", "董事长"),
    Column("legal_rep_phone", gettext_lazy("Legal representative's phone"), False, "", "0551-66185117"),
    Column("legal_rep_email", gettext_lazy("Legal representative's e-mail"), False, "", ""),
]  # fmt: skip
LABELS: dict[str, Any] = {c.code: c.label for c in COLUMNS}
_CHOICES = {
    "kind": OrganisationKind.choices,
    "ownership": Ownership.choices,
    "province": Province.choices,
    "industry": Industry.choices,
}


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (each column named in Chinese and English, one example row) and
    a sheet explaining each column."""
    return _template_sheets("organisations", COLUMNS, bilingual=True, widths=(20, 28, 8, 80))


def _row(
    number: int, cells: dict[str, Any], lookups: dict[str, dict[str, str]], registered: set[str],
    seen: dict[str, int],
) -> ImportRow:  # fmt: skip
    problems = missing_required(COLUMNS, cells)
    values = {c.code: str(cells.get(c.code, "")).strip() for c in COLUMNS}
    for code, lookup in lookups.items():
        values[code] = parse_choice(values[code], lookup, LABELS[code], problems) if values[code] else ""
    uscc = values["uscc"].replace(" ", "").upper()
    values["uscc"] = uscc
    if uscc in registered:
        problems.append(_("%(column)s: %(code)s is already registered; remove this row (the registered "
                          "record is kept on its own page).") % {"column": LABELS["uscc"], "code": uscc})  # fmt: skip
    elif uscc and uscc in seen:
        problems.append(
            _("%(column)s: the same code as row %(row)s.") % {"column": LABELS["uscc"], "row": seen[uscc]}
        )
    elif uscc:
        seen[uscc] = number
    shown = {**values, **{code: _display(code, values[code]) for code in lookups}}
    row = ImportRow(number, shown, problems, values=values)
    if problems:
        return row
    rep = {f: values[f] for f in values if f.startswith("legal_rep_")}
    try:
        row.data = OrganisationInput(
            **{f: v for f, v in values.items() if not f.startswith("legal_rep_")},
            **(rep if any(rep.values()) else {}),
        )
    except DomainError as exc:
        row.problems = refusal(exc, LABELS)
    return row


def _display(code: str, value: str) -> str:
    return str(dict(_CHOICES[code]).get(value, value))


def organisation_rows(*, by: User, data: bytes, dry_run: bool) -> list[ImportRow]:
    """Read the file and run every row through ``organisation_create``: kept only if no row is refused
    and not ``dry_run``. A file that cannot be read raises a ``DomainError``."""
    decision = can_create_organisation(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(
        data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, bilingual=True, refuse_formulas=True
    )
    lookups = {code: choice_lookup(choices) for code, choices in _CHOICES.items()}
    codes = {str(cells.get("uscc", "")).replace(" ", "").upper() for _n, cells in sheet.rows}
    registered = set(Organisation.objects.filter(uscc__in=codes).values_list("uscc", flat=True))
    seen: dict[str, int] = {}
    rows = [_row(number, cells, lookups, registered, seen) for number, cells in sheet.rows]
    write_rows(rows, lambda d: organisation_create(by=by, data=d), dry_run=dry_run, labels=LABELS)
    return rows


def organisations_preview(*, by: User, data: bytes) -> list[ImportRow]:
    """Every row with the values read and its reasons; nothing is written."""
    return organisation_rows(by=by, data=data, dry_run=True)


def organisations_import(*, by: User, data: bytes) -> list[Organisation]:
    """Register every row of the file, or none: ``ImportRefused`` lists each refused row's number (the
    file's own, the header being row 1) and reasons."""
    rows = organisation_rows(by=by, data=data, dry_run=False)
    raise_refused(rows)
    return [row.done for row in rows]
