"""Receivers of the governance and agreements signals: votes on applications, expulsions and breaches, and
accessions taking effect, move the membership workflows in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itisa.agreements.choices import VersionKind
from itisa.membership.choices import ApplicationStatus
from itisa.membership.models import Application

if TYPE_CHECKING:
    from itisa.accounts.models import User


def on_motion_closed(sender: Any, motion: Any, by: User | None, carried: bool, **kwargs: Any) -> None:
    from itisa.membership.services.applications import application_record_vote
    from itisa.membership.services.breaches import breach_record_vote
    from itisa.membership.services.exits import expulsion_record_vote

    application_record_vote(motion=motion, by=by, carried=carried)
    # the expulsion first: a breach's decision follows the membership it may have ended
    expulsion_record_vote(motion=motion, by=by, carried=carried)
    breach_record_vote(motion=motion, by=by, carried=carried)


def on_version_effective(sender: Any, version: Any, by: User | None, **kwargs: Any) -> None:
    from itisa.membership.services.applications import application_activate

    if version.kind != VersionKind.ACCESSION:
        return
    application = Application.objects.filter(accession=version, status=ApplicationStatus.ACCESSION).first()
    if application is not None:
        application_activate(by=by, application=application, system=True)
