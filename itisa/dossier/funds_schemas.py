"""The dossier section ``funds`` (since 1.4): what Article 8(4) asks of the books, as the ledger keeps it.

The same facts the eligibility builder reads from the database (``pilots.eligibility.build``): whether
the alliance keeps a book (the ledger's workflow separates preparing and approving entries), which funds
it keeps (a government grant names its granting department and should be a restricted fund of its own),
and who is appointed fund supervisor. Supervisors are usernames, a statement: accounts do not travel, and
an import never grants a role. See docs/dossier.md, "Funds (since 1.4)".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from pydantic import Field

from itisa.dossier.base import Problem, Strict, json_path, raw_dict, raw_items, raw_str
from itisa.ledger.choices import FundKind

MONEY = r"^[0-9]{1,14}\.[0-9]{2}$"


class BookDoc(Strict):
    """The alliance's book: the chart of accounts it keeps and when a second approval is needed."""

    chart: str = Field(
        min_length=1, max_length=40, description="Code of the chart of accounts, e.g. npo-2004."
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    entrusted_to_host: bool = Field(description="The host unit's finance staff operate the books.")
    second_approval_above: str | None = Field(
        default=None, pattern=MONEY, description="CNY, a decimal as a string; null: never a second approval."
    )


class FundDoc(Strict):
    """A source of funds, identified by its name within the book."""

    name_zh: str = Field(min_length=1, max_length=200)
    kind: FundKind
    granting_department: str = Field(default="", max_length=200)
    project: str = Field(default="", max_length=200)
    restricted: bool = Field(description="A restricted fund (限定性), accounted apart.")


class FundsDoc(Strict):
    """The book (null: none is kept), its funds and the fund supervisors (usernames)."""

    book: BookDoc | None
    funds: list[FundDoc] = Field(default_factory=list)
    supervisors: list[str] = Field(
        default_factory=list,
        description="Usernames holding the fund supervisor role; a statement, never granted on import.",
    )


def funds_problems(data: dict[str, Any]) -> list[Problem]:
    """Problems of the raw ``funds`` section: funds without a book, a name twice, a grant without its
    department, a supervisor named twice or blank."""
    section = raw_dict(data, "funds")
    if not section:
        return []
    problems: list[Problem] = []
    funds = raw_items(section, "funds")
    if funds and section.get("book") is None:
        problems.append(Problem("$.funds.funds", _("Funds are kept in a book: give the book.")))
    names = Counter(raw_str(f, "name_zh") for _i, f in funds)
    for i, fund in funds:
        name = raw_str(fund, "name_zh")
        if name and names[name] > 1:
            problems.append(
                Problem(
                    json_path(("funds", "funds", i, "name_zh")),
                    _("The fund %(name)s appears twice.") % {"name": name},
                )
            )
        if (
            raw_str(fund, "kind") == FundKind.GOVERNMENT_GRANT
            and not raw_str(fund, "granting_department").strip()
        ):
            problems.append(
                Problem(
                    json_path(("funds", "funds", i, "granting_department")),
                    _("A government grant names its granting department."),
                )
            )
    supervisors = section.get("supervisors")
    seen: set[str] = set()
    for i, name in enumerate(supervisors if isinstance(supervisors, list) else []):
        if not isinstance(name, str):
            continue
        path = json_path(("funds", "supervisors", i))
        if not name.strip():
            problems.append(Problem(path, _("Give the supervisor's username.")))
        elif name in seen:
            problems.append(Problem(path, _("The same supervisor appears twice.")))
        seen.add(name)
    return problems
