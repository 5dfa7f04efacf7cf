"""The appointment's status machine (``core.workflows``): a confirmer (``permissions.can_decide``)
confirms or rejects a pending appointment; a confirmed one ends, by the system, when the next
representative of the organisation is confirmed. Each move leaves one audit entry on the organisation."""

from itisa.core.workflows import SYSTEM, Transitions
from itisa.representatives.choices import AppointmentStatus as S

CONFIRMER = "confirmer"  # the secretariat of an alliance the organisation belongs to, or a competent officer

APPOINTMENT_TRANSITIONS = Transitions.of(
    {
        S.PENDING: {S.CONFIRMED: {CONFIRMER}, S.REJECTED: {CONFIRMER}},
        S.CONFIRMED: {S.ENDED: {SYSTEM}},
        S.REJECTED: {},
        S.ENDED: {},
    }
)
