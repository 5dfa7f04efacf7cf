"""Pure rules of the results register (no ORM): shares, owners from the agreement's rule, numbers and
dates. Each carries its reference.

Owners from ``ip.default_ownership`` (Art. 8(5) of 国科发政〔2008〕770号: ownership agreed in advance by
contract; the agreement's choices are ``agreements.choices.Ownership``):

- ``creator`` — "the member that creates the result": the contributing members own it in proportion
  to their contributions (one contributor owns it outright);
- ``joint`` — "jointly by the members that create it": the contributing members in equal shares;
- ``alliance`` — held by the member bearing the alliance's external liability (Art. 8(3)) alone;
- ``by_project_contract`` — as the project contract says: the owners and shares are given with the
  registration, with the contract's reference;
- no rule (no effective agreement, or one silent on ownership) — the law's default for cooperative
  development: the parties own it jointly (《民法典》 Art. 860 on technology development by cooperation;
  article number not checked against the official text here), so equal shares, as for ``joint``.

Shares are percentages with two decimals that add up to exactly 100. Equal shares that do not divide
evenly give the remaining hundredths, one each, to the first members in the order given.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from itisa.core.identifiers import PatentFailure, PatentNumberResult, check_cn_patent
from itisa.results.choices import PATENT_KINDS, REGISTERED_KINDS, OwnershipBasis, ResultKind, ResultStatus

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# the rule codes of agreements.choices.Ownership (kept as strings: results reads the agreement as data)
CREATOR, JOINT, ALLIANCE, BY_PROJECT_CONTRACT = "creator", "joint", "alliance", "by_project_contract"

Shares = Sequence[tuple[int, Decimal]]


def share_problems(shares: Shares) -> list[str]:
    """Each share above 0 and at most 100 with at most two decimals, each organisation once, summing to
    exactly 100."""
    problems: list[str] = []
    if not shares:
        return [_("Name at least one with a share.")]
    seen: set[int] = set()
    for org, share in shares:
        if org in seen:
            problems.append(_("Each organisation appears once."))
        seen.add(org)
        if share <= 0 or share > HUNDRED:
            problems.append(_("A share is more than 0 and at most 100."))
    total = sum((s for _o, s in shares), Decimal(0))
    if total != HUNDRED:
        problems.append(_("The shares add up to %(total)s%%, not 100%%.") % {"total": total})
    return sorted(set(problems), key=problems.index)


def equal_shares(count: int) -> list[Decimal]:
    """``count`` shares of 100 to the hundredth, summing to exactly 100 (the first ones take the rest)."""
    base = (HUNDRED / count).quantize(CENT, rounding=ROUND_DOWN)
    rest = int((HUNDRED - base * count) / CENT)
    return [base + (CENT if i < rest else 0) for i in range(count)]


@dataclass(frozen=True)
class Derivation:
    """The owners the rule gives (organisation id, share), the basis recorded, and why (for people)."""

    owners: list[tuple[int, Decimal]]
    basis: str
    rule: str
    reason: str
    problems: tuple[str, ...] = ()


def derive_owners(
    rule: str | None,
    contributions: Shares,
    *,
    liability_member: int | None,
    contract_owners: Shares = (),
) -> Derivation:
    """The owners of a new result under the agreement's ``ip.default_ownership`` (module docstring)."""
    members = [org for org, _share in contributions]
    if rule == CREATOR:
        return Derivation(list(contributions), OwnershipBasis.AGREEMENT, rule,
                          _("By contribution: the agreement gives results to the members that create them."))  # fmt: skip
    if rule == JOINT:
        return Derivation(list(zip(members, equal_shares(len(members)), strict=True)) if members else [],
                          OwnershipBasis.AGREEMENT, rule,
                          _("Jointly, in equal shares: the agreement gives results to the creating members jointly."))  # fmt: skip
    if rule == ALLIANCE:
        if liability_member is None:
            return Derivation([], OwnershipBasis.AGREEMENT, rule, "", (
                _("The agreement gives results to the member bearing external liability, and none is designated."),
            ))  # fmt: skip
        return Derivation([(liability_member, HUNDRED)], OwnershipBasis.AGREEMENT, rule,
                          _("The alliance's: held by the member bearing its external liability."))  # fmt: skip
    if rule == BY_PROJECT_CONTRACT:
        problems = tuple(share_problems(contract_owners)) if contract_owners else (
            _("The agreement leaves ownership to the project contract: give the owners and their shares."),
        )  # fmt: skip
        return Derivation(list(contract_owners), OwnershipBasis.PROJECT_CONTRACT, rule,
                          _("As the project contract says."), problems)  # fmt: skip
    return Derivation(list(zip(members, equal_shares(len(members)), strict=True)) if members else [],
                      OwnershipBasis.STATUTE, "",
                      _("The agreement sets no rule: jointly, in equal shares (Civil Code, cooperative development)."))  # fmt: skip


