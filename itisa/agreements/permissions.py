"""Who may read, draft and send agreements, and who may register and confirm signing keys.

Signing itself is decided by the signing service from the key, the version and the signatory
(Electronic Signature Law art. 13), not by a role: see ``services.signing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.agreements.choices import KeyStatus, VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion, SigningKey
from itisa.agreements.workflows import HOLDER, KEY_TRANSITIONS, SECRETARIAT
from itisa.core.decisions import Decision
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

NOT_LOGGED_IN = _("You must log in first.")


def can_view_agreements(user: Viewer, alliance: Alliance) -> Decision:
    """An alliance's agreements are read by its own people and the competent officers."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("National office officers read every agreement."))
    if alliance.scope == AllianceScope.REGIONAL and alliance.province in s.provinces:
        return Decision.allow(_("Provincial officers read the agreements of their regional alliances."))
    if alliance.industry in s.industries:
        return Decision.allow(_("Association officers read the agreements of their industry's alliances."))
    if s.has_alliance_role(alliance.pk):
        return Decision.allow(_("You hold a role in this alliance."))
    return Decision.deny(_("Only the alliance's own people and the competent officers read its agreements."))


def can_edit_agreements(user: Viewer, alliance: Alliance) -> Decision:
    """The secretariat drafts agreements, sends them for signature and withdraws them (Art. 8(2))."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if alliance.status == AllianceStatus.DISSOLVED:
        return Decision.deny(_("A dissolved alliance makes no new agreements."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat prepares its alliance's agreements."))
    return Decision.deny(_("Only the alliance's secretariat prepares its agreements."))


def can_register_key(user: Viewer, organisation: Organisation) -> Decision:
    """A legal representative registers the public half of a key they created themselves."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not s.acts_for(organisation.pk, Role.LEGAL_REPRESENTATIVE):
        return Decision.deny(
            _("Only the organisation's legal representative registers a signing key for it.")
        )
    if organisation.legal_representative_id is None:
        return Decision.deny(_("The organisation has no legal representative on record."))
    return Decision.allow(_("You are the organisation's legal representative."))


def _secretariat_of_member(user: Viewer, key: SigningKey) -> bool:
    alliances = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not alliances:
        return False
    if key.organisation.memberships.active().filter(alliance_id__in=alliances).exists():
        return True
    # an organisation acceding to the alliance (its accession instrument is out for signature)
    return AgreementVersion.objects.filter(
        alliance_id__in=alliances,
        kind=VersionKind.ACCESSION,
        status=VersionStatus.OPEN,
        acceding_organisation_id=key.organisation_id,
    ).exists()


def can_confirm_key(user: Viewer, key: SigningKey) -> Decision:
    """The secretariat of an alliance the organisation belongs to (or is acceding to) binds the key to the person."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if key.holder_id is not None and key.holder_id == getattr(user, "pk", None):
        return Decision.deny(_("Nobody confirms their own key."))
    if not KEY_TRANSITIONS.is_move(key.status, KeyStatus.CONFIRMED):
        return Decision.deny(_("Only a key awaiting confirmation can be confirmed."))
    if _secretariat_of_member(user, key):
        return Decision.allow(_("You are secretariat staff of an alliance this organisation belongs to."))
    return Decision.deny(
        _("Only the secretariat of an alliance the organisation belongs to confirms its keys.")
    )


def key_actors(user: Viewer, key: SigningKey) -> set[str]:
    """Which key workflow actors (agreements.workflows.KEY_TRANSITIONS) ``user`` is for ``key``."""
    actors = set()
    if key.holder_id is not None and key.holder_id == getattr(user, "pk", None):
        actors.add(HOLDER)
    if _secretariat_of_member(user, key):
        actors.add(SECRETARIAT)
    return actors


def can_revoke_key(user: Viewer, key: SigningKey) -> Decision:
    """The holder revokes their own key at any time; the secretariat may revoke it too."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not KEY_TRANSITIONS.is_move(key.status, KeyStatus.REVOKED):
        return Decision.deny(_("This key is already revoked."))
    if key.holder_id is not None and key.holder_id == getattr(user, "pk", None):
        return Decision.allow(_("It is your key."))
    if _secretariat_of_member(user, key):
        return Decision.allow(_("You are secretariat staff of an alliance this organisation belongs to."))
    return Decision.deny(_("Only the key's holder or the secretariat revokes a key."))
