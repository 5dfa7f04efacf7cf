"""The split of a receipt from a licence or a transfer (Art. 8(5) of 国科发政〔2008〕770号: the sharing of
the proceeds of results is agreed in advance; the agreement's ``ip.revenue_split``).

Pure functions, no ORM. The receipt is counted in fen. When the agreement says so
(``ip.cost_recovery_first``), the costs the members bore are paid back first (pro rata to their costs
when the receipt does not cover them all); what remains is shared by the agreement's percentages: the
creator's share among the result's owners by their ownership shares, the contributors' share among the
contributing members by their contribution shares, the inventors' share among the people by their
shares, the alliance's share to the alliance fund. Every line's exact quota is rounded down to the fen
and the fen left over go one each to the largest remainders (Hamilton's largest-remainder method), ties
broken by the party's key (a credit code), so the lines always add up to the receipt exactly and the
same inputs always give the same lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from itisa.core.regions import NATIONAL_REGION_CODE, region_code_problem
from itisa.licensing.choices import TransferState

CODE = "art8.5.revenue_split"
REFERENCE = "国科发政〔2008〕770号 第八条（五）"
FEN = Decimal("0.01")

CREATOR = "creator"
CONTRIBUTORS = "contributors"
INVENTORS = "inventors"
ALLIANCE = "alliance"
COST_RECOVERY = "cost_recovery"
# the order lines are listed in (and the agreement's beneficiaries, from agreements.choices.Beneficiary)
KINDS = (COST_RECOVERY, CREATOR, CONTRIBUTORS, INVENTORS, ALLIANCE)


@dataclass(frozen=True)
class Party:
    """Someone who may receive a line: ``key`` orders ties (a member's credit code; for a person, the
    credit code of their organisation and their name), ``share`` is their weight within their group."""

    key: str
    share: Decimal
    organisation: int | None = None
    name: str = ""


@dataclass(frozen=True)
class SplitFacts:
    """What the split is computed from. ``split``: (beneficiary, percent) pairs of the agreement;
    ``costs``: the costs each member bore (recovered first when ``cost_recovery_first``)."""

    amount: Decimal
    split: tuple[tuple[str, Decimal], ...]
    owners: tuple[Party, ...] = ()
    contributors: tuple[Party, ...] = ()
    inventors: tuple[Party, ...] = ()
    alliance: Party | None = None
    cost_recovery_first: bool = False
    costs: tuple[Party, ...] = ()


@dataclass(frozen=True)
class Line:
    """One line of the split: who (beneficiary kind and party) receives how much (CNY, two decimals)."""

    kind: str
    party: Party
    amount: Decimal


@dataclass(frozen=True)
class Split:
    """The lines and, when the split cannot be decided from the data, the reasons (no lines then)."""

    lines: tuple[Line, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def to_fen(amount: Decimal) -> int:
    """The amount in whole fen; an amount with a fraction of a fen is refused."""
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError("an amount is counted in whole fen")
    return int(fen)


def largest_remainder(total: int, quotas: list[tuple[Fraction, str]]) -> list[int]:
    """Share ``total`` fen by the exact ``quotas`` (fractions of the total adding up to 1, each with its
    tie-break key): each gets its quota rounded down, then the fen left over go one each to the largest
    remainders, ties to the smaller key. The result adds up to ``total``."""
    exact = [total * q for q, _key in quotas]
    floors = [int(e) for e in exact]  # quotas are >= 0, so int() rounds down
    left = total - sum(floors)
    order = sorted(range(len(quotas)), key=lambda i: (-(exact[i] - floors[i]), quotas[i][1], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _group(kind: str, facts: SplitFacts) -> tuple[Party, ...]:
    if kind == CREATOR:
        return facts.owners
    if kind == CONTRIBUTORS:
        return facts.contributors
    if kind == INVENTORS:
        return facts.inventors
    return (facts.alliance,) if facts.alliance is not None else ()


def split_problems(facts: SplitFacts) -> list[str]:
    """Why the receipt cannot be split from these facts (empty: it can)."""
    problems: list[str] = []
    if facts.amount <= 0:
        problems.append(_("The receipt is above zero."))
    elif facts.amount != facts.amount.quantize(FEN):
        problems.append(_("The receipt is counted in whole fen."))
    if not facts.split:
        problems.append(_("The effective agreement sets no revenue split (ip.revenue_split)."))
    elif sum((p for _k, p in facts.split), Decimal(0)) != 100:
        problems.append(_("The agreement's revenue shares do not add up to 100%."))
    labels = {
        CREATOR: _("The agreement gives the creator a share, but the result has no owners."),
        CONTRIBUTORS: _("The agreement gives the contributors a share, but the result names no contributing members."),
        INVENTORS: _("The agreement gives the inventors a share, but the result names no inventors."),
        ALLIANCE: _("The agreement gives the alliance a share, but no alliance fund is named."),
    }  # fmt: skip
    for kind, percent in facts.split:
        if kind not in labels:
            problems.append(_("Unknown beneficiary %(kind)s.") % {"kind": kind})
            continue
        group = _group(kind, facts)
        if percent > 0 and (not group or sum((p.share for p in group), Decimal(0)) <= 0):
            problems.append(labels[kind])
    if facts.cost_recovery_first and any(c.share < 0 for c in facts.costs):
        problems.append(_("A member's costs are not negative."))
    return problems


def revenue_split(facts: SplitFacts) -> Split:
    """Split a receipt (Art. 8(5)): costs first when agreed, then the agreement's shares, to the fen.

    Lines with zero fen are left out; the lines add up to ``facts.amount`` exactly."""
    problems = split_problems(facts)
    if problems:
        return Split(problems=tuple(problems))
    total = to_fen(facts.amount)
    lines: list[Line] = []
    if facts.cost_recovery_first:
        costs = [c for c in facts.costs if c.share > 0]
        owed = sum((to_fen(c.share) for c in costs), 0)
        recovered = min(total, owed)
        if recovered:
            amounts = largest_remainder(recovered, [(Fraction(to_fen(c.share), owed), c.key) for c in costs])
            lines += [Line(COST_RECOVERY, c, Decimal(a) / 100) for c, a in zip(costs, amounts, strict=True)]
        total -= recovered
    if total:
        candidates: list[tuple[str, Party, Fraction]] = []
        for kind, percent in facts.split:
            if percent <= 0:
                continue
            group = [p for p in _group(kind, facts) if p.share > 0]
            weight = sum((Fraction(p.share) for p in group), Fraction(0))
            candidates += [(kind, p, Fraction(percent) / 100 * Fraction(p.share) / weight) for p in group]
        amounts = largest_remainder(total, [(q, f"{p.key}\x00{KINDS.index(k)}") for k, p, q in candidates])
        lines += [Line(k, p, Decimal(a) / 100) for (k, p, _q), a in zip(candidates, amounts, strict=True)]
    return Split(lines=tuple(Line(x.kind, x.party, x.amount.quantize(FEN)) for x in lines if x.amount))


# --- technology contracts and transfers ---------------------------------------------------------

CONTRACT_NUMBER_REFERENCE = "《技术合同认定登记管理办法》（2000）"


def contract_number_problem(number: str, *, today: dt.date) -> str | None:
    """Why ``number`` is not a national technology-contract registration number: 16 digits, the year
    of registration (not after ``today``'s), the GB/T 2260 code of the registering region (six digits,
    naming a province-level division) and a six-digit serial (not 000000)."""
    if len(number) != 16 or not number.isascii() or not number.isdigit():
        return _(
            "A registration number is 16 digits: the year, the six-digit region code and a six-digit serial."
        )
    year, region, serial = int(number[:4]), number[4:10], number[10:]
    if not 1985 <= year <= today.year:
        return _("The year %(year)s in the registration number is not a year of registration.") % {
            "year": number[:4]
        }
    if region_code_problem(region, region[:2]) is not None or region == NATIONAL_REGION_CODE:
        return _("%(region)s in the registration number is not a GB/T 2260 region code.") % {"region": region}
    if serial == "000000":
        return _("The serial in the registration number starts at 000001.")
    return None


def objection_deadline(notice_on: dt.date, days: int) -> dt.date:
    """The last day the other joint owners may object to a transfer notified on ``notice_on``."""
    return notice_on + dt.timedelta(days=days)


def transfer_state(
    *, notice_on: dt.date, days: int, objected: bool, completed: bool, others: bool, today: dt.date
) -> str:
    """Where a transfer stands on ``today``: completed; blocked by an objection; waiting while the other
    joint owners (``others``) may still object; otherwise ready to complete."""
    if completed:
        return TransferState.COMPLETED
    if objected:
        return TransferState.BLOCKED
    if others and today <= objection_deadline(notice_on, days):
        return TransferState.WAITING
    return TransferState.READY


def reports_due(
    months: list[int], *, starts_on: dt.date, ends_on: dt.date, today: dt.date, within: int
) -> list[dt.date]:
    """The royalty reports due from ``today`` to ``within`` days later: the last day of each reporting
    month, inside the licence's term."""
    due: list[dt.date] = []
    last = today + dt.timedelta(days=within)
    for year in range(today.year, last.year + 1):
        for month in sorted(set(months)):
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
            if today <= end <= last and starts_on <= end <= ends_on:
                due.append(end)
    return due
