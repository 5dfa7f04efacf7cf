"""The clocks of the pilot program (``core.clocks``): a pilot period comes to its end.

Registered in ``PilotsConfig.ready``. The clock changes no status (the evaluation is the national
office's); it tells the office and the alliance's secretariat once (services/periods.py).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.audit.selectors import recorded
from itisa.core import clocks
from itisa.pilots import actions
from itisa.pilots.models import Application
from itisa.pilots.services.periods import pilot_period_end_tell, pilots_past_period

PERIOD_ENDED = "pilots.period.ended"


def periods_ended_untold(now: dt.datetime) -> QuerySet[Application]:
    """Published pilots whose period ended before ``now``'s day in Beijing, nobody told yet."""
    return (
        Application.objects.filter(pilots_past_period(timezone.localdate(now)))
        .exclude(recorded(Application, actions.PERIOD_ENDED))
        .select_related("alliance", "call")
    )


def _tell(application: Application, now: dt.datetime) -> bool:
    return pilot_period_end_tell(application=application, today=timezone.localdate(now))


def register_clocks() -> None:
    clocks.register(
        PERIOD_ENDED,
        label=_("The national office and the secretariat are told when a pilot period has ended"),
        reference="国科发政〔2008〕770号 第七条; the published pilot list: pilot period",
        due=periods_ended_untold,
        fire=_tell,
    )
