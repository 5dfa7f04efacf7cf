"""The organisation page's section: its appointed representative, with a link to the representatives page
for those who may open it, and to apply for everyone else with an account."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from itisa.accounts.roles import role_summary
from itisa.representatives.permissions import can_view_representation
from itisa.representatives.selectors import current_appointment


def representative_panel(request: HttpRequest, organisation: Any) -> str:
    if not role_summary(request.user).authenticated:
        return ""
    may_view = bool(can_view_representation(request.user, organisation))
    current = current_appointment(organisation) if may_view else None
    return render_to_string(
        "representatives/_panel.html",
        {"org": organisation, "may_view": may_view, "current": current},
        request=request,
    )
