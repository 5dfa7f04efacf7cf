"""Excel import of an existing list of platforms (the documented template, ``template_sheets``).

One row is one platform, registered through ``platform_register`` like any other, so every rule holds
(the host an active member, a province of GB/T 2260, rates read against their columns). The whole file is
one transaction: if any row is refused, nothing is written, and every refused row is reported with its
row number and reasons. The file is read by ``core.imports.read_xlsx`` (size, unpacked size and row
caps; read-only; formulas never evaluated).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.imports import Column, ImportRefused, read_template
from itisa.platforms import actions
from itisa.platforms.models import Platform
from itisa.platforms.permissions import can_keep_platforms
from itisa.platforms.services import PlatformInput, platform_register
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否"}


COLUMNS = [
    Column("kind", gettext_lazy("Kind"), True,
           gettext_lazy("One of: technology, equipment, testing, pilot, data"), "equipment"),
    Column("name_zh", gettext_lazy("Name"), True, gettext_lazy("The name in Chinese"), "场发射扫描电子显微镜"),
    Column("name_en", gettext_lazy("Name (English)"), False, "", "Field-emission SEM"),
    Column("host", gettext_lazy("Host member"), True,
           gettext_lazy("The credit code of the member that hosts it (an active member)"), "914403001922038216"),
    Column("province", gettext_lazy("Province"), True,
           gettext_lazy("The two-digit GB/T 2260 code of the province (44: Guangdong)"), "44"),
    Column("location", gettext_lazy("Location"), False, "", "深圳市南山区"),
    Column("description", gettext_lazy("Description"), False, "", ""),
    Column("unit", gettext_lazy("Capacity unit"), True, gettext_lazy("hour, day or sample"), "hour"),
    Column("open_to_members", gettext_lazy("Open to members"), False, gettext_lazy("yes or no (default: yes)"), "yes"),
    Column("member_rate", gettext_lazy("Member rate per unit (CNY)"), True, gettext_lazy("e.g. 200.00"), "200.00"),
    Column("outside_rate", gettext_lazy("Outside rate per unit (CNY)"), False,
           gettext_lazy("Empty: not open to outside users"), "350.00"),
]  # fmt: skip
CODES = [c.code for c in COLUMNS]


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (the header row of column codes and one example row) and a sheet
    explaining each column."""
    return [
        Sheet(name="platforms", header=CODES, rows=[[c.example for c in COLUMNS]],
              widths={i + 1: 22 for i in range(len(COLUMNS))}),
        Sheet(name=_("Columns"), header=[_("Column"), _("Name"), _("Required"), _("What to write")],
              rows=[[c.code, c.label, _("yes") if c.required else "", c.help] for c in COLUMNS],
              widths={1: 16, 2: 24, 3: 8, 4: 70}),
    ]  # fmt: skip


def _text(value: Any) -> str:
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return format(Decimal(str(value)), "f")
    return str(value)


def _row_input(cells: dict[str, Any], by_uscc: dict[str, int]) -> tuple[PlatformInput | None, list[str]]:
    problems: list[str] = []
    for column in COLUMNS:
        if column.required and cells.get(column.code, "") == "":
            problems.append(_("%(column)s: required.") % {"column": column.code})
    host = None
    if cells.get("host", "") != "":
        host = by_uscc.get(_text(cells["host"]).strip().upper())
        if host is None:
            problems.append(
                _("host: no organisation with the credit code %(code)s.") % {"code": cells["host"]}
            )
    flag = _text(cells.get("open_to_members", "")).strip().lower()
    if flag and flag not in YES | NO:
        problems.append(_("open_to_members: write yes or no."))
    province = _text(cells.get("province", "")).strip()
    if problems:
        return None, problems
    try:
        data = PlatformInput(
            kind=_text(cells.get("kind", "")), name_zh=_text(cells.get("name_zh", "")),
            name_en=_text(cells.get("name_en", "")), host=host, province=province.zfill(2) if province else "",
            location=_text(cells.get("location", "")), description=_text(cells.get("description", "")),
            unit=_text(cells.get("unit", "")), open_to_members=flag not in NO,
            member_rate=_text(cells.get("member_rate", "")), outside_rate=_text(cells.get("outside_rate", "")) or None,
        )  # fmt: skip
    except DomainError as exc:
        return None, [f"{k}: {m}" for k, ms in exc.fields.items() for m in ms] or [exc.message]
    return data, []


def _refusal(exc: DomainError) -> list[str]:
    if not exc.fields:
        return [exc.message]
    return [f"{field}: {message}" for field, messages in exc.fields.items() for message in messages]


def platforms_import(*, by: User, alliance: Alliance, data: bytes) -> list[Platform]:
    """Register every row of the file, or none: ``ImportRefused`` lists each refused row's number and
    reasons (``row 3``: the file's own row numbers, the header being row 1)."""
    decision = can_keep_platforms(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    by_uscc = dict(Organisation.objects.values_list("uscc", "pk"))
    refused: dict[str, list[str]] = {}
    created: list[Platform] = []
    with transaction.atomic():
        for number, cells in sheet.rows:
            row_input, problems = _row_input(cells, by_uscc)
            if row_input is None:
                refused[_("row %(n)s") % {"n": number}] = problems
                continue
            try:
                with transaction.atomic():
                    created.append(platform_register(by=by, alliance=alliance, data=row_input))
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
        log_action(alliance, actions.PLATFORMS_IMPORTED, by=by,
                   data={"rows": len(created), "codes": [p.code for p in created]})  # fmt: skip
    return created
