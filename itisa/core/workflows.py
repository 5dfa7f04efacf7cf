"""The one workflow machine: a transition table type and the abstract status-history row.

A status machine is data: ``Transitions({from: {to: actors allowed}})``. ``can_move`` and
``targets`` answer from the table; ``check`` raises the domain error of a refused move
(``InvalidTransition`` when the table has no such move, ``PermissionDenied`` when it has the
move but none of the given actors may make it).

The mover that changes the status, writes the history row and the audit entry is
``itisa.audit.workflows.move``: core is the lowest layer and may not import the audit log,
so the table and the abstract row live here and the mover one layer up.

History rows subclass ``StatusChange`` and add their foreign key to the subject (named by
``subject_field``). One convention for who moved: ``by`` is the acting account; ``by=None``
means the system made the move (a vote closing, a signature completing a version, a
publication) **or** the move was recorded without an account on this system (a row
imported from a dossier, or written before the table had ``by``); ``actor_label`` keeps the
username as it was at the time (empty, or ``"system"`` in the tables that always wrote that,
for system moves), so the record reads the same after the account is gone or moved.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from itisa.core.actors import Actor
from itisa.core.errors import InvalidTransition, PermissionDenied

SYSTEM = "system"
"""The actor of moves nobody makes by hand (a deadline, a vote closing, the last signature)."""


@dataclass(frozen=True)
class Transitions:
    """``{from: {to: actors allowed}}``, in table order. Statuses with no way out map to ``{}``."""

    moves: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: Mapping[str, Mapping[str, Iterable[str]]]) -> Transitions:
        """Build a table from plain data; the actor collections become frozensets."""
        return cls(
            {str(a): {str(b): frozenset(actors) for b, actors in row.items()} for a, row in table.items()}
        )

    def allowed(self, current: str, target: str) -> frozenset[str] | None:
        """Who may move ``current`` → ``target``; ``None`` when the table has no such move."""
        return self.moves.get(current, {}).get(target)

    def is_move(self, current: str, target: str) -> bool:
        """Whether the table has the move at all, whoever makes it."""
        return self.allowed(current, target) is not None

    def can_move(self, current: str, target: str, actors: Collection[str]) -> bool:
        """Whether one of ``actors`` may move ``current`` → ``target``."""
        return bool((self.allowed(current, target) or frozenset()) & set(actors))

    def targets(self, current: str, actors: Collection[str] | None = None) -> list[str]:
        """Statuses reachable from ``current`` in one move (by one of ``actors``, if given), in table order."""
        row = self.moves.get(current, {})
        if actors is None:
            return list(row)
        return [t for t, allowed in row.items() if allowed & set(actors)]

    def statuses(self) -> list[str]:
        return list(self.moves)

    def may(self, current: str, actors: Collection[str], **moves: str) -> dict[str, bool]:
        """``{"may_<name>": bool}`` for each ``name=target``: what a page asks instead of comparing statuses.

        ``CALL_TRANSITIONS.may(call.status, actors, open=C.OPEN, close=C.CLOSED)`` gives
        ``{"may_open": ..., "may_close": ...}`` to merge into a template context.
        """
        return {f"may_{name}": self.can_move(current, target, actors) for name, target in moves.items()}

    def check(
        self,
        current: str,
        target: str,
        actors: Collection[str],
        *,
        invalid: str | Promise | None = None,
        denied: str | Promise | None = None,
    ) -> None:
        """Refuse a move the table does not have, or that none of ``actors`` may make."""
        if self.can_move(current, target, actors):
            return
        if not self.is_move(current, target):
            raise InvalidTransition(
                invalid
                or _("“%(status)s” cannot move to “%(target)s”.") % {"status": current, "target": target}
            )
        raise PermissionDenied(denied or _("You may not make this move."))


def actor_label(by: Actor | None, *, system: str = "") -> str:
    """The username recorded with a move: the account's, or ``system`` for a move without one."""
    return by.get_username() if by is not None and getattr(by, "is_authenticated", False) else system


def actor_or_none(by: Actor | None) -> Actor | None:
    """The account for ``by`` (a foreign key value), or ``None`` for the system and anonymous."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


class StatusChange(models.Model):
    """One move of a subject's status: never edited (database triggers refuse UPDATE and DELETE).

    Concrete rows add the foreign key to their subject, named by ``subject_field``, and may
    redeclare ``old_status``/``new_status`` with their choices. ``by=None`` is the system (or a
    move recorded without an account here); see the module docstring.
    """

    subject_field: ClassVar[str] = ""
    system_label: ClassVar[str] = ""

    old_status = models.CharField(_("old status"), max_length=20, blank=True)
    new_status = models.CharField(_("new status"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("by (name)"),
        max_length=150,
        blank=True,
        help_text=_("The actor's username when the change was made; kept when records move between systems."),
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        subject = getattr(self, f"{self.subject_field}_id", "") if self.subject_field else ""
        return f"{subject}: {self.old_status or '∅'} → {self.new_status}"

    def _status_label(self, value: str) -> str:
        """The status's label in the active language, from the subject's ``status`` choices (the code when
        the subject declares none)."""
        if not value or not self.subject_field:
            return value
        subject = self._meta.get_field(self.subject_field).related_model
        try:
            choices = dict(subject._meta.get_field("status").flatchoices)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 (a subject without a status field: show the code)
            return value
        return str(choices.get(value, value))

    @property
    def old_label(self) -> str:
        return self._status_label(self.old_status)

    @property
    def new_label(self) -> str:
        return self._status_label(self.new_status)

    @property
    def actor_name(self) -> str:
        """Who made the move as people name them: the account's name (``User.__str__``: display name, full
        name, login; select ``by`` with the rows), else the name recorded with the move, else the system."""
        if self.by_id is not None:  # type: ignore[attr-defined]
            return str(self.by)
        if self.actor_label in ("", SYSTEM):
            return str(pgettext("actor", "System"))
        return self.actor_label

    @property
    def by_system(self) -> bool:
        """Whether the system made this move (no account and no recorded name other than the system's)."""
        return self.by_id is None and self.actor_label in ("", SYSTEM)  # type: ignore[attr-defined]
