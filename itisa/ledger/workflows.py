"""The journal-entry workflow as data: ``{from: {to: who moves it}}``.

Actor: ``bookkeeper`` (who keeps the alliance's books, ``permissions.can_keep_books``). The
separation of duties (the preparer never approves; above the book's threshold two people approve)
is checked by ``services.entry_approve`` on top of the table. Whoever may approve a submitted entry
may instead send it back (退回) to its preparer with a reason (``services.entry_send_back``): it is a
draft again, which only its preparer edits or deletes. A posted entry never moves again: a
correction is a reversing entry.
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
from itisa.ledger.choices import EntryStatus as E

BOOKKEEPER = "bookkeeper"

ENTRY_TRANSITIONS = Transitions.of(
    {
        E.DRAFT: {E.SUBMITTED: {BOOKKEEPER}},
        E.SUBMITTED: {E.APPROVED: {BOOKKEEPER}, E.DRAFT: {BOOKKEEPER}},
        E.APPROVED: {E.POSTED: {BOOKKEEPER}},
        E.POSTED: {},
    }
)
