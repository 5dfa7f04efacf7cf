"""The procedures section of an agreement: its shape, the template's defaults and what is checked."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from itisa.agreements.content import (
    AgreementContent,
    Body,
    VoteRule,
    completeness_problems,
    content_problems,
    default_procedures,
    parse_agreement,
)
from itisa.agreements.procedures import day_lines, procedures_display, rule_line

BODIES = [
    Body(kind="decision", name_zh="理事会"),
    Body(kind="advisory", name_zh="专家委员会"),
    Body(kind="executive", name_zh="秘书处"),
]


def test_the_template_gives_every_decision_body_an_ordinary_and_an_important_rule() -> None:
    procedures = default_procedures(BODIES)
    assert [
        (v.body_zh, v.matter, v.quorum, v.threshold, v.threshold_base, v.veto_days) for v in procedures.votes
    ] == [
        ("理事会", "ordinary", "2/3", "2/3", "cast", 0),
        ("理事会", "important", "2/3", "2/3", "seats", 15),
    ]
    assert (
        procedures.notice_ordinary_days,
        procedures.notice_extraordinary_days,
        procedures.agenda_ordinary_days,
        procedures.additions_extraordinary_days,
        procedures.recall_days,
        procedures.minutes_objection_days,
        procedures.breach_cure_days,
        procedures.publication_objection_days,
        procedures.joint_owner_notice_days,
        procedures.access_request_months,
        procedures.confidentiality_years,
    ) == (45, 15, 21, 2, 15, 15, 30, 30, 45, 12, 4)


def test_an_agreement_without_procedures_stays_without() -> None:
    content, errors = parse_agreement({"title_zh": "协议"})
    assert errors == {}
    assert content is not None and content.procedures is None


def _content(procedures: dict[str, Any]) -> AgreementContent:
    content, errors = parse_agreement({"bodies": [b.model_dump() for b in BODIES], "procedures": procedures})
    assert errors == {}, errors
    assert content is not None
    return content


@pytest.mark.parametrize(
    ("name", "procedures", "problems"),
    [
        ("template is clean", default_procedures(BODIES).model_dump(mode="json"), {}),
        (
            "a rule for a body that is not a decision body",
            {"votes": [{"body_zh": "理事会"}, {"body_zh": "专家委员会"}]},
            {"procedures.votes.1.body_zh": ["专家委员会 is not a decision body of this agreement."]},
        ),
        (
            "two rules for the same matter",
            {"votes": [{"body_zh": "理事会"}, {"body_zh": "理事会", "threshold": "1/2"}]},
            {"procedures.votes.1.matter": ["Each body has one rule per kind of matter."]},
        ),
        (
            "a share above one",
            {"votes": [{"body_zh": "理事会", "quorum": "4/3"}]},
            {"procedures.votes.0.quorum": ["A share between 0 and 1, such as 1/2 or 2/3."]},
        ),
        (
            "extraordinary notice longer than ordinary",
            {"votes": [{"body_zh": "理事会"}], "notice_ordinary_days": 10, "notice_extraordinary_days": 20},
            {
                "procedures.notice_extraordinary_days": [
                    "An extraordinary meeting's notice is not longer than an ordinary one's."
                ]
            },
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_procedure_problems(name: str, procedures: dict[str, Any], problems: dict[str, list[str]]) -> None:
    assert content_problems(_content(procedures), set()) == problems


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"body_zh": "理事会", "quorum": "0.66"}, "procedures.votes.0.quorum"),
        ({"body_zh": "理事会", "threshold_base": "everyone"}, "procedures.votes.0.threshold_base"),
        ({"body_zh": "理事会", "veto_days": 400}, "procedures.votes.0.veto_days"),
        ({"body_zh": "理事会", "chair_casting_vote": "false"}, "procedures.votes.0.chair_casting_vote"),
    ],
)
def test_the_shape_is_strict(rule: dict[str, Any], field: str) -> None:
    content, errors = parse_agreement({"procedures": {"votes": [rule]}})
    assert content is None
    assert list(errors) == [field]


def test_a_draft_may_lack_a_rule_but_it_is_not_sent_for_signature_without_one() -> None:
    content = _content({"votes": [{"body_zh": "理事会", "matter": "important"}]})
    assert content_problems(content, set()) == {}
    assert completeness_problems(content, set())["procedures.votes"] == [
        "Say how 理事会 decides ordinary matters."
    ]


def test_an_agreement_is_not_sent_for_signature_without_procedures() -> None:
    content, _errors = parse_agreement({"bodies": [b.model_dump() for b in BODIES]})
    assert content is not None
    assert completeness_problems(content, set())["procedures"] == [
        "State the procedures: start from the template's and adjust them."
    ]
    assert "procedures" not in completeness_problems(_content({"votes": [{"body_zh": "理事会"}]}), set())


@pytest.mark.parametrize(
    ("language", "ordinary", "important"),
    [
        (
            "zh-hans",
            "理事会 · 一般事项：法定人数 不少于 2/3 的席位；通过 不少于 2/3 的所投票数；弃权计为出席；无决定票；不设否决期",
            "理事会 · 重大事项：法定人数 不少于 2/3 的席位；通过 不少于 2/3 的全体席位；弃权计为出席；无决定票；否决期 15 天",
        ),
        (
            "en",
            "理事会 · Ordinary matters: quorum at least 2/3 of the seats; passes with at least 2/3 of the votes cast;"
            " abstentions count as present; no casting vote; no veto",
            "理事会 · Important matters: quorum at least 2/3 of the seats; passes with at least 2/3 of all seats;"
            " abstentions count as present; no casting vote; veto within 15 days",
        ),
    ],
)
def test_the_rules_in_words(language: str, ordinary: str, important: str) -> None:
    with translation.override(language):
        display = procedures_display(default_procedures(BODIES))
        assert display is not None
        assert [line.text for line in display["rules"]] == [ordinary, important]


def test_a_casting_vote_a_bare_majority_and_abstentions_not_present_in_words() -> None:
    rule = VoteRule(
        body_zh="成员大会",
        quorum="1/2",
        quorum_comparison="more_than",
        threshold="1/2",
        threshold_comparison="more_than",
        threshold_base="present",
        abstentions_count_as_present=False,
        chair_casting_vote=True,
    )
    with translation.override("en"):
        assert rule_line(rule).text == (
            "成员大会 · Ordinary matters: quorum more than 1/2 of the seats; passes with more than 1/2 of those"
            " present; abstentions do not count as present; the chair has a casting vote; no veto"
        )


def test_the_day_counts_in_words() -> None:
    with translation.override("en"):
        assert day_lines(default_procedures(BODIES)) == [
            ("Meeting notice", "ordinary meeting 45 days, extraordinary meeting 15 days"),
            ("Agenda sent", "21 days (ordinary) or 7 days (extraordinary) before the meeting"),
            (
                "Additions to the agenda",
                "up to 14 days (ordinary) or 2 days (extraordinary) before the meeting",
            ),
            ("Meeting without quorum", "called again within 15 days"),
            ("Minutes", "draft within 10 days; accepted unless objected to within 15 days"),
            ("Breach", "cure period 30 days after notice"),
            ("Publication", "notice 45 days; objection within 30 days; delayed at most 90 days"),
            ("Joint owners", "notice 45 days"),
            ("Access requests", "up to 12 months after the project ends"),
            ("Confidentiality", "4 years"),
        ]
