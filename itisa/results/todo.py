"""Results duties in the to-do list: the contacts and legal representatives of a result's current owners
decide the access requests other members made (``results.access.decide``). No due day: the agreement
sets none for the owners' answer. Two queries (the roles, the requests), whatever the number of items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.roles import role_summary
from itisa.notifications.todo import Todo, todo_kind
from itisa.results.choices import AccessRequestStatus
from itisa.results.models import AccessRequest
from itisa.ui.labels import local_text, names_joined, with_names

DECIDE = todo_kind("results.access.decide", _("Decide on access to"), _("Access requests to decide"))


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The open access requests to results owned by an organisation the user acts for."""
    s = role_summary(user)
    alliances = s.alliances_with(*ORGANISATION_ROLES)
    organisations = [o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES)]
    if not alliances or not organisations:
        return []
    rows = (
        AccessRequest.objects.filter(
            status=AccessRequestStatus.REQUESTED,
            result__alliance_id__in=alliances,
            result__ownership__owners__organisation_id__in=organisations,
        )
        .select_related("result__alliance", "organisation")
        .distinct()
        .order_by("requested_at", "pk")
    )
    return [
        Todo(
            kind=DECIDE,
            ref=f"access:{request.pk}",
            subject=names_joined(
                [
                    f"{request.result.alliance.code}/{request.result.code}",
                    local_text(request.result, "title"),
                ],
                " ",
            ),
            detail=with_names(
                gettext("%(org)s: %(purpose)s"),
                org=local_text(request.organisation),
                purpose=request.get_purpose_display(),
            ),
            url=reverse("results:access_decide", args=[request.pk]),
            alliance=request.result.alliance.code,
        )
        for request in rows
    ]
