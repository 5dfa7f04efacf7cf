"""Writes of financing (one module per concept); import them from here."""

from itisa.financing.services.inputs import (
    DrawdownInput,
    LineInput,
    NeedInput,
    RecommendationInput,
    RepaymentInput,
    ResponseInput,
)
from itisa.financing.services.lines import (
    drawdown_overdue_tell,
    drawdown_record,
    line_open,
    repayment_record,
)
from itisa.financing.services.needs import (
    need_close,
    need_create,
    need_recommend,
    need_submit,
    response_record,
)

__all__ = [
    "DrawdownInput",
    "LineInput",
    "NeedInput",
    "RecommendationInput",
    "RepaymentInput",
    "ResponseInput",
    "drawdown_overdue_tell",
    "drawdown_record",
    "line_open",
    "need_close",
    "need_create",
    "need_recommend",
    "need_submit",
    "repayment_record",
    "response_record",
]
