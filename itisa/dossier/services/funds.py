"""Export and import of the dossier section ``funds`` (since 1.4): the book, its funds, the supervisors.

Export reads what the eligibility builder reads for Article 8(4) (``pilots.eligibility.build``): the book,
its funds, the accounts holding the fund supervisor role for the alliance. Import creates the book (with
the chart of accounts of that code, which must be loaded here) and the funds the database lacks; a book
or fund here that says otherwise is a conflict (funds are never edited in the ledger). The supervisors
are a statement: accounts do not travel and only an administrator grants roles, so an import appoints
nobody (the record here then shows no supervisor until one is appointed).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.dossier.funds_schemas import FundsDoc
from itisa.dossier.services._support import Ledger, refuse
from itisa.dossier.services._support import apply as _apply
from itisa.dossier.services._support import clean as _clean
from itisa.ledger.models import Book, Chart, Fund
from itisa.registry.models import Alliance

FUND_FIELDS = ("kind", "granting_department", "project", "restricted")


def funds_export(alliance: Alliance) -> dict[str, Any]:
    """The section as plain JSON data: funds by name, supervisors by username."""
    book = Book.objects.filter(alliance=alliance).select_related("chart").first()
    supervisors = sorted(
        set(
            RoleAssignment.objects.filter(alliance=alliance, role=Role.FUND_SUPERVISOR).values_list(
                "user__username", flat=True
            )
        )
    )
    if book is None:
        return {"book": None, "funds": [], "supervisors": supervisors}
    return {
        "book": {
            "chart": book.chart.code,
            "currency": book.currency,
            "entrusted_to_host": book.entrusted_to_host,
            "second_approval_above": None
            if book.second_approval_above is None
            else f"{book.second_approval_above:.2f}",
        },
        "funds": [
            {
                "name_zh": f.name_zh,
                "kind": f.kind,
                "granting_department": f.granting_department,
                "project": f.project,
                "restricted": f.restricted,
            }
            for f in Fund.objects.filter(book=book).order_by("name_zh")
        ],
        "supervisors": supervisors,
    }


def _book(ledger: Ledger, alliance: Alliance, doc: FundsDoc) -> Book | None:
    assert doc.book is not None  # noqa: S101 (the caller checked)
    values = {
        "currency": doc.book.currency,
        "entrusted_to_host": doc.book.entrusted_to_host,
        "second_approval_above": None
        if doc.book.second_approval_above is None
        else Decimal(doc.book.second_approval_above),
    }
    book = Book.objects.select_for_update().select_related("chart").filter(alliance=alliance).first()
    if book is None:
        chart = Chart.objects.filter(code=doc.book.chart).first()
        if chart is None:
            raise refuse(
                "$.funds.book.chart",
                _("The chart of accounts %(code)s is not loaded here (itisa ledger chart-load).")
                % {"code": doc.book.chart},
            )
        book = Book(alliance=alliance, chart=chart, **values)
        _clean(book, "$.funds.book")
        book.save()
        ledger.log(book, "book", "created", {"chart": chart.code})
        return book
    if book.chart.code != doc.book.chart:
        raise refuse(
            "$.funds.book.chart",
            _("The book here keeps the chart %(here)s, not %(there)s.")
            % {"here": book.chart.code, "there": doc.book.chart},
        )
    changes = _apply(book, values)
    if not changes:
        ledger.unchanged("book")
        return book
    _clean(book, "$.funds.book")
    book.save(update_fields=[*changes, "updated_at"])
    ledger.log(book, "book", "updated", {"changes": changes})
    return book


def import_funds(ledger: Ledger, *, alliance: Alliance, doc: FundsDoc | None) -> None:
    """Bring the book and its funds in line with the section (inside the import's transaction)."""
    if doc is None or doc.book is None:
        return
    book = _book(ledger, alliance, doc)
    existing = {f.name_zh: f for f in Fund.objects.filter(book=book)}
    for i, item in enumerate(doc.funds):
        path = f"$.funds.funds[{i}]"
        values = {name: getattr(item, name) for name in FUND_FIELDS}
        fund = existing.get(item.name_zh)
        if fund is None:
            fund = Fund(book=book, name_zh=item.name_zh, **values)
            _clean(fund, path)
            fund.save()
            ledger.log(fund, "fund", "created", {"name_zh": fund.name_zh, **values})
        elif any(getattr(fund, name) != value for name, value in values.items()):
            raise refuse(path, _("The fund %(name)s exists here with other values.") % {"name": item.name_zh})
        else:
            ledger.unchanged("fund")
