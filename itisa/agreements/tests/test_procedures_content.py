"""The procedures section of an agreement: its shape, the template's defaults and what is checked."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.agreements.content import (
    AgreementContent,
    Body,
    content_problems,
    default_procedures,
    parse_agreement,
)

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
            "a decision body without an ordinary rule",
            {"votes": [{"body_zh": "理事会", "matter": "important"}]},
            {"procedures.votes": ["Say how 理事会 decides ordinary matters."]},
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
