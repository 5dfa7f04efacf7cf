"""Importing one motion of a body: INSERTed in its final state, or matched with the one here.

Votes, motion history and closed motions are immutable in the database (triggers refuse UPDATE and
DELETE), so a motion the database lacks is written closed with its tally and rule version already
set, then its history rows and votes, as the agreements import writes signatures. For a motion that
exists here its facts (title, text, method, meeting, deadline, opening, rule version) must be the
same; a closed one must have been counted the same; votes and history rows the database lacks are
added while the motion is open here. The one move an import makes is the workflow's own: a motion
open here that the dossier shows closed or withdrawn is brought there in one UPDATE of the still
open row, after its votes are in. A motion closed here that the dossier shows open means the dossier
is older than the record: refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.governance_schemas import (
    MotionDoc,
    MotionStatusChangeDoc,
    ResolutionDoc,
    SeatDoc,
    SeatRefDoc,
    VetoDoc,
)
from itisa.dossier.services._fields import MOTION_FACTS, RESOLUTION_FIELDS, TALLY_FIELDS
from itisa.dossier.services._support import Ledger, apply, clean, refuse, values_of
from itisa.governance.choices import MotionStatus
from itisa.governance.models import (
    Body,
    Meeting,
    Motion,
    MotionSeat,
    MotionStatusChange,
    Resolution,
    RuleSet,
    Seat,
    Veto,
    Vote,
)

SeatKey = tuple[str, dt.date]
MeetingKey = tuple[dt.datetime, str]


def seat_key(ref: SeatRefDoc | SeatDoc) -> SeatKey:
    """A seat of a body by (holder's name, term start)."""
    return (ref.holder_name, ref.term_start)


def _final(doc: MotionDoc) -> dict[str, Any]:
    """Where the motion ended: its status, when, and the stored tally (empty while open)."""
    tally = doc.tally
    return {
        "status": doc.status,
        "closed_at": doc.closed_at,
        "seats_count": tally.seats if tally else None,
        **{f: getattr(tally, f) if tally else None for f in TALLY_FIELDS},
        "outcome": tally.outcome if tally else "",
    }


class MotionImport:
    """One motion of a body: inserted in its final state, or matched with the one here."""

    def __init__(
        self,
        ledger: Ledger,
        users: dict[str, Any],
        path: str,
        body: Body,
        doc: MotionDoc,
        rules: dict[int, RuleSet],
        seats: dict[SeatKey, Seat],
        meetings: dict[MeetingKey, Meeting],
    ) -> None:
        self.ledger = ledger
        self.users = users
        self.path = path
        self.body = body
        self.doc = doc
        self.seats = seats
        self.names = {"number": doc.number, "body": body.name_zh}
        self.sealed: list[Any] = []  # write-once rows written, sealed by the motion's entry
        meeting = doc.meeting
        self.facts: dict[str, Any] = {
            **{f: getattr(doc, f) for f in MOTION_FACTS},
            "meeting": meetings[(meeting.starts_at, meeting.title_zh)] if meeting else None,
            "rules": rules[doc.rules_version] if doc.rules_version is not None else None,
        }

    def run(self, motion: Motion | None) -> None:
        if motion is None:
            self._create()
            return
        for name, value in self.facts.items():
            if getattr(motion, name) != value:
                field = {"rules": "rules_version"}.get(name, name)
                raise refuse(
                    f"{self.path}.{field}",
                    _("Motion %(number)s of %(body)s exists here with other content.") % self.names,
                )
        votes = {v.seat_id: v for v in Vote.objects.filter(motion=motion)}
        changes: dict[str, list[Any]] = {}
        if motion.status != self.doc.status:
            if motion.status != MotionStatus.OPEN:
                raise refuse(
                    f"{self.path}.status",
                    _(
                        "The dossier is older than the record here or conflicts with it: "
                        "motion %(number)s of %(body)s is %(status)s here."
                    )
                    % {**self.names, "status": motion.status},
                )
            self._votes(motion, votes, new_allowed=True)
            listed = {self.seats[seat_key(v.seat)].pk for v in self.doc.votes}
            if any(seat_id not in listed for seat_id in votes):
                raise refuse(
                    f"{self.path}.votes",
                    _("Motion %(number)s of %(body)s has votes here that the dossier lacks.") % self.names,
                )
            # the workflow's move open → closed/withdrawn: one UPDATE while the row is still open
            changes = apply(
                motion, {**_final(self.doc), "reminded_at": motion.reminded_at or self.doc.reminded_at}
            )
            motion.save(update_fields=[*changes, "updated_at"])
        else:
            if motion.status != MotionStatus.OPEN and any(
                getattr(motion, name) != value for name, value in _final(self.doc).items()
            ):
                raise refuse(
                    f"{self.path}.tally",
                    _("Motion %(number)s of %(body)s was counted otherwise here.") % self.names,
                )
            added = self._votes(motion, votes, new_allowed=motion.status == MotionStatus.OPEN)
            if added:
                changes["votes"] = [len(votes), len(votes) + added]
            if motion.status == MotionStatus.OPEN and motion.reminded_at is None and self.doc.reminded_at:
                changes.update(apply(motion, {"reminded_at": self.doc.reminded_at}))
                motion.save(update_fields=["reminded_at", "updated_at"])
        history_changes, history = self._history(motion, here=True)
        changes.update(history_changes)
        changes.update(self._seat_list(motion, here=True))
        changes.update(self._resolution(motion, self.doc.resolution))
        if changes:
            self.ledger.log(motion, "motion", "updated", {"body": self.body.name_zh, "number": motion.number,
                                                          "changes": changes}, sealed=[*history, *self.sealed])  # fmt: skip
        else:
            self.ledger.unchanged("motion")

    def _create(self) -> None:
        doc = self.doc
        opened = next((h for h in doc.status_history if h.new_status == MotionStatus.OPEN), None)
        motion = Motion(
            body=self.body,
            number=doc.number,
            reminded_at=doc.reminded_at,
            # the account that opened it is the one named on the opening row, if it exists here
            opened_by=self.users.get(opened.by or "") if opened else None,
            **self.facts,
            **_final(doc),
        )
        clean(motion, self.path)
        motion.save()  # INSERT in the final state: a closed motion is never updated
        _changes, history = self._history(motion, here=False)
        self._seat_list(motion, here=False)
        self._votes(motion, {}, new_allowed=True)
        self._resolution(motion, doc.resolution)
        data = {"body": self.body.name_zh, "number": doc.number, "status": doc.status}
        self.ledger.log(motion, "motion", "created", data, sealed=[*history, *self.sealed])

    def _seat_list(self, motion: Motion, *, here: bool) -> dict[str, list[Any]]:
        """The frozen seat list: written with a motion the database lacks, or added to one that has none;
        a list recorded otherwise here is a conflict (a seat list is never changed)."""
        if self.doc.seat_list is None:
            return {}
        wanted = {self.seats[seat_key(ref)].pk for ref in self.doc.seat_list}
        known = (
            set(MotionSeat.objects.filter(motion=motion).values_list("seat_id", flat=True)) if here else set()
        )
        if known == wanted:
            return {}
        if known:
            raise refuse(
                f"{self.path}.seat_list",
                _("Motion %(number)s of %(body)s has another seat list here.") % self.names,
            )
        MotionSeat.objects.bulk_create([MotionSeat(motion=motion, seat_id=pk) for pk in sorted(wanted)])
        return {"seat_list": [None, len(wanted)]} if here else {}

    def _history(
        self, motion: Motion, *, here: bool
    ) -> tuple[dict[str, list[Any]], list[MotionStatusChange]]:
        """Insert the history rows the database lacks, matched by (at, new_status); rows are never changed.
        Returns the change to report and the rows written (for the entry that seals them)."""
        known = (
            set(MotionStatusChange.objects.filter(motion=motion).values_list("at", "new_status"))
            if here
            else set()
        )
        rows = [
            self._history_row(motion, h) for h in self.doc.status_history if (h.at, h.new_status) not in known
        ]
        MotionStatusChange.objects.bulk_create(rows)
        return ({"status_history": [len(known), len(known) + len(rows)]} if here and rows else {}), rows

    @staticmethod
    def _history_row(motion: Motion, h: MotionStatusChangeDoc) -> MotionStatusChange:
        return MotionStatusChange(
            motion=motion,
            old_status=h.old_status or "",
            new_status=h.new_status,
            actor_label=h.by or "",
            at=h.at,
            comment=h.comment,
        )

    def _votes(self, motion: Motion, here: dict[int, Vote], *, new_allowed: bool) -> int:
        """Insert the votes the database lacks (write-once rows); a vote recorded otherwise is a conflict."""
        added = 0
        for v, doc in enumerate(self.doc.votes):
            path = f"{self.path}.votes[{v}]"
            seat = self.seats[seat_key(doc.seat)]
            row = here.get(seat.pk)
            if row is not None:
                if (row.choice, row.cast_at) != (doc.choice, doc.cast_at):
                    raise refuse(
                        path,
                        _("The vote of the seat held by %(holder)s differs from the one recorded here.")
                        % {"holder": seat.holder_name},
                    )
                self.ledger.unchanged("vote")
                continue
            if not new_allowed:
                raise refuse(
                    path,
                    _(
                        "Motion %(number)s of %(body)s is closed here without the vote of the seat held by %(holder)s."
                    )
                    % {**self.names, "holder": seat.holder_name},
                )
            vote = Vote(
                motion=motion,
                seat=seat,
                choice=doc.choice,
                cast_by=self.users.get(doc.cast_by or ""),
                cast_by_label=doc.cast_by or "",
                cast_at=doc.cast_at,
            )
            clean(vote, path)
            vote.save()
            added += 1
            data = {
                "body": self.body.name_zh,
                "number": motion.number,
                "seat": seat.holder_name,
                "choice": doc.choice,
            }
            self.ledger.log(vote, "vote", "created", data, sealed=[vote])
        return added

    def _resolution(self, motion: Motion, doc: ResolutionDoc | None) -> dict[str, list[Any]]:
        if doc is None:
            return {}
        resolution = Resolution.objects.filter(motion=motion).first()
        created = resolution is None
        resolution = resolution or Resolution(motion=motion)
        changes = apply(resolution, values_of(doc, RESOLUTION_FIELDS))
        if created or changes:
            clean(resolution, f"{self.path}.resolution")
            resolution.save()
        if doc.veto is not None:
            changes.update(self._veto(resolution, doc.veto))
        return (
            {f"resolution.{k}": v for k, v in changes.items()}
            if not created
            else {"resolution": [None, "created"]}
        )

    def _veto(self, resolution: Resolution, doc: VetoDoc) -> dict[str, list[Any]]:
        """A veto the database lacks is written (write-once); one recorded otherwise is a conflict."""
        seat = self.seats[seat_key(doc.seat)]
        here = Veto.objects.filter(resolution=resolution).first()
        if here is not None:
            if (here.seat_id, here.reason, here.at) != (seat.pk, doc.reason, doc.at):
                raise refuse(
                    f"{self.path}.resolution.veto",
                    _("Motion %(number)s of %(body)s was vetoed otherwise here.") % self.names,
                )
            return {}
        veto = Veto(
            resolution=resolution,
            seat=seat,
            reason=doc.reason,
            cast_by=self.users.get(doc.cast_by or ""),
            cast_by_label=doc.cast_by or "",
            at=doc.at,
        )
        clean(veto, f"{self.path}.resolution.veto")
        veto.save()
        self.sealed.append(veto)
        return {"veto": [None, seat.holder_name]}
