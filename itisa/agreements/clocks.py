"""The clocks of agreements (``core.clocks``): the effective agreement reaches the end of its term.

The term is the agreement's ``term.until``, or ``term.years`` counted from the founding agreement's
entry into force (agreements/rules.py). The clock changes no status (there is none for it): it tells
the secretariat once (services/terms.py) and ``selectors.version_term_ends_on`` shows the date.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.agreements import actions
from itisa.agreements.choices import VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion
from itisa.agreements.selectors import founding_entry_into_force, version_term_ends_on
from itisa.agreements.services.terms import agreement_term_end_tell
from itisa.audit.selectors import recorded
from itisa.core import clocks

TERM_ENDED = "agreements.term.ended"


def agreements_not_yet_told(now: dt.datetime) -> QuerySet[AgreementVersion]:
    """Effective agreements and amendments whose secretariat has not been told that the term ended.

    The term is counted in Python (``term_has_ended``): it lives in the version's JSON content.
    """
    return (
        AgreementVersion.objects.filter(status=VersionStatus.EFFECTIVE)
        .exclude(kind=VersionKind.ACCESSION)
        .exclude(recorded(AgreementVersion, actions.TERM_ENDED))
        .annotate(in_force_at=founding_entry_into_force())
        .select_related("alliance")
    )


def term_has_ended(version: AgreementVersion, now: dt.datetime) -> bool:
    """The term's last day is before ``now``'s day in Beijing."""
    ends_on = version_term_ends_on(version)
    return ends_on is not None and ends_on < timezone.localdate(now)


def _tell(version: AgreementVersion, now: dt.datetime) -> bool:
    return agreement_term_end_tell(version=version, today=timezone.localdate(now))


def register_clocks() -> None:
    clocks.register(
        TERM_ENDED,
        label=_("The secretariat is told when the alliance agreement's term has ended"),
        reference="国科发政〔2008〕770号 第八条(二); agreement: term; 民法典 第二百零一条、第二百零二条",
        due=agreements_not_yet_told,
        fire=_tell,
        is_due=term_has_ended,
    )
