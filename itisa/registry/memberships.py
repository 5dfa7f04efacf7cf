"""When a membership counts as active: the rule, written once.

Membership rows belong to the membership app, above registry. Registry, agreements and governance read
them through the reverse relation ``memberships`` and never import the membership app, so the rule
lives here, at the lowest layer that reads it (docs/decisions/0007-membership-facts.md). The
membership app builds its queryset on it: ``Membership.objects.active()`` and, because that is the
default manager, ``alliance.memberships.active()`` and ``organisation.memberships.active()``.

``path`` is the lookup path from the queried model to the membership: ``""`` on memberships
themselves, ``"memberships"`` from an organisation or an alliance, ``"organisation__memberships"``
from a row that points to an organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from itisa.registry.models import Alliance


def _lookup(path: str, lookup: str) -> str:
    return f"{path}__{lookup}" if path else lookup


def active_membership_q(path: str = "") -> Q:
    """A membership is active until it is left: ``left_on`` is empty."""
    return Q(**{_lookup(path, "left_on__isnull"): True})


def active_membership_on_q(day: dt.date, path: str = "") -> Q:
    """A membership is active on ``day`` if it began on or before it and ends after it or not at all."""
    return Q(**{_lookup(path, "joined_on__lte"): day}) & (
        Q(**{_lookup(path, "left_on__isnull"): True}) | Q(**{_lookup(path, "left_on__gt"): day})
    )


def active_members_q(alliance: Alliance | int) -> Q:
    """Organisations with an active membership of ``alliance`` (an alliance or its primary key).

    Use it in one ``filter()`` call so that the alliance and the activity are tested on the same
    membership row.
    """
    return Q(memberships__alliance=alliance) & active_membership_q("memberships")


def is_active_on(joined_on: dt.date, left_on: dt.date | None, day: dt.date) -> bool:
    """``active_membership_on_q`` for a membership read from a file rather than the database."""
    return joined_on <= day and (left_on is None or left_on > day)
