"""The invitation's status machine (``core.workflows``): the invitee accepts a pending invitation, whoever
may invite to its role and scope revokes it. Expiry is not a move: it is read from the clock
(``Invitation.is_expired``), and the services refuse both moves of an expired invitation but revoking."""

from itisa.core.workflows import Transitions
from itisa.invitations.choices import InvitationStatus as S

INVITEE = "invitee"  # whoever holds the link (the secret proves the e-mail reached them)
MANAGER = "manager"  # may invite to the invitation's role and scope (``permissions.can_manage_invitation``)

INVITATION_TRANSITIONS = Transitions.of(
    {
        S.PENDING: {S.ACCEPTED: {INVITEE}, S.REVOKED: {MANAGER}},
        S.ACCEPTED: {},
        S.REVOKED: {},
    }
)
