"""Transition table of the rating campaign (docs/workflows.md, "Activity rating campaign")."""

from itisa.core.workflows import Transitions
from itisa.rating.choices import CampaignStatus as C

OFFICE = "office"  # the national office (the pilot alliances' liaison group works for it)

CAMPAIGN_TRANSITIONS = Transitions.of({
    C.DRAFT: {C.FIRST_REVIEW: {OFFICE}},
    C.FIRST_REVIEW: {C.CROSS_REVIEW: {OFFICE}},
    C.CROSS_REVIEW: {C.PLENARY: {OFFICE}},
    C.PLENARY: {C.PUBLISHED: {OFFICE}},
    C.PUBLISHED: {},
})  # fmt: skip

NEXT: dict[str, str] = {a: next(iter(row)) for a, row in CAMPAIGN_TRANSITIONS.moves.items() if row}
