"""Who keeps and who sees an alliance's books (Art. 8(4): sound fund management, internal supervision)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_keep_books(user: Viewer, alliance: Any) -> Decision:
    """The secretariat prepares, approves and posts entries; the national office may correct."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's books."))
    if s.has_alliance_role(alliance.pk, Role.HOST_FINANCE) and _entrusted(alliance):
        return Decision.allow(_("The alliance entrusts its books to the host unit's finance staff."))
    return Decision.deny(
        _(
            "Only the alliance's secretariat (or the host unit's finance staff, when entrusted) keeps its books."
        )
    )


def _entrusted(alliance: Any) -> bool:
    from itisa.ledger.models import Book

    return Book.objects.filter(alliance=alliance, entrusted_to_host=True).exists()


def can_view_books(user: Viewer, alliance: Any) -> Decision:
    """The keepers, and the fund supervisor who sees everything in the alliance's books."""
    if can_keep_books(user, alliance):
        return Decision.allow(_("You keep these books."))
    if role_summary(user).has_alliance_role(alliance.pk, Role.FUND_SUPERVISOR):
        return Decision.allow(_("The fund supervisor sees everything in the alliance's books."))
    return Decision.deny(
        _("Only the secretariat, the fund supervisor and the national office see the books.")
    )


def can_flag_entries(user: Viewer, alliance: Any) -> Decision:
    """Internal supervision: the fund supervisor (or the national office) flags entries and resolves the flags."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national or s.has_alliance_role(alliance.pk, Role.FUND_SUPERVISOR):
        return Decision.allow(_("The fund supervisor flags entries for the books' internal supervision."))
    return Decision.deny(_("Only the fund supervisor flags entries."))


def can_view_grants(user: Viewer, alliance: Any) -> Decision:
    """Government fund supervisors (external, read-only) see the grants their department made."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if can_view_books(user, alliance):
        return Decision.allow(_("You see the whole of these books."))
    if s.departments:
        return Decision.allow(_("You see the grants your department made."))
    return Decision.deny(
        _("Only the books' keepers and supervisors, and granting departments, see grant funds.")
    )


def can_open_book(user: Any, alliance: Any) -> Decision:
    """The secretariat (or the national office) opens its alliance's book on the platform."""
    s = role_summary(user)
    if s.national or s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat opens its alliance's book."))
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's secretariat opens its book."))


def can_set_up_books(user: Any, alliance: Any) -> Decision:
    """The setup page (book, funds, budgets): the keepers once a book is open, the secretariat before."""
    from itisa.ledger.models import Book

    if Book.objects.filter(alliance=alliance).exists():
        return can_keep_books(user, alliance)
    return can_open_book(user, alliance)


def can_change_draft(user: Viewer, entry: Any) -> Decision:
    """Edit or delete a draft: its preparer, while they keep the books. Nobody else rewrites what another
    prepared (the preparer never approves, so the approver must not become the author)."""
    decision = can_keep_books(user, entry.book.alliance)
    if not decision:
        return decision
    if getattr(user, "pk", None) != entry.prepared_by_id:
        return Decision.deny(_("Only the preparer edits or deletes a draft."))
    return Decision.allow(_("You prepared this draft."))


def can_send_back(user: Viewer, entry: Any) -> Decision:
    """Send a submitted entry back to its preparer (退回): those who may approve it, never the preparer."""
    decision = can_keep_books(user, entry.book.alliance)
    if not decision:
        return decision
    if getattr(user, "pk", None) == entry.prepared_by_id:
        return Decision.deny(_("Separation of duties: the preparer cannot send back their own entry."))
    return Decision.allow(_("You may approve this entry, or send it back."))
