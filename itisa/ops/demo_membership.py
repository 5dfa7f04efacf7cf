"""The demo's admission queue and dues for CSA: two applications, the 2026 fee schedule and invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itisa.accounts.models import User
from itisa.membership.models import Application, FeeSchedule
from itisa.membership.services import AdmissionInput, application_review, application_submit
from itisa.membership.services.dues import fee_set, invoice_mark_paid, invoices_issue
from itisa.registry.models import Alliance

FEES = {"chair": "50000.00", "vice_chair": "30000.00", "council": "20000.00", "ordinary": "5000.00"}
APPLICATIONS = [
    # (credit code, name, region, ownership, contribution, rank, reviewed)
    ("91440300192317458F", "比亚迪股份有限公司", "440300", "private",
     "投入车规级 LED 照明研发人员十名，开放整车光环境检测平台，参与车用照明团体标准制定。", "council", True),
    ("9134010068976734XU", "科大国盾量子技术股份有限公司", "340100", "mixed",
     "提供量子安全通信在智慧路灯网络中的示范场景，派驻工程师三名。", "ordinary", False),
]  # fmt: skip


def load_demo_membership(*, alliance: Alliance, secretariat: User, applicant: User) -> None:
    """Once: CSA's 2026 dues (three paid, one open) and two applications to join (nothing if fees exist)."""
    if FeeSchedule.objects.filter(alliance=alliance).exists():
        return
    for rank, amount in FEES.items():
        fee_set(by=secretariat, alliance=alliance, year=2026, rank=rank, amount=Decimal(amount))
    invoices = invoices_issue(
        by=secretariat,
        alliance=alliance,
        year=2026,
        issued_on=dt.date(2026, 1, 10),
        due_on=dt.date(2026, 3, 31),
    )
    for i, invoice in enumerate(invoices):
        if invoice.rank != "ordinary":
            invoice_mark_paid(
                by=secretariat,
                invoice=invoice,
                paid_on=dt.date(2026, 2, 10 + i),
                reference=f"演示转账{i + 1:04d}",
            )
    if Application.objects.filter(alliance=alliance).exists():
        return
    for uscc, name, region, ownership, contribution, rank, reviewed in APPLICATIONS:
        data = AdmissionInput(
            name_zh=name, uscc=uscc, kind="enterprise", ownership=ownership, province=region[:2],
            region_code=region, industry="C", legal_rep_name="演示法定代表人", contact_name="演示联络人",
            contact_phone="010-00000000", intended_contribution=contribution, rank=rank,
        )  # fmt: skip
        application = application_submit(by=applicant, alliance=alliance, data=data)
        if reviewed:
            application_review(
                by=secretariat, application=application, comment="材料齐全，提交理事会表决前公示。"
            )
