"""Typed inputs of the annual report services."""

from __future__ import annotations

from itisa.core.inputs import ServiceInput


class ReportInput(ServiceInput):
    """The four parts of the work summary; a field not sent is left as it is (``given()``)."""

    main_work_zh: str = ""
    main_work_en: str = ""
    achievements_zh: str = ""
    achievements_en: str = ""
    problems_zh: str = ""
    problems_en: str = ""
    plan_zh: str = ""
    plan_en: str = ""
