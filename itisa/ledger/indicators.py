"""What the ledger counts for the yearly indicators (``itisa.core.indicators``; Art. 8(4) of
国科发政〔2008〕770号: the alliance's funds and their use): the expenditure posted in the year, in one grouped
query whatever the number of alliances (an alliance without a book on the platform counts 0)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import QuerySet, Sum

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import FEN, grouped
from itisa.ledger.choices import AccountClass, EntryStatus
from itisa.ledger.models import Posting


def expense_postings(alliance_ids: Sequence[int], year: int) -> QuerySet[Posting]:
    """Expense accounts' postings of the posted entries dated in the year (projects read them too)."""
    return Posting.objects.filter(
        entry__book__alliance_id__in=alliance_ids, entry__status=EntryStatus.POSTED,
        entry__date__range=year_bounds(year), account__account_class=AccountClass.EXPENSE,
    )  # fmt: skip


def expenditure(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Expense postings of posted entries dated in the year, debits less credits (a reversal cancels what
    it reverses; the statement of activities' expenses), in yuan."""
    rows = expense_postings(alliance_ids, year)
    return grouped(alliance_ids, rows, "entry__book__alliance_id", Sum("amount"), places=FEN)


INDICATORS = (
    Indicator(
        code="ledger.expenditure", name_zh="年度经费支出总额", name_en="Expenditure posted in the year",
        unit="yuan", dimension="funds", compute=expenditure, reference="国科发政〔2008〕770号 第八条(四)",
        order=30,
    ),
)  # fmt: skip
