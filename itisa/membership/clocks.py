"""The clocks of membership (``core.clocks``): a notice of exit ends the membership when its period has
run; a notice of breach lapses when its cure period has run (from the day after ``cure_by``, Beijing
time; ``selectors.breaches_of`` and ``access_breach`` settle it before they show a notice).

The notice period is the effective agreement's ``exit_notice_days`` (fixed on the notice when it is
given); the membership ends on the notice's ``effective_on`` (Beijing time), once every dues invoice
is paid. A notice whose member still owes dues is not due: it completes on the first tick after the
last invoice is paid. Registered in ``MembershipConfig.ready``; ``selectors.exit_notices_of`` and
``selectors.members_of`` settle it before they show an alliance's members and notices, and
``itisa member exits CODE --complete`` runs it for one alliance.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.membership.choices import BreachStatus, ExitStatus, InvoiceStatus
from itisa.membership.models import BreachNotice, ExitNotice, Invoice

EXIT_DUE = "membership.exit.due"
BREACH_LAPSE = "membership.breach.lapse"


def exits_past_period(today: dt.date) -> QuerySet[ExitNotice]:
    """Pending notices of exit whose notice period has run by ``today``, dues settled or not."""
    return ExitNotice.objects.filter(status=ExitStatus.PENDING, effective_on__lte=today).select_related(
        "membership", "membership__alliance", "membership__organisation"
    )


def exits_due(now: dt.datetime) -> QuerySet[ExitNotice]:
    """Pending notices whose period has run on ``now``'s day in Beijing and whose member owes no dues."""
    unpaid = Invoice.objects.filter(membership=OuterRef("membership"), status=InvoiceStatus.UNPAID)
    return exits_past_period(timezone.localdate(now)).exclude(Exists(unpaid))


def _complete(notice: ExitNotice, now: dt.datetime) -> bool:
    # the services read the selectors, which settle this clock: imported when it fires
    from itisa.membership.services.exits import exit_complete_at_end

    return exit_complete_at_end(notice=notice, today=timezone.localdate(now)) is not None


def breaches_lapsing(now: dt.datetime) -> QuerySet[BreachNotice]:
    """Served notices of breach whose cure period's last day is before ``now``'s day in Beijing."""
    return BreachNotice.objects.filter(
        status=BreachStatus.SERVED, cure_by__lt=timezone.localdate(now)
    ).select_related("membership", "membership__alliance", "membership__organisation")


def _lapse(notice: BreachNotice, now: dt.datetime) -> bool:
    from itisa.membership.services.breaches import breach_lapse_at_deadline

    return breach_lapse_at_deadline(notice=notice, now=now) is not None


def register_clocks() -> None:
    clocks.register(
        EXIT_DUE,
        label=_("A membership ends when the notice period of its notice of exit has run"),
        reference="国科发政〔2008〕770号 第八条(六); agreement: exit_notice_days",
        due=exits_due,
        fire=_complete,
    )
    clocks.register(
        BREACH_LAPSE,
        label=_("A notice of breach lapses when its cure period has run"),
        reference="国科发政〔2008〕770号 第八条(五); agreement: procedures.breach_cure_days",
        due=breaches_lapsing,
        fire=_lapse,
    )
