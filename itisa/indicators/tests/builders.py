"""Domain records built straight in the database for the indicator tests: each helper writes the rows an
indicator reads (not the services' whole workflow), so a test can put rows inside and outside a year."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from itisa.accounts.models import User
from itisa.agreements.models import AgreementVersion
from itisa.diffusion.models import Obligation
from itisa.governance.models import Body, Meeting, Motion, RuleSet
from itisa.ledger.models import Account, Book, Chart, CostObject, Fund, JournalEntry, Period, Posting
from itisa.licensing.models import Licence, Receipt
from itisa.membership.models import Invoice
from itisa.platforms.models import Booking, Platform
from itisa.projects.models import FundingSource, Project, ProjectStatusChange
from itisa.results.models import Result, ResultStatusChange
from itisa.standards.models import StageChange, StandardProject
from itisa.talent.models import Exchange, Programme
from tests.factories import MembershipFactory, OrganisationFactory

BEIJING = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def bj(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    """A moment in Beijing time."""
    return dt.datetime(y, m, d, h, mi, tzinfo=BEIJING)


def n() -> int:
    return next(_seq)


def member(alliance: Any, kind: str, joined: dt.date, left: dt.date | None = None) -> Any:
    org = OrganisationFactory(kind=kind, ownership="private" if kind == "enterprise" else "")
    return MembershipFactory(alliance=alliance, organisation=org, joined_on=joined, left_on=left)


def invoice(
    membership: Any, amount: str, *, status: str, paid_on: dt.date | None, by: Any, year: int = 2025
) -> Invoice:
    i = n()
    return Invoice.objects.create(
        alliance=membership.alliance, membership=membership, year=year, seq=i, number=f"INV{i}", rank="ordinary",
        amount=Decimal(amount), issued_on=dt.date(2025, 1, 1), due_on=dt.date(2025, 3, 1), status=status,
        paid_on=paid_on, issued_by=by,
    )  # fmt: skip


def body(alliance: Any) -> Body:
    b = Body.objects.create(alliance=alliance, kind="decision", body_type="council", name_zh=f"理事会{n()}")
    RuleSet.objects.create(
        body=b, version=1, quorum_numerator=2, quorum_denominator=3, quorum_comparison="at_least",
        threshold_numerator=1, threshold_denominator=2, threshold_comparison="more_than", threshold_base="present",
        adopted_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    return b


def meeting(b: Body, starts_at: dt.datetime, *, status: str = "held") -> Meeting:
    return Meeting.objects.create(
        body=b, kind="regular", title_zh="会议", starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2),
        convened_by="chair", notice_given_at=starts_at - dt.timedelta(days=10), status=status,
    )  # fmt: skip


def motion(
    b: Body, *, closed_at: dt.datetime | None, passed: bool | None, quorum_met: bool | None = True,
    meeting_: Meeting | None = None,
) -> Motion:  # fmt: skip
    opened = (closed_at or bj(2025, 6, 1)) - dt.timedelta(days=1)
    return Motion.objects.create(
        body=b, meeting=meeting_, number=n(), title_zh="议案", method="meeting" if meeting_ else "ballot",
        status="closed" if closed_at else "open", deadline=opened + dt.timedelta(days=1), opened_at=opened,
        closed_at=closed_at, passed=passed, quorum_met=quorum_met, rules=b.rule_sets.first() if closed_at else None,
    )  # fmt: skip


def book(alliance: Any) -> tuple[Book, Fund, dict[str, Account]]:
    chart = Chart.objects.filter(code="t").first() or Chart.objects.create(code="t", name_zh="测试科目表")
    accounts = {}
    for code, cls in (("5101", "expense"), ("5201", "expense"), ("1002", "asset")):
        accounts[code] = Account.objects.get_or_create(chart=chart, code=code, defaults={
            "name_zh": code, "account_class": cls})[0]  # fmt: skip
    bk = Book.objects.create(alliance=alliance, chart=chart)
    fund = Fund.objects.create(book=bk, kind="other", name_zh="经费")
    return bk, fund, accounts


def posted(
    bk: Book, fund: Fund, accounts: dict[str, Account], day: dt.date, amount: str, *, account: str = "5101",
    cost_object: CostObject | None = None, status: str = "posted",
) -> JournalEntry:  # fmt: skip
    """An entry debiting ``account`` and crediting the bank, posted (or left in ``status``)."""
    user = User.objects.get_or_create(username="ledger-clerk")[0]
    entry = JournalEntry.objects.create(
        book=bk, date=day, memo="支出", idempotency_key=f"k{n()}", prepared_by=user
    )
    Posting.objects.create(entry=entry, account=accounts[account], fund=fund, amount=Decimal(amount),
                           cost_object=cost_object)  # fmt: skip
    Posting.objects.create(entry=entry, account=accounts["1002"], fund=fund, amount=-Decimal(amount),
                           cost_object=cost_object)  # fmt: skip
    if status == "posted":
        period = Period.objects.get_or_create(book=bk, year=day.year, month=day.month)[0]
        JournalEntry.objects.filter(pk=entry.pk).update(
            status="posted", period=period, number=n(), posted_at=bj(day.year, day.month, day.day, 12)
        )
    return entry


def project(
    alliance: Any, lead: Any, starts_on: dt.date, moves: list[tuple[str, dt.datetime]], **kw: Any
) -> Project:
    """A project with its history of moves (status: the last one)."""
    p = Project.objects.create(
        alliance=alliance, code=f"P{n():03d}", title_zh="项目", starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=700), lead=lead, status=moves[-1][0] if moves else "proposed", **kw,
    )  # fmt: skip
    old = ""
    for status, at in moves:
        ProjectStatusChange.objects.create(project=p, old_status=old, new_status=status, at=at)
        old = status
    return p


def funding(p: Project, fund: Fund, amount: str) -> FundingSource:
    return FundingSource.objects.create(project=p, kind="own_funds", fund=fund, amount=Decimal(amount))


def result(alliance: Any, kind: str, *, registered: dt.datetime, filed: dt.date | None = None,
           granted: dt.date | None = None) -> Result:  # fmt: skip
    r = Result.objects.create(
        alliance=alliance, code=f"R{n():05d}", kind=kind, title_zh="成果", status="granted" if granted else "filed",
        filed_on=filed, granted_on=granted,
    )  # fmt: skip
    ResultStatusChange.objects.create(result=r, old_status="", new_status=r.status, at=registered)
    return r


def licence(alliance: Any, r: Result, starts_on: dt.date, by: Any) -> Licence:
    return Licence.objects.create(
        alliance=alliance, code=f"L{n():04d}", result=r, licensee_name="被许可方", licensee_uscc="91110000000000000X",
        field_zh="照明", territory_zh="中国", starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=365),
        upfront_fee=Decimal("0"), by=by, at=bj(2025, 1, 1),
    )  # fmt: skip


def receipt(lic: Licence, day: dt.date, amount: str, by: Any) -> Receipt:
    agreement = AgreementVersion.objects.filter(
        alliance=lic.alliance
    ).first() or AgreementVersion.objects.create(alliance=lic.alliance, number=1, kind="agreement")
    return Receipt.objects.create(licence=lic, seq=n(), received_on=day, amount=Decimal(amount), agreement=agreement,
                                  by=by, at=bj(2025, 1, 1))  # fmt: skip


def standard(alliance: Any, by: Any, *, published_on: dt.date | None = None,
             approved_at: dt.datetime | None = None) -> StandardProject:  # fmt: skip
    s = StandardProject.objects.create(
        alliance=alliance, code=f"S{n():04d}", level="group", title_zh="标准",
        stage="published" if published_on else "drafting", published_number="T/X 1-2025" if published_on else "",
        published_on=published_on, by=by, at=bj(2024, 1, 1),
    )  # fmt: skip
    if approved_at:
        StageChange.objects.create(standard=s, old_status="proposal", new_status="approved", at=approved_at)
    return s


def platform(alliance: Any, host: Any, by: Any) -> Platform:
    return Platform.objects.create(
        alliance=alliance, code=f"F{n():03d}", kind="equipment", name_zh="平台", host=host, province="11",
        unit="hour", member_rate=Decimal("100"), outside_rate=Decimal("200"), by=by, at=bj(2024, 1, 1),
    )  # fmt: skip


def booking(p: Platform, starts_at: dt.datetime, hours: str, status: str, by: Any) -> Booking:
    return Booking.objects.create(
        platform=p, seq=n(), party_name="用户", purpose="测试", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1), hours=Decimal(hours), units=Decimal(hours), status=status,
        rate=Decimal("100"), by=by, at=starts_at - dt.timedelta(days=1),
    )  # fmt: skip


def programme(alliance: Any, starts: dt.date, ends: dt.date, planned: int, actual: int | None) -> Programme:
    return Programme.objects.create(
        alliance=alliance, code=f"T{n():04d}", kind="course", title_zh="培训", starts_on=starts, ends_on=ends,
        planned_participants=planned, actual_participants=actual, at=bj(2024, 1, 1),
    )  # fmt: skip


def exchange(alliance: Any, a: Any, b: Any, starts: dt.date, ends: dt.date) -> Exchange:
    return Exchange.objects.create(
        alliance=alliance, code=f"E{n():04d}", person_name="张三", from_org=a, to_org=b, role_zh="工程师",
        starts_on=starts, ends_on=ends, purpose_zh="交流", at=bj(2024, 1, 1),
    )  # fmt: skip


def obligation(r: Result, deadline: dt.date, met_on: dt.date | None) -> Obligation:
    status = "open" if met_on is None else ("met" if met_on <= deadline else "met_late")
    return Obligation.objects.create(
        alliance=r.alliance, result=r, department=f"科学技术部{n()}", starts_on=deadline - dt.timedelta(days=365),
        deadline=deadline, months=12, status=status, met_on=met_on,
    )  # fmt: skip
