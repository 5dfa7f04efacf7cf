"""The demo's licence for CSA: its first demo result (R00001) licensed, not exclusively, to an outside
company (made up, with a valid credit code) from 2026 to 2030, royalties reported quarterly; two royalty
receipts (100,000.00 and 12,345.67) split by the demo agreement's 70/20/10 rule and posted through the
ledger's workflow (the secretariat prepares, another person approves)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.ledger.services import entry_approve, entry_post
from itisa.licensing.models import Licence
from itisa.licensing.services import (
    LicenceInput,
    ReceiptInput,
    licence_grant,
    receipt_approve_split,
    receipt_record,
)
from itisa.registry.models import Alliance
from itisa.results.models import Result

LICENSEE = ("北京光芯科技有限公司（演示）", "91110108551385082Q")
# the demo's books close January to October 2026: receipts are dated in an open month
FIRST_OPEN_DAY = dt.date(2026, 11, 1)


def receipt_dates(today: dt.date) -> list[dt.date]:
    """The days of the demo's two royalty receipts: a week ago and today, never before the first open period."""
    return [max(FIRST_OPEN_DAY, today - dt.timedelta(days=7)), max(FIRST_OPEN_DAY, today)]


@transaction.atomic
def load_demo_licensing(*, alliance: Alliance, secretariat: Any, approver: Any) -> Licence | None:
    """Once (nothing when a demo licence exists, or without a demo result)."""
    if Licence.objects.filter(alliance=alliance, is_demo=True).exists():
        return None
    result = Result.objects.filter(alliance=alliance, is_demo=True).order_by("code").first()
    if result is None:
        return None
    licence = licence_grant(
        by=secretariat, alliance=alliance, is_demo=True,
        data=LicenceInput(
            result=result.pk, licensee_name=LICENSEE[0], licensee_uscc=LICENSEE[1], field_zh="LED 照明驱动芯片",
            territory_zh="中国大陆", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2030, 12, 31),
            upfront_fee="0", royalty_terms_zh="按许可产品净销售额的 3% 按季度支付", royalty_percent="3.00",
            report_months=[3, 6, 9, 12],
        ),
    )  # fmt: skip
    for day, amount, memo in zip(
        receipt_dates(timezone.localdate()),
        ("100000.00", "12345.67"),
        ("首期提成费", "第二季度提成费"),
        strict=True,
    ):
        receipt = receipt_record(by=secretariat, licence=licence,
                                 data=ReceiptInput(received_on=day, amount=amount, memo=memo))  # fmt: skip
        entry = receipt_approve_split(by=secretariat, receipt=receipt)
        entry_approve(by=approver, entry=entry)
        entry_post(by=secretariat, entry=entry)
    return licence
