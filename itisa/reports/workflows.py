"""Transition table of the annual report (docs/workflows.md, "Annual report")."""

from itisa.accounts.choices import Role
from itisa.core.workflows import Transitions
from itisa.reports.choices import ReportStatus as S

# the secretariat submits (and submits again after a return); the national office returns or accepts
# (Art. 9, 11 of 国科发政〔2008〕770号: the office follows the alliances' yearly work)
REPORT_TRANSITIONS = Transitions.of({
    S.DRAFT: {S.SUBMITTED: {Role.SECRETARIAT}},
    S.SUBMITTED: {S.RETURNED: {Role.NATIONAL_OFFICER}, S.ACCEPTED: {Role.NATIONAL_OFFICER}},
    S.RETURNED: {S.SUBMITTED: {Role.SECRETARIAT}},
    S.ACCEPTED: {},
})  # fmt: skip
