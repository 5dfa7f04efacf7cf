"""The demo's financing for CSA: its first member's technology-loan need (5,000,000.00), recommended by
the alliance and offered 4,000,000.00 by a bank; the bank's credit line to that member (linked to the
need, the alliance's first project and a loan fund of its ledger) with two drawdowns, the first repaid in
part and the second due within 30 days. Dates are counted from today, so the repayment reminder always
shows in the to-do list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.financing.models import CreditLine, FinancingNeed
from itisa.financing.services import (
    DrawdownInput,
    LineInput,
    NeedInput,
    RecommendationInput,
    RepaymentInput,
    ResponseInput,
    drawdown_record,
    line_open,
    need_create,
    need_recommend,
    need_submit,
    repayment_record,
    response_record,
)
from itisa.ledger.choices import FundKind
from itisa.ledger.models import Book, Fund
from itisa.ledger.services import fund_create
from itisa.membership.models import Membership
from itisa.projects.models import Project
from itisa.registry.models import Alliance

BANK = "中国建设银行北京分行（演示）"
LOAN_FUND = "科技贷款（演示）"


def _days(today: dt.date, n: int) -> dt.date:
    return today + dt.timedelta(days=n)


@transaction.atomic
def load_demo_financing(*, alliance: Alliance, secretariat: Any) -> CreditLine | None:
    """Once (nothing when a demo need exists, or the alliance has no active member)."""
    if FinancingNeed.objects.filter(alliance=alliance, is_demo=True).exists():
        return None
    member = (
        Membership.objects.active().filter(alliance=alliance).order_by("joined_on", "pk")
        .values_list("organisation_id", flat=True).first()
    )  # fmt: skip
    if member is None:
        return None
    today = timezone.localdate()
    need = need_create(by=secretariat, alliance=alliance, is_demo=True, data=NeedInput(
        organisation=member, channel="tech_loan", amount="5000000.00",
        purpose_zh="大功率 LED 外延片产线技术改造"))  # fmt: skip
    need_submit(by=secretariat, need=need)
    need_recommend(by=secretariat, need=need, data=RecommendationInput(
        recommend=True, letter_ref="半导体照明联盟函〔2026〕8号", reason_zh="项目属联盟重点方向，企业信用良好"))  # fmt: skip
    response_record(by=secretariat, need=need, data=ResponseInput(
        institution=BANK, institution_kind="bank", decision="offered", amount_offered="4000000.00",
        rate_percent="3.450", terms_zh="三年期科技贷款，按季付息，到期还本", responded_on=_days(today, -310)))  # fmt: skip
    book = Book.objects.filter(alliance=alliance).first()
    fund = None
    if book is not None:
        fund = Fund.objects.filter(book=book, name_zh=LOAN_FUND).first() or fund_create(
            by=secretariat, book=book, kind=FundKind.BANK_LOAN, name_zh=LOAN_FUND, restricted=False)  # fmt: skip
    project = Project.objects.filter(alliance=alliance).order_by("code").first()
    line = line_open(by=secretariat, alliance=alliance, is_demo=True, data=LineInput(
        institution=BANK, institution_kind="bank", borrower=member, limit="4000000.00",
        starts_on=_days(today, -300), ends_on=_days(today, 800), fund=fund.pk if fund else None,
        project=project.pk if project else None, need=need.pk))  # fmt: skip
    first = drawdown_record(by=secretariat, line=line, data=DrawdownInput(
        amount="1500000.00", drawn_on=_days(today, -240), due_on=_days(today, 120)))  # fmt: skip
    drawdown_record(by=secretariat, line=line, data=DrawdownInput(
        amount="1000000.00", drawn_on=_days(today, -120), due_on=_days(today, 20)))  # fmt: skip
    repayment_record(
        by=secretariat, drawdown=first, data=RepaymentInput(amount="500000.00", repaid_on=_days(today, -30))
    )
    return line
