"""History lines show statuses by their names in the reader's language, not their codes (issue 21 item 1)."""

from __future__ import annotations

from django.utils import translation

from itisa.core.workflows import StatusChange
from itisa.financing.models import NeedStatusChange
from itisa.reports.models import ReportStatusChange


def test_a_move_reads_in_the_active_language() -> None:
    move = ReportStatusChange(old_status="draft", new_status="submitted")
    with translation.override("zh-hans"):
        assert (move.old_label, move.new_label) == ("草稿", "已提交")
    with translation.override("en"):
        assert (move.old_label, move.new_label) == ("Draft", "Submitted")


def test_the_first_move_has_no_old_status_and_an_unknown_code_shows_as_itself() -> None:
    assert ReportStatusChange(old_status="", new_status="draft").old_label == ""
    with translation.override("en"):
        assert ReportStatusChange(old_status="gone", new_status="draft").old_label == "gone"
        assert NeedStatusChange(old_status="draft", new_status="submitted").new_label == "Submitted"
    assert issubclass(ReportStatusChange, StatusChange)
