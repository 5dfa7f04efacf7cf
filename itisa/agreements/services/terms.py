"""The end of an agreement's term: the secretariat is told, once, by the system (agreements/clocks.py).

The version workflow has no status for an agreement whose term has run (docs/workflows.md): what
follows — renewal by amendment, or dissolution — is the members' decision, not the clock's. So the
clock changes no status; it records the fact in the audit log and tells the alliance's secretariat.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.agreements import actions
from itisa.agreements.choices import VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion
from itisa.agreements.selectors import version_term_ends_on
from itisa.audit.selectors import recorded
from itisa.audit.services import log_action
from itisa.core.formats import day
from itisa.notifications.services import link, notify


def agreement_term_end_tell(*, version: AgreementVersion, today: dt.date) -> bool:
    """Tell the secretariat that the effective agreement's term ended before ``today``; once per version.

    False, and nothing written, when the version is no longer the effective agreement, its term has
    not ended, or the secretariat was told already.
    """
    with transaction.atomic():
        locked = (
            AgreementVersion.objects.select_for_update()
            .filter(pk=version.pk, status=VersionStatus.EFFECTIVE)
            .exclude(kind=VersionKind.ACCESSION)
            .exclude(recorded(AgreementVersion, actions.TERM_ENDED))
            .select_related("alliance")
            .first()
        )
        ends_on = version_term_ends_on(locked) if locked is not None else None
        if locked is None or ends_on is None or ends_on >= today:
            return False
        log_action(locked, actions.TERM_ENDED, by=None, data={"term_ends_on": ends_on.isoformat()})
        secretariat = [
            ra.user
            for ra in RoleAssignment.objects.filter(
                alliance_id=locked.alliance_id, role=Role.SECRETARIAT
            ).select_related("user")
        ]
        notify(
            recipients=secretariat,
            kind="agreements.term.ended",
            subject=lambda: _("The term of %(version)s has ended") % {"version": locked.label},
            body=lambda: (
                _(
                    "The term of the alliance agreement %(version)s ended on %(date)s. Renew it by an amendment "
                    "signed by every member, or dissolve the alliance as the agreement provides."
                )
                % {"version": locked.label, "date": day(ends_on)}
            ),
            url=link("agreements:version_detail", locked.alliance.code, locked.number),
            alliance=locked.alliance,
            by=None,
        )
    return True
