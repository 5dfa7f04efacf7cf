"""Short explanations of the terms a page uses that not every reader knows (issue 21 item 6: "short help
text where a term needs it"), kept in one place and shown by ``{% help_terms "topic" %}`` as a folded
"What do these terms mean?" list under the page's heading.

Each explanation cites where the term comes from when it has a source (the 2008 Guiding Opinions, the
2004 accounting system for non-profit organisations), so readers can check it.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

HELP: dict[str, list[tuple[Promise, Promise]]] = {
    "ledger": [
        (_("Debit and credit"), _("Every voucher records each amount twice, once as a debit and once as a "
                                   "credit; the two totals must be equal (double entry).")),
        (_("Restricted and unrestricted"), _("Net assets whose use a donor or a grant has limited (a project, a "
                                              "purpose, a period) are restricted; the rest are unrestricted "
                                              "(Accounting System for Non-profit Organisations, 2004).")),
        (_("Trial balance"), _("Every account's debits and credits so far; when the books are right, the two "
                               "grand totals are equal.")),
        (_("Posting"), _("A voucher is prepared, submitted, approved by someone else and then posted. A posted "
                         "voucher is never changed: a mistake is corrected by a reversing voucher.")),
    ],
    "eligibility": [
        (_("The six conditions"), _("Article 8 of the Guiding Opinions (国科发政〔2008〕770号) names six "
                                    "conditions an alliance must meet to be a pilot; each line checks one.")),
        (_("Rule set"), _("The version of the conditions the check applies; a check always names its version, so "
                          "an old result can be read as it was made.")),
        (_("Needs review"), _("The platform could not decide from the records alone (a document to read, a fact "
                              "not recorded): an officer decides and records why.")),
    ],
    "pilot_queue": [
        (_("Mean score"), _("The mean of the experts' weighted totals (0–100) for the application.")),
        (_("Spread"), _("The highest minus the lowest expert total: a wide spread means the experts disagree, "
                        "and the office may discuss the application before deciding.")),
        (pgettext_lazy("ranking", "Rank"), _("The position by mean score among the applications of the same call; equal means share "
                      "a rank.")),
    ],
    "motion": [
        (_("Quorum"), _("How many seats must take part (in person or by proxy) for the vote to count, as the "
                        "body's rules or the agreement set it.")),
        (_("Threshold"), _("The share of yes votes a motion needs to pass, and of what it is counted (the votes "
                           "cast, or all seats).")),
        (_("Proxy"), _("A seat holder may authorise another to vote for them, in writing, before the meeting.")),
    ],
}  # fmt: skip


def help_terms(topic: str) -> list[tuple[Promise, Promise]]:
    """The terms of ``topic`` with their explanations; a topic not defined is an error in the template."""
    return HELP[topic]
