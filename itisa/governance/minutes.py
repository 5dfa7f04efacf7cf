"""A meeting's minutes as a PDF to print and file: attendance, agenda with tallies, the minutes text."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from itisa.core.pdf import font_uris, html_to_pdf
from itisa.governance.models import Meeting
from itisa.governance.selectors import attendance_of, current_seats_of


def render_minutes_pdf(meeting: Meeting) -> bytes:
    with translation.override("zh-hans"):
        html = render_to_string(
            "governance/minutes_pdf.html",
            {
                "meeting": meeting,
                "attendance": list(attendance_of(meeting)),
                "seats": list(current_seats_of(meeting.body, on=meeting.starts_at.date())),
                "motions": list(meeting.motions.select_related("rules").order_by("number")),
                "fonts": font_uris(),
            },
        )
    return html_to_pdf(html)
