"""The ledger's duties in the to-do list, as its separation of duties says: the keepers approve
entries others prepared (a second keeper gives the second approval above the threshold) and post
approved entries that carry no open flag; the fund supervisor resolves the flags they raised.
Two queries at most, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.formats import day
from itisa.ledger.choices import EntryStatus
from itisa.ledger.models import EntryFlag, JournalEntry
from itisa.notifications.todo import Todo, todo_kind
from itisa.ui.labels import as_name, names_joined

APPROVE = todo_kind("ledger.entry.approve", _("Approve"), _("Journal entries to approve"))
POST = todo_kind("ledger.entry.post", _("Post"), _("Journal entries to post"))
RESOLVE_FLAG = todo_kind("ledger.flag.resolve", _("Resolve the flag on"), _("Flags to resolve"))


def _entry_label(entry: JournalEntry) -> str:
    return names_joined([day(entry.date), Truncator(entry.memo).chars(80)], " ")


def _keeping(user: Any) -> Iterator[Todo]:
    """Entries the user may move next as a keeper: the secretariat, or the host unit's finance staff
    of an alliance that entrusts its books to them (national officers correct books; they are not
    given every alliance's entries to approve)."""
    s = role_summary(user)
    secretariat = s.alliances_with(Role.SECRETARIAT)
    host = s.alliances_with(Role.HOST_FINANCE)
    if not secretariat and not host:
        return
    open_flag = EntryFlag.objects.filter(entry=OuterRef("pk"), resolved_at__isnull=True)
    entries = (
        JournalEntry.objects.filter(
            Q(book__alliance_id__in=secretariat) | Q(book__alliance_id__in=host, book__entrusted_to_host=True)
        )
        .filter(
            Q(status=EntryStatus.SUBMITTED) & ~Q(prepared_by=user) & ~Q(approved_by=user)
            | Q(status=EntryStatus.APPROVED) & ~Exists(open_flag)
        )
        .select_related("book__alliance")
        .order_by("date", "pk")
    )
    for entry in entries:
        approve = entry.status == EntryStatus.SUBMITTED
        yield Todo(
            kind=APPROVE if approve else POST,
            ref=f"entry:{entry.pk}",
            subject=_entry_label(entry),
            detail=gettext("second approval") if approve and entry.approved_by_id else "",
            url=reverse("ledger:entry", args=[entry.pk]),
            alliance=entry.book.alliance.code,
        )


def _supervising(user: Any) -> Iterator[Todo]:
    """Open flags on entries of the alliances whose funds the user supervises."""
    alliances = role_summary(user).alliances_with(Role.FUND_SUPERVISOR)
    if not alliances:
        return
    flags = (
        EntryFlag.objects.filter(entry__book__alliance_id__in=alliances, resolved_at__isnull=True)
        .select_related("entry__book__alliance")
        .order_by("raised_at", "pk")
    )
    for flag in flags:
        yield Todo(
            kind=RESOLVE_FLAG,
            ref=f"flag:{flag.pk}",
            subject=_entry_label(flag.entry),
            detail=as_name(Truncator(flag.comment).chars(80)),
            url=reverse("ledger:entry", args=[flag.entry_id]),
            alliance=flag.entry.book.alliance.code,
        )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The ledger duties of ``user`` (undated: the ledger sets no deadline on approvals)."""
    return [*_keeping(user), *_supervising(user)]
