"""The agreement's procedures in words: one line per body and matter, and the day counts.

The version page, the PDF (in Chinese) and the governance page show the same sentences, e.g.
"理事会 · 一般事项：法定人数 不少于 2/3 的席位；通过 不少于 2/3 的所投票数；弃权计入出席；无决定票；不设否决期".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pydantic import ValidationError

from itisa.agreements.choices import Matter
from itisa.agreements.content import Procedures, VoteRule


@dataclass(frozen=True)
class RuleLine:
    """One body's rule for one kind of matter, in words."""

    body: str
    matter: str
    quorum: str
    threshold: str
    abstentions: str
    casting_vote: str
    veto: str

    @property
    def text(self) -> str:
        parts = [self.quorum, self.threshold, self.abstentions, self.casting_vote, self.veto]
        return _("%(body)s · %(matter)s: %(rule)s") % {
            "body": self.body,
            "matter": self.matter,
            "rule": pgettext("list separator", "; ").join(parts),
        }


def matter_label(matter: str) -> str:
    labels: dict[str, str] = {
        Matter.ORDINARY: pgettext("matter", "Ordinary matters"),
        Matter.IMPORTANT: pgettext("matter", "Important matters"),
    }
    return labels.get(matter, matter)


def _comparison(value: str) -> str:
    return pgettext("share", "more than") if value == "more_than" else pgettext("share", "at least")


def _base(value: str) -> str:
    return {
        "seats": pgettext("share", "of all seats"),
        "present": pgettext("share", "of those present"),
        "cast": pgettext("share", "of the votes cast"),
    }[value]


def rule_line(rule: VoteRule) -> RuleLine:
    """A vote rule in words (in the active language)."""
    return RuleLine(
        body=rule.body_zh,
        matter=matter_label(rule.matter),
        quorum=_("quorum %(comparison)s %(share)s %(base)s")
        % {
            "comparison": _comparison(rule.quorum_comparison),
            "share": rule.quorum,
            "base": pgettext("share", "of the seats"),
        },
        threshold=_("passes with %(comparison)s %(share)s %(base)s")
        % {
            "comparison": _comparison(rule.threshold_comparison),
            "share": rule.threshold,
            "base": _base(rule.threshold_base),
        },
        abstentions=(
            _("abstentions count as present")
            if rule.abstentions_count_as_present
            else _("abstentions do not count as present")
        ),
        casting_vote=_("the chair has a casting vote") if rule.chair_casting_vote else _("no casting vote"),
        veto=(_("veto within %(days)s days") % {"days": rule.veto_days} if rule.veto_days else _("no veto")),
    )


def day_lines(p: Procedures) -> list[tuple[str, str]]:
    """The day counts of the procedures, as (what, how long) pairs in clause order."""
    return [
        (
            _("Meeting notice"),
            _("ordinary meeting %(ordinary)s days, extraordinary meeting %(extraordinary)s days")
            % {"ordinary": p.notice_ordinary_days, "extraordinary": p.notice_extraordinary_days},
        ),
        (
            _("Agenda sent"),
            _("%(ordinary)s days (ordinary) or %(extraordinary)s days (extraordinary) before the meeting")
            % {"ordinary": p.agenda_ordinary_days, "extraordinary": p.agenda_extraordinary_days},
        ),
        (
            _("Additions to the agenda"),
            _(
                "up to %(ordinary)s days (ordinary) or %(extraordinary)s days (extraordinary) before the meeting"
            )
            % {"ordinary": p.additions_ordinary_days, "extraordinary": p.additions_extraordinary_days},
        ),
        (
            _("Meeting without quorum"),
            _("called again within %(days)s days") % {"days": p.recall_days},
        ),
        (
            _("Minutes"),
            _("draft within %(draft)s days; accepted unless objected to within %(objection)s days")
            % {"draft": p.minutes_draft_days, "objection": p.minutes_objection_days},
        ),
        (_("Breach"), _("cure period %(days)s days after notice") % {"days": p.breach_cure_days}),
        (
            _("Publication"),
            _("notice %(notice)s days; objection within %(objection)s days; delayed at most %(delay)s days")
            % {
                "notice": p.publication_notice_days,
                "objection": p.publication_objection_days,
                "delay": p.publication_delay_max_days,
            },
        ),
        (_("Joint owners"), _("notice %(days)s days") % {"days": p.joint_owner_notice_days}),
        (
            _("Access requests"),
            _("up to %(months)s months after the project ends") % {"months": p.access_request_months},
        ),
        (_("Confidentiality"), _("%(years)s years") % {"years": p.confidentiality_years}),
    ]


def procedures_display(procedures: Procedures | None) -> dict[str, Any] | None:
    """What the pages show of the procedures, or None for an agreement that states none."""
    if procedures is None:
        return None
    return {"rules": [rule_line(v) for v in procedures.votes], "days": day_lines(procedures)}


def procedures_of(content: dict[str, Any] | None) -> Procedures | None:
    """The procedures stated in a version's stored content (None in agreements made before they were)."""
    raw = (content or {}).get("procedures")
    if raw is None:
        return None
    try:
        return Procedures.model_validate(raw)
    except ValidationError:  # stored content was validated when saved; an unreadable one states nothing
        return None