PATENT_TYPE_OF_KIND = {
    ResultKind.INVENTION: "invention",
    ResultKind.UTILITY_MODEL: "utility_model",
    ResultKind.DESIGN: "design",
}


def patent_failure_message(result: PatentNumberResult) -> str:
    """Why a CNIPA number is refused, in words (ZC 0006-2003)."""
    failure = result.failure
    if failure is PatentFailure.FORMAT:
        return _(
            "Not a CNIPA application number: 12 digits (from 2003-10-01) or 8 digits (before), then the "
            "check character 0-9 or X, optionally after ZL or CN and a dot (e.g. ZL201811564288.X)."
        )
    if failure is PatentFailure.YEAR:
        return _("The year %(year)s does not fit a number of this length.") % {"year": result.year}
    if failure is PatentFailure.TYPE:
        return _("The type digit %(digit)s is not 1, 2, 3, 8 or 9.") % {"digit": result.type_digit}
    return _("The check character is wrong: it should be %(expected)s.") % {"expected": result.expected}


def number_problem(kind: str, raw: str, *, today: dt.date | None = None) -> tuple[str, str | None]:
    """The number to store and what is wrong with it (None: nothing). Patent kinds need a valid CNIPA
    number whose type digit fits the kind and whose application year is not after ``today``'s (an
    application is numbered in the year it is filed); other kinds keep their number as written (or none)."""
    text = "".join(raw.split())
    if kind not in PATENT_KINDS:
        return text, None
    if not text:
        return "", _("A patent needs its CNIPA application number.")
    checked = check_cn_patent(text)
    if not checked.valid:
        return checked.number, patent_failure_message(checked)
    if today is not None and checked.year is not None and checked.year > today.year:
        return checked.number, _("The application year %(year)s is in the future.") % {"year": checked.year}
    if checked.patent_type != PATENT_TYPE_OF_KIND[ResultKind(kind)]:
        return checked.number, _(
            "The type digit %(digit)s says %(type)s, but the result is of the kind %(kind)s."
        ) % {
            "digit": checked.type_digit,
            "type": ResultKind(_KIND_OF_TYPE[checked.patent_type or ""]).label,
            "kind": ResultKind(kind).label,
        }
    return checked.number, None


_KIND_OF_TYPE = {v: k for k, v in PATENT_TYPE_OF_KIND.items()}


def initial_statuses(kind: str) -> tuple[str, ...]:
    """The statuses a result may be registered in: a registered kind as filed, granted or lapsed (an
    existing list may hold all three); any other kind is recorded."""
    if kind in REGISTERED_KINDS:
        return (ResultStatus.FILED, ResultStatus.GRANTED, ResultStatus.LAPSED)
    return (ResultStatus.RECORDED,)


def date_problems(
    status: str, filed_on: dt.date | None, granted_on: dt.date | None, lapsed_on: dt.date | None, *,
    today: dt.date,
) -> dict[str, list[str]]:  # fmt: skip
    """The dates a status needs, in order, none in the future: filed needs its filing day; granted also
    its grant day (not before filing); lapsed its lapse day (not before filing or grant)."""
    errors: dict[str, list[str]] = {}
    if status in (ResultStatus.FILED, ResultStatus.GRANTED, ResultStatus.LAPSED) and filed_on is None:
        errors["filed_on"] = [_("Give the filing date.")]
    if status == ResultStatus.GRANTED and granted_on is None:
        errors["granted_on"] = [_("Give the grant date.")]
    if status == ResultStatus.LAPSED and lapsed_on is None:
        errors["lapsed_on"] = [_("Give the date it lapsed.")]
    if status == ResultStatus.FILED and (granted_on or lapsed_on):
        errors["status"] = [_("A filed result has no grant or lapse date yet.")]
    if status == ResultStatus.GRANTED and lapsed_on:
        errors["lapsed_on"] = [_("A granted result has not lapsed.")]
    for name, day in (("filed_on", filed_on), ("granted_on", granted_on), ("lapsed_on", lapsed_on)):
        if day is not None and day > today:
            errors.setdefault(name, []).append(_("This date is in the future."))
    if filed_on and granted_on and granted_on < filed_on:
        errors.setdefault("granted_on", []).append(_("A grant comes after the filing."))
    if lapsed_on and lapsed_on < (granted_on or filed_on or lapsed_on):
        errors.setdefault("lapsed_on", []).append(_("A result lapses after it was filed and granted."))
    return errors


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later; a day the month lacks becomes its last day
    (2026-01-31 + 1 month = 2026-02-28), as the Civil Code counts a period in months."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def access_window_ends(project_ends_on: dt.date | None, months: int) -> dt.date | None:
    """The last day a member may ask for access rights to a result (DESCA 9.4.2: up to twelve months
    after the project ends, or the months the agreement's ``procedures.access_request_months`` sets).
    None: the result came from no project, so there is no project end to count from."""
    if project_ends_on is None:
        return None
    return months_after(project_ends_on, months)
