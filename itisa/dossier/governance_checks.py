"""Cross-checks of the governance sections (1.2) on the raw JSON, each problem with its path.

They run also when the shape is wrong elsewhere, so every value is read defensively; a value of the
wrong type is the shape check's problem and is skipped here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.base import (
    Problem,
    json_path,
    raw_date,
    raw_datetime,
    raw_dict,
    raw_items,
    raw_str,
)
from itisa.governance import rules as r
from itisa.governance.choices import MotionStatus, VotingMethod

SECTIONS = ("bodies", "staff", "liability_designations", "applications")
FRACTIONS = ("quorum", "threshold", "extraordinary_share")

SeatKey = tuple[str, dt.date]
MeetingKey = tuple[dt.datetime, str]


def not_among(uscc: str) -> str:
    return _("The organisation %(uscc)s is not among the organisations.") % {"uscc": uscc}


def org_problem(item: dict[str, Any], key: str, usccs: set[str], loc: tuple[int | str, ...]) -> list[Problem]:
    value = item.get(key)
    if isinstance(value, str) and value not in usccs:
        return [Problem(json_path((*loc, key)), not_among(value))]
    return []


def seat_key(ref: dict[str, Any]) -> SeatKey | None:
    """(holder_name, term_start) of a seat or a seat reference; None when either is unreadable."""
    start = raw_date(ref, "term_start")
    return (raw_str(ref, "holder_name"), start) if start is not None else None


def meeting_key(ref: dict[str, Any]) -> MeetingKey | None:
    at = raw_datetime(ref, "starts_at")
    return (at, raw_str(ref, "title_zh")) if at is not None else None


def _last_status(history: list[dict[str, Any]]) -> str:
    """The ``new_status`` of the latest row (by at, then order), or "" when a timestamp is unreadable."""
    dated = [
        (at, i, raw_str(h, "new_status")) for i, h in enumerate(history) if (at := raw_datetime(h, "at"))
    ]
    return max(dated)[2] if dated and len(dated) == len(history) else ""


def status_problem(item: dict[str, Any], loc: tuple[int | str, ...]) -> list[Problem]:
    history = [h for _i, h in raw_items(item, "status_history")]
    last = _last_status(history)
    status = raw_str(item, "status")
    if history and last and status and last != status:
        return [
            Problem(
                json_path((*loc, "status")),
                _("The status differs from the last status change (%(status)s).") % {"status": last},
            )
        ]
    return []


def _rules(rule_set: dict[str, Any]) -> r.Rules | None:
    """The pure rules of a raw rule version, or None when a part is unreadable."""
    shares = []
    for name in FRACTIONS:
        share = raw_dict(rule_set, name)
        numerator, denominator = share.get("numerator"), share.get("denominator")
        if not isinstance(numerator, int) or not isinstance(denominator, int) or denominator < 1:
            return None
        shares.append(Fraction(numerator, denominator))
    abstentions = rule_set.get("abstentions_count_as_present")
    return r.Rules(
        quorum=shares[0],
        quorum_comparison=raw_str(rule_set, "quorum_comparison"),
        threshold=shares[1],
        threshold_comparison=raw_str(rule_set, "threshold_comparison"),
        threshold_base=raw_str(rule_set, "threshold_base"),
        abstentions_count_as_present=abstentions if isinstance(abstentions, bool) else True,
        extraordinary_share=shares[2],
    )


class _BodyCheck:
    """The checks inside one body: its rule versions, seats, meetings and motions."""

    def __init__(self, i: int, body: dict[str, Any], usccs: set[str]) -> None:
        self.loc: tuple[int | str, ...] = ("bodies", i)
        self.body = body
        self.name = raw_str(body, "name_zh")
        self.usccs = usccs
        self.problems: list[Problem] = []
        self.rules: dict[int, r.Rules | None] = {}
        self.seats: set[SeatKey] = set()
        self.chairs: set[SeatKey] = set()
        self.meetings: set[MeetingKey] = set()

    def run(self) -> list[Problem]:
        self._rule_sets()
        self._seats()
        self._meetings()
        self._motions()
        return self.problems

    def _add(self, loc: tuple[int | str, ...], message: str) -> None:
        self.problems.append(Problem(json_path((*self.loc, *loc)), message))

    def _rule_sets(self) -> None:
        for j, rule_set in raw_items(self.body, "rule_sets"):
            version = rule_set.get("version")
            if isinstance(version, int):
                if version in self.rules:
                    self._add(
                        ("rule_sets", j, "version"),
                        _("Version %(version)s of the rules appears twice.") % {"version": version},
                    )
                self.rules[version] = _rules(rule_set)
            for name in FRACTIONS:
                share = raw_dict(rule_set, name)
                numerator, denominator = share.get("numerator"), share.get("denominator")
                if (
                    isinstance(numerator, int)
                    and isinstance(denominator, int)
                    and 0 < denominator < numerator
                ):
                    self._add(
                        ("rule_sets", j, name),
                        _("A share between 0 and 1: the numerator cannot exceed the denominator."),
                    )

    def _seats(self) -> None:
        for j, seat in raw_items(self.body, "seats"):
            key = seat_key(seat)
            if key is not None:
                if key in self.seats:
                    self._add(
                        ("seats", j),
                        _("Two seats are held by %(holder)s from %(date)s.")
                        % {"holder": key[0], "date": key[1].isoformat()},
                    )
                self.seats.add(key)
                if seat.get("role") == "chair":
                    self.chairs.add(key)
            self.problems += org_problem(seat, "organisation", self.usccs, (*self.loc, "seats", j))
            end = raw_date(seat, "term_end")
            if key is not None and end is not None and end < key[1]:
                self._add(("seats", j, "term_end"), _("The term ends before it starts."))

    def _seat_ref(self, ref: Any, loc: tuple[int | str, ...]) -> SeatKey | None:
        """The key of a seat reference, with a problem when no seat of the body has it."""
        key = seat_key(ref) if isinstance(ref, dict) else None
        if key is not None and key not in self.seats:
            self._add(
                loc,
                _("No seat of %(body)s is held by %(holder)s from %(date)s.")
                % {"body": self.name, "holder": key[0], "date": key[1].isoformat()},
            )
            return None
        return key

    def _seat_refs(
        self, refs: list[tuple[int, dict[str, Any]]], loc: tuple[int | str, ...], field: str
    ) -> None:
        seen: set[SeatKey] = set()
        for a, item in refs:
            here = (*loc, a, field) if field else (*loc, a)
            key = self._seat_ref(item.get(field) if field else item, here)
            if key is not None and key in seen:
                self._add(here, _("The seat held by %(holder)s is listed twice.") % {"holder": key[0]})
            if key is not None:
                seen.add(key)

    def _meetings(self) -> None:
        for k, meeting in raw_items(self.body, "meetings"):
            key = meeting_key(meeting)
            if key is not None:
                if key in self.meetings:
                    self._add(
                        ("meetings", k),
                        _("The meeting %(title)s at %(at)s appears twice.")
                        % {"title": key[1], "at": key[0].isoformat()},
                    )
                self.meetings.add(key)
            ends = raw_datetime(meeting, "ends_at")
            if key is not None and ends is not None and ends <= key[0]:
                self._add(("meetings", k, "ends_at"), _("The meeting must end after it starts."))
            self._seat_refs(raw_items(meeting, "requested_by"), ("meetings", k, "requested_by"), "")
            self._seat_refs(raw_items(meeting, "attendance"), ("meetings", k, "attendance"), "seat")

    def _motions(self) -> None:
        numbers: set[int] = set()
        for k, motion in raw_items(self.body, "motions"):
            number = motion.get("number")
            if isinstance(number, int):
                if number in numbers:
                    self._add(
                        ("motions", k, "number"), _("Motion %(number)s appears twice.") % {"number": number}
                    )
                numbers.add(number)
            self._motion(("motions", k), motion)

    def _motion(self, loc: tuple[int | str, ...], motion: dict[str, Any]) -> None:
        status = raw_str(motion, "status")
        meeting = motion.get("meeting")
        if isinstance(meeting, dict):
            key = meeting_key(meeting)
            if key is not None and key not in self.meetings:
                self._add(
                    (*loc, "meeting"),
                    _("No meeting of %(body)s named %(title)s starts at %(at)s.")
                    % {"body": self.name, "title": key[1], "at": key[0].isoformat()},
                )
        elif meeting is None and raw_str(motion, "method") == VotingMethod.MEETING:
            self._add((*loc, "meeting"), _("A motion voted in a meeting names its meeting."))
        version = motion.get("rules_version")
        if isinstance(version, int) and version not in self.rules:
            self._add(
                (*loc, "rules_version"),
                _("%(body)s has no rule version %(version)s.") % {"body": self.name, "version": version},
            )
        tally = motion.get("tally")
        if status == MotionStatus.CLOSED and (not isinstance(tally, dict) or not isinstance(version, int)):
            self._add((*loc, "tally"), _("A closed motion carries its tally and the rule version used."))
        if status in (MotionStatus.OPEN, MotionStatus.WITHDRAWN) and tally is not None:
            self._add((*loc, "tally"), _("Only a closed motion carries a tally."))
        listed = motion.get("seat_list")
        if isinstance(listed, list):
            self._seat_refs(raw_items(motion, "seat_list"), (*loc, "seat_list"), "")
        counts, chair = self._votes(loc, motion)
        if status == MotionStatus.WITHDRAWN and counts.total():
            self._add((*loc, "votes"), _("A withdrawn motion has no votes."))
        if status == MotionStatus.CLOSED and isinstance(tally, dict):
            self._tally(
                loc,
                tally,
                counts,
                self.rules.get(version) if isinstance(version, int) else None,
                version,
                chair,
            )
        resolution = motion.get("resolution")
        if resolution is not None and not (
            status == MotionStatus.CLOSED and raw_dict(motion, "tally").get("passed")
        ):
            self._add((*loc, "resolution"), _("Only a passed motion has a resolution."))
        self.problems += status_problem(motion, (*self.loc, *loc))

    def _votes(self, loc: tuple[int | str, ...], motion: dict[str, Any]) -> tuple[Counter[str], str | None]:
        """The votes counted by choice, and the chair seat's own vote (for a casting vote on a tie)."""
        counts: Counter[str] = Counter()
        chair: str | None = None
        seen: set[SeatKey] = set()
        listed = {seat_key(ref) for _i, ref in raw_items(motion, "seat_list")}
        for v, vote in raw_items(motion, "votes"):
            here = (*loc, "votes", v, "seat")
            key = self._seat_ref(vote.get("seat"), here)
            if key is not None and key in seen:
                self._add(
                    here,
                    _("A second vote of the seat held by %(holder)s from %(date)s.")
                    % {"holder": key[0], "date": key[1].isoformat()},
                )
            if key is not None:
                seen.add(key)
                if listed and key not in listed:
                    self._add(
                        here,
                        _("The seat held by %(holder)s is not on the motion's seat list.")
                        % {"holder": key[0]},
                    )
                if key in self.chairs and chair is None:
                    chair = raw_str(vote, "choice")
            counts[raw_str(vote, "choice")] += 1
        return counts, chair

    def _tally(
        self,
        loc: tuple[int | str, ...],
        tally: dict[str, Any],
        counts: Counter[str],
        rules: r.Rules | None,
        version: Any,
        chair: str | None = None,
    ) -> None:
        numbers: dict[str, int] = {
            n: value
            for n in ("seats", "yes", "no", "abstain")
            if isinstance(value := tally.get(n), int) and not isinstance(value, bool) and value >= 0
        }
        if len(numbers) != 4:
            return
        if (numbers["yes"], numbers["no"], numbers["abstain"]) != (
            counts["yes"],
            counts["no"],
            counts["abstain"],
        ):
            self._add(
                (*loc, "tally"),
                _(
                    "The tally (yes %(yes)s, no %(no)s, abstain %(abstain)s) does not match the votes "
                    "(yes %(votes_yes)s, no %(votes_no)s, abstain %(votes_abstain)s)."
                )
                % {
                    **numbers,
                    "votes_yes": counts["yes"],
                    "votes_no": counts["no"],
                    "votes_abstain": counts["abstain"],
                },
            )
            return
        try:
            count = r.Tally(numbers["seats"], numbers["yes"], numbers["no"], numbers["abstain"])
        except ValueError:
            self._add((*loc, "tally", "seats"), _("More votes than seats."))
            return
        attending = tally.get("attending")
        if isinstance(attending, int) and not isinstance(attending, bool):
            try:
                count = r.Tally(count.seats, count.yes, count.no, count.abstain, attending=attending)
            except ValueError:
                self._add(
                    (*loc, "tally", "attending"),
                    _("The seats attending are at least those that voted and at most all seats."),
                )
                return
        if chair in ("yes", "no", "abstain"):
            count = r.Tally(count.seats, count.yes, count.no, count.abstain, count.attending, chair)
        if rules is None:
            return
        outcome = r.decide(rules, count)
        stored = (tally.get("present"), tally.get("quorum_met"), tally.get("passed"), tally.get("outcome"))
        if stored != (outcome.present, outcome.quorum_met, outcome.passed, outcome.reason):
            self._add(
                (*loc, "tally"),
                _(
                    "The outcome does not follow from the votes under rule version %(version)s: "
                    "expected %(outcome)s with %(present)s present."
                )
                % {"version": version, "outcome": outcome.reason, "present": outcome.present},
            )


