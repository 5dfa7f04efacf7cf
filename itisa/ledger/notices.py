"""Notifications of the ledger, as its separation of duties hands work on: an entry submitted (to
the keepers who may approve it), waiting for its second approval, approved (to the keepers who post
it), flagged by the fund supervisor (to its preparer).

Each recipient reads the notice in their own language (``notify`` renders the callables per language).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import User
from itisa.core.formats import day
from itisa.ledger.models import EntryFlag, JournalEntry
from itisa.notifications.services import link, notify


def _keepers(entry: JournalEntry, *, besides: set[int | None]) -> list[Any]:
    """Who keeps the entry's books (``permissions.can_keep_books`` without the national office),
    except the users in ``besides``."""
    roles = [Role.SECRETARIAT] + ([Role.HOST_FINANCE] if entry.book.entrusted_to_host else [])
    # the users themselves, one row each (not their role rows with the user joined): a notice goes out
    # with every move of an entry
    return list(
        User.objects.filter(roles__alliance_id=entry.book.alliance_id, roles__role__in=roles)
        .exclude(pk__in=[pk for pk in besides if pk is not None])
        .order_by("pk")
        .distinct()
    )


def _send(
    entry: JournalEntry, recipients: list[Any], kind: str, subject: Callable[[], str], *, by: User
) -> None:
    notify(
        recipients=recipients,
        kind=kind,
        subject=lambda: Truncator(subject()).chars(200),
        body=lambda: _("%(date)s %(memo)s") % {"date": day(entry.date), "memo": entry.memo},
        url=link("ledger:entry", entry.pk),
        alliance=entry.book.alliance,
        by=by,
    )


def entry_submitted(entry: JournalEntry, *, by: User) -> None:
    """Everyone who may approve it: the keepers but its preparer (and the one who submitted it)."""
    _send(
        entry,
        _keepers(entry, besides={entry.prepared_by_id, by.pk}),
        "ledger.entry.submitted",
        lambda: _("Journal entry to approve: %(memo)s") % {"memo": entry.memo},
        by=by,
    )


def entry_needs_second_approval(entry: JournalEntry, *, by: User) -> None:
    """Above the book's threshold: the keepers but its preparer and the first approver."""
    _send(
        entry,
        _keepers(entry, besides={entry.prepared_by_id, entry.approved_by_id}),
        "ledger.entry.second_approval",
        lambda: _("Journal entry needs a second approval: %(memo)s") % {"memo": entry.memo},
        by=by,
    )


def entry_approved(entry: JournalEntry, *, by: User) -> None:
    """The keepers who may post it (the approver knows already)."""
    _send(
        entry,
        _keepers(entry, besides={by.pk}),
        "ledger.entry.approved",
        lambda: _("Journal entry approved, to post: %(memo)s") % {"memo": entry.memo},
        by=by,
    )


def _tell_preparer(
    entry: JournalEntry, kind: str, subject: Callable[[], str], body: str, *, by: User
) -> None:
    notify(
        recipients=[entry.prepared_by],
        kind=kind,
        subject=lambda: Truncator(subject()).chars(200),
        body=lambda: body,
        url=link("ledger:entry", entry.pk),
        alliance=entry.book.alliance,
        by=by,
    )


def entry_flagged(flag: EntryFlag, *, by: User) -> None:
    """The preparer answers the fund supervisor's flag; the entry posts once it is resolved."""
    entry = flag.entry
    _tell_preparer(
        entry,
        "ledger.entry.flagged",
        lambda: _("The fund supervisor flagged your entry: %(memo)s") % {"memo": entry.memo},
        flag.comment,
        by=by,
    )


def entry_sent_back(entry: JournalEntry, *, reason: str, by: User) -> None:
    """The preparer corrects the entry sent back (退回) and submits it again."""
    _tell_preparer(
        entry,
        "ledger.entry.sent_back",
        lambda: _("Your journal entry was sent back: %(memo)s") % {"memo": entry.memo},
        reason,
        by=by,
    )
