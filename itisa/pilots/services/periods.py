"""The end of a pilot period: the national office and the alliance's secretariat are told, once.

A pilot is selected for a period (two years from publication, ``decisions.pilot_period``). When it has
run, what follows — the evaluation, and whether the alliance stays a pilot — is the national office's
decision (the pilot program of Art. 7 of 国科发政〔2008〕770号), so the clock (pilots/clocks.py) changes no status: it records
the fact in the audit log and tells the people who decide.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.audit.selectors import recorded
from itisa.audit.services import log_action
from itisa.core.formats import day
from itisa.notifications.services import link, notify
from itisa.pilots import actions
from itisa.pilots.choices import ApplicationStatus, Outcome
from itisa.pilots.models import Application


def pilots_past_period(today: dt.date) -> Q:
    """Published pilots whose period's last day is before ``today``."""
    return Q(status=ApplicationStatus.PUBLISHED, outcome=Outcome.PILOT, pilot_until__lt=today)


def pilot_period_end_tell(*, application: Application, today: dt.date) -> bool:
    """Tell the national office and the alliance's secretariat that the pilot period ended; once.

    False, and nothing written, when the application is not a published pilot whose period ended
    before ``today``, or they were told already.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .filter(pilots_past_period(today), pk=application.pk)
            .exclude(recorded(Application, actions.PERIOD_ENDED))
            .select_related("alliance", "call")
            .first()
        )
        if locked is None or locked.pilot_until is None or locked.pilot_from is None:
            return False
        log_action(
            locked,
            actions.PERIOD_ENDED,
            by=None,
            data={"pilot_from": locked.pilot_from.isoformat(), "pilot_until": locked.pilot_until.isoformat()},
        )
        told = [
            ra.user
            for ra in RoleAssignment.objects.filter(
                Q(role=Role.NATIONAL_OFFICER) | Q(role=Role.SECRETARIAT, alliance_id=locked.alliance_id)
            )
            .select_related("user")
            .order_by("pk")
        ]
        notify(
            recipients=told,
            kind="pilots.period.ended",
            subject=lambda: (
                _("Pilot period of %(alliance)s has ended") % {"alliance": locked.alliance.code}
            )[:200],
            body=lambda: (
                _(
                    "The pilot period of %(alliance)s, selected by the call “%(call)s”, ran from %(start)s to "
                    "%(end)s. The national office evaluates the pilot and decides whether it continues."
                )
                % {
                    "alliance": locked.alliance.name_zh,
                    "call": locked.call.title_zh,
                    "start": day(locked.pilot_from),
                    "end": day(locked.pilot_until),
                }
            ),
            url=link("pilots:application", locked.pk),
            alliance=locked.alliance,
            by=None,
        )
    return True