def _version_problems(data: dict[str, Any]) -> list[Problem]:
    if data.get("version") not in ("1.0", "1.1"):
        return []
    return [
        Problem(json_path((section,)), _("Governance and applications are carried from version 1.2 on."))
        for section in SECTIONS
        if section in data
    ]


def duplicates(
    data: dict[str, Any], section: str, key: Any, message: str, usccs: set[str], org_field: str
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[Any] = set()
    for i, item in raw_items(data, section):
        problems += org_problem(item, org_field, usccs, (section, i))
        k = key(item)
        if k is None:
            continue
        if k in seen:
            problems.append(Problem(json_path((section, i)), message))
        seen.add(k)
    return problems


def governance_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Bodies (names unique; references to seats, meetings and rule versions resolve; closed motions'
    tallies match their votes and their rules), the staff register and the liability designations."""
    problems = _version_problems(data)
    names: set[str] = set()
    for i, body in raw_items(data, "bodies"):
        name = raw_str(body, "name_zh")
        if name in names:
            problems.append(
                Problem(
                    json_path(("bodies", i, "name_zh")),
                    _("The body %(name)s appears twice.") % {"name": name},
                )
            )
        names.add(name)
        problems += _BodyCheck(i, body, usccs).run()
    problems += duplicates(
        data,
        "staff",
        lambda s: (raw_str(s, "name"), raw_date(s, "since")) if raw_date(s, "since") else None,
        _("The same person appears twice on the staff register from the same day."),
        usccs,
        "employer",
    )
    for i, staff in raw_items(data, "staff"):
        since, until = raw_date(staff, "since"), raw_date(staff, "until")
        if since and until and until < since:
            problems.append(
                Problem(json_path(("staff", i, "until")), _("The leaving date is before the start."))
            )
    problems += duplicates(
        data,
        "liability_designations",
        lambda d: (raw_str(d, "organisation"), raw_date(d, "since")) if raw_date(d, "since") else None,
        _("The same designation appears twice."),
        usccs,
        "organisation",
    )
    return problems
