"""Transition tables of diffusion (docs/workflows.md, "Diffusion obligation" and "Catalogue listing")."""

from itisa.accounts.choices import Role
from itisa.core.workflows import SYSTEM, Transitions
from itisa.diffusion.choices import ListingStatus as L
from itisa.diffusion.choices import ObligationStatus as O

# only the platform moves an obligation: met (or met late) when it finds a diffusion of the result (one the
# secretariat recorded, a catalogue entry, a licence), overdue by the clock; overdue then met means the
# diffusion was recorded late but happened by the deadline
OBLIGATION_TRANSITIONS = Transitions.of({
    O.OPEN: {O.MET: {SYSTEM}, O.MET_LATE: {SYSTEM}, O.OVERDUE: {SYSTEM}},
    O.OVERDUE: {O.MET: {SYSTEM}, O.MET_LATE: {SYSTEM}},
})  # fmt: skip

LISTING_TRANSITIONS = Transitions.of({
    L.DRAFT: {L.PUBLISHED: {Role.SECRETARIAT}},
    L.PUBLISHED: {L.WITHDRAWN: {Role.SECRETARIAT}},
    L.WITHDRAWN: {L.PUBLISHED: {Role.SECRETARIAT}},
})  # fmt: skip
