"""The panels of the government's yearly follow-up (Art. 9, 11, 12 of 国科发政〔2008〕770号): annual reports
of the year (by status, and those overdue), the published activity rating's bands and the formal
evaluation's grades, and the pilots whose period ended with no evaluation yet. Each reads the owning app's
selector for dashboards, in a fixed number of queries whatever the number of alliances followed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.dashboards.panel import Chart, PanelData, Scope, alliance_link, panel
from itisa.evaluation.choices import Grade
from itisa.evaluation.selectors import grade_distribution, pilots_awaiting_evaluation
from itisa.rating.selectors import band_distribution
from itisa.reports.choices import ReportStatus
from itisa.reports.selectors import report_status_counts, reports_overdue

LISTED = 20


@panel("reports", _("Annual reports of the year"))
def annual_reports(scope: Scope) -> PanelData:
    """The annual reports on the chosen year by status; drafts past the round's deadline count as overdue."""
    counts = report_status_counts(scope.year, None if scope.national else scope.alliances, today=scope.today)
    labels = [*[label for _s, label in ReportStatus.choices], _("Overdue (not submitted)")]
    values = [*[counts.get(s, 0) for s in ReportStatus.values], counts.get("overdue", 0)]
    rows = [[label, n] for label, n in zip(labels, values, strict=True)]
    chart = Chart("bar", [str(label) for label in labels], [(_("Reports"), values)])
    note = _("%(total)s reports owed for the year.") % {"total": counts.get("total", 0)}
    return PanelData([_("Status"), _("Reports")], rows, chart, note)


@panel("reports_overdue", _("Annual reports overdue"))
def annual_reports_overdue(scope: Scope) -> PanelData:
    """The first ``LISTED`` alliances whose report on the chosen year is past its deadline, unsubmitted."""
    late = reports_overdue(scope.year, None if scope.national else scope.alliances, today=scope.today)
    rows = [[alliance_link(r.alliance), r.round.deadline] for r in late[:LISTED]]
    note = _("%(n)s overdue in all.") % {"n": len(late)} if len(late) > LISTED else ""
    return PanelData([_("Alliance"), _("Deadline")], rows, None, note)


@panel("rating", _("Activity rating bands"))
def rating_bands(scope: Scope) -> PanelData:
    """How the followed alliances fall in the bands of the chosen year's published rating (if any)."""
    bands = band_distribution(scope.year, scope.alliances)
    if not bands:
        return PanelData([_("Band"), _("Alliances")], [], None, _("No rating published for this year."))
    rows = [[name or _("Not rated (incomplete data)"), n] for _code, name, n in bands]
    chart = Chart("bar", [str(r[0]) for r in rows], [(_("Alliances"), [n for _c, _n, n in bands])])
    return PanelData([_("Band"), _("Alliances")], rows, chart)


@panel("grades", _("Evaluation grades"))
def evaluation_grades(scope: Scope) -> PanelData:
    """Published grades of the formal evaluations of the chosen year's campaigns."""
    grades = grade_distribution(scope.year, scope.alliances)
    rows = [[label, grades.get(code, 0)] for code, label in Grade.choices]
    chart = Chart("pie", [str(label) for _c, label in Grade.choices],
                  [(_("Pilots"), [grades.get(c, 0) for c, _l in Grade.choices])])  # fmt: skip
    return PanelData([_("Grade"), _("Pilots")], rows, chart)


@panel("awaiting_evaluation", _("Pilots awaiting evaluation"))
def awaiting_evaluation(scope: Scope) -> PanelData:
    """Published pilots whose period ended before today and that no campaign evaluates yet (Art. 7)."""
    waiting = list(pilots_awaiting_evaluation(scope.today, scope.alliances)[: LISTED + 1])
    rows = [[alliance_link(a.alliance), a.call.title_zh, a.pilot_until] for a in waiting[:LISTED]]
    note = _("More than %(n)s; the first are shown.") % {"n": LISTED} if len(waiting) > LISTED else ""
    return PanelData([_("Alliance"), _("Call"), pgettext_lazy("period", "Until")], rows, None, note)
