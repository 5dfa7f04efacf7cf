"""Importing the governance record of a dossier: bodies, rule versions, seats, meetings (with the
seats that requested them and those present), motions (``import_motions``), the staff register and
the liability designations.

Rows are written directly (with ``full_clean``), not through the governance services, which check a
user's permission, stamp "now" and send notices, while an import keeps the dossier's own facts.
Matching is by natural keys: a body by its Chinese name, a rule version by number, a seat by (holder,
term start), a meeting by (start, title), a staff member by (name, since), a designation by
(organisation, since). What exists here and says the same is unchanged. A rule version is never
edited: one that differs refuses the whole import. A meeting that is no longer scheduled here and
stands otherwise in the dossier means the dossier is older than the record: refused too.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.governance_schemas import BodyDoc, MeetingDoc, RuleSetDoc, SeatDoc
from itisa.dossier.schemas import DossierDoc
from itisa.dossier.services._fields import (
    BODY_FIELDS,
    FRACTION_COLUMNS,
    MEETING_FIELDS,
    RULE_SET_FIELDS,
    SEAT_FIELDS,
    STAFF_FIELDS,
)
from itisa.dossier.services._support import Ledger, apply, clean, refuse, users_named, values_of
from itisa.dossier.services.import_motions import MeetingKey, MotionImport, SeatKey, seat_key
from itisa.governance.choices import MeetingStatus
from itisa.governance.models import (
    Attendance,
    Body,
    LiabilityDesignation,
    Meeting,
    Motion,
    RuleSet,
    Seat,
    StaffMember,
)
from itisa.registry.models import Alliance, Organisation


def _rule_values(doc: RuleSetDoc) -> dict[str, Any]:
    values = values_of(doc, RULE_SET_FIELDS)
    for name, column in FRACTION_COLUMNS.items():
        share = getattr(doc, name)
        values[f"{column}_numerator"] = share.numerator
        values[f"{column}_denominator"] = share.denominator
    return values


class _Governance:
    def __init__(self, ledger: Ledger, alliance: Alliance, doc: DossierDoc, orgs: dict[str, Organisation]):
        self.ledger = ledger
        self.alliance = alliance
        self.doc = doc
        self.orgs = orgs
        names = {v.cast_by or "" for b in doc.bodies for m in b.motions for v in m.votes}
        names |= {h.by or "" for b in doc.bodies for m in b.motions for h in m.status_history}
        names |= {
            m.resolution.veto.cast_by or ""
            for b in doc.bodies
            for m in b.motions
            if m.resolution is not None and m.resolution.veto is not None
        }
        self.users = users_named(names)

    def run(self) -> None:
        here = {b.name_zh: b for b in Body.objects.select_for_update().filter(alliance=self.alliance)}
        for i, doc in enumerate(self.doc.bodies):
            self._body(f"$.bodies[{i}]", doc, here.get(doc.name_zh))
        self._staff()
        self._liability()

    # ------------------------------------------------------------ bodies

    def _body(self, path: str, doc: BodyDoc, body: Body | None) -> None:
        created = body is None
        body = body or Body(alliance=self.alliance, name_zh=doc.name_zh)
        changes = apply(body, values_of(doc, BODY_FIELDS))
        if created or changes:
            clean(body, path)
            body.save()
            self.ledger.log(
                body, "body", "created" if created else "updated", {"body": body.name_zh, "changes": changes}
            )
        else:
            self.ledger.unchanged("body")
        rules = self._rule_sets(path, body, doc.rule_sets)
        seats = self._seats(path, body, doc.seats)
        meetings = self._meetings(path, body, doc.meetings, seats)
        here = {
            m.number: m
            for m in Motion.objects.select_for_update(of=("self",))
            .select_related("meeting", "rules")
            .filter(body=body)
        }
        for k, motion in enumerate(doc.motions):
            MotionImport(
                self.ledger, self.users, f"{path}.motions[{k}]", body, motion, rules, seats, meetings
            ).run(here.get(motion.number))

    def _rule_sets(self, path: str, body: Body, docs: list[RuleSetDoc]) -> dict[int, RuleSet]:
        here = {rs.version: rs for rs in RuleSet.objects.filter(body=body)}
        for j, doc in enumerate(docs):
            values = _rule_values(doc)
            rs = here.get(doc.version)
            if rs is None:
                rs = RuleSet(body=body, version=doc.version, **values)
                clean(rs, f"{path}.rule_sets[{j}]")
                rs.save()
                here[doc.version] = rs
                self.ledger.log(rs, "rule_set", "created", {"body": body.name_zh, "version": doc.version})
            elif any(getattr(rs, name) != value for name, value in values.items()):
                raise refuse(
                    f"{path}.rule_sets[{j}]",
                    _("Version %(version)s of the rules of %(body)s exists here with other values.")
                    % {"version": doc.version, "body": body.name_zh},
                )
            else:
                self.ledger.unchanged("rule_set")
        return here

    def _seats(self, path: str, body: Body, docs: list[SeatDoc]) -> dict[SeatKey, Seat]:
        here = {
            (s.holder_name, s.term_start): s
            for s in Seat.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(body=body)
        }
        seats: dict[SeatKey, Seat] = {}
        for j, doc in enumerate(docs):
            seat = here.get(seat_key(doc))
            created = seat is None
            seat = seat or Seat(body=body, holder_name=doc.holder_name, term_start=doc.term_start)
            values = values_of(doc, SEAT_FIELDS)
            values["organisation"] = self.orgs[doc.organisation] if doc.organisation else None
            changes = apply(seat, values)
            if created or changes:
                clean(seat, f"{path}.seats[{j}]")
                seat.save()
                data = {
                    "body": body.name_zh,
                    "holder": seat.holder_name,
                    "term_start": doc.term_start.isoformat(),
                }
                self.ledger.log(
                    seat, "seat", "created" if created else "updated", {**data, "changes": changes}
                )
            else:
                self.ledger.unchanged("seat")
            seats[seat_key(doc)] = seat
        return seats

    def _meetings(
        self, path: str, body: Body, docs: list[MeetingDoc], seats: dict[SeatKey, Seat]
    ) -> dict[MeetingKey, Meeting]:
        here = {(m.starts_at, m.title_zh): m for m in Meeting.objects.select_for_update().filter(body=body)}
        meetings: dict[MeetingKey, Meeting] = {}
        for k, doc in enumerate(docs):
            mpath = f"{path}.meetings[{k}]"
            meeting = here.get((doc.starts_at, doc.title_zh))
            created = meeting is None
            if (
                meeting is not None
                and meeting.status != MeetingStatus.SCHEDULED
                and meeting.status != doc.status
            ):
                raise refuse(
                    f"{mpath}.status",
                    _(
                        "The dossier is older than the record here or conflicts with it: "
                        "the meeting %(title)s is %(status)s here."
                    )
                    % {"title": meeting.title_zh, "status": meeting.status},
                )
            meeting = meeting or Meeting(body=body, title_zh=doc.title_zh, starts_at=doc.starts_at)
            changes = apply(meeting, values_of(doc, MEETING_FIELDS))
            if created or changes:
                clean(meeting, mpath)
                meeting.save()
            changes.update(self._attendance(meeting, doc, seats, created))
            if created or changes:
                data = {"body": body.name_zh, "meeting": doc.title_zh, "starts_at": doc.starts_at.isoformat()}
                self.ledger.log(
                    meeting, "meeting", "created" if created else "updated", {**data, "changes": changes}
                )
            else:
                self.ledger.unchanged("meeting")
            meetings[(doc.starts_at, doc.title_zh)] = meeting
        return meetings

    def _attendance(
        self, meeting: Meeting, doc: MeetingDoc, seats: dict[SeatKey, Seat], created: bool
    ) -> dict[str, list[Any]]:
        """Seats that requested the meeting and seats present: added where missing, a proxy's name set."""
        changes: dict[str, list[Any]] = {}
        requested = {seats[seat_key(ref)] for ref in doc.requested_by}
        missing = requested - (set() if created else set(meeting.requested_by.all()))
        if missing:
            meeting.requested_by.add(*missing)
            changes["requested_by"] = [None, sorted(s.holder_name for s in missing)]
        present = {} if created else {a.seat_id: a for a in Attendance.objects.filter(meeting=meeting)}
        added = []
        for item in doc.attendance:
            seat = seats[seat_key(item.seat)]
            row = present.get(seat.pk)
            if row is None:
                added.append(Attendance(meeting=meeting, seat=seat, proxy_name=item.proxy_name))
            elif row.proxy_name != item.proxy_name:
                changes[f"attendance.{seat.holder_name}"] = [row.proxy_name, item.proxy_name]
                row.proxy_name = item.proxy_name
                row.save(update_fields=["proxy_name"])
        if added:
            Attendance.objects.bulk_create(added)
            changes["attendance"] = [None, sorted(a.seat.holder_name for a in added)]
        return changes

    # ------------------------------------------------------------ staff and liability

    def _staff(self) -> None:
        here = {
            (s.name, s.since): s
            for s in StaffMember.objects.select_for_update().filter(alliance=self.alliance)
        }
        for i, doc in enumerate(self.doc.staff):
            staff = here.get((doc.name, doc.since))
            created = staff is None
            staff = staff or StaffMember(alliance=self.alliance, name=doc.name, since=doc.since)
            values = values_of(doc, STAFF_FIELDS)
            values["employer"] = self.orgs[doc.employer] if doc.employer else None
            changes = apply(staff, values)
            if not (created or changes):
                self.ledger.unchanged("staff")
                continue
            clean(staff, f"$.staff[{i}]")
            staff.save()
            data = {"name": doc.name, "since": doc.since.isoformat(), "changes": changes}
            self.ledger.log(staff, "staff", "created" if created else "updated", data)

    def _liability(self) -> None:
        here = set(
            LiabilityDesignation.objects.filter(alliance=self.alliance).values_list(
                "organisation__uscc", "since"
            )
        )
        for i, doc in enumerate(self.doc.liability_designations):
            if (doc.organisation, doc.since) in here:
                self.ledger.unchanged("liability")
                continue
            row = LiabilityDesignation(
                alliance=self.alliance, organisation=self.orgs[doc.organisation], since=doc.since
            )
            clean(row, f"$.liability_designations[{i}]")
            row.save()
            data = {"organisation": doc.organisation, "since": doc.since.isoformat()}
            self.ledger.log(row, "liability", "created", data)


def import_governance(
    ledger: Ledger, *, alliance: Alliance, doc: DossierDoc, orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's governance record for ``alliance`` (the caller holds the transaction)."""
    _Governance(ledger, alliance, doc, orgs).run()
