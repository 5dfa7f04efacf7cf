"""The dated parameters of Article 8: the value in force on a day, the reference of each, and criteria that
follow a value when it changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from itisa.pilots.eligibility import RULE_SETS, NotInForce, evaluate
from itisa.pilots.eligibility import criteria as criteria_module
from itisa.pilots.eligibility.article8 import ARTICLE_8
from itisa.pilots.eligibility.parameters import (
    PARAMETERS,
    Parameter,
    Reference,
    codes,
    load,
    number,
    parameter,
)
from itisa.pilots.tests.test_eligibility import COMPLETE

ART8 = "国科发政〔2008〕770号"
SIGNED = dt.date(2008, 12, 30)  # 国科发政〔2008〕770号, 二〇〇八年十二月三十日
NETWORK_2016 = dt.date(2016, 7, 5)  # 协同发展网《网员基本条件》, 2016年7月5日


@pytest.mark.parametrize(
    ("name", "on", "value"),
    [
        ("art8.1.min_members", SIGNED, 2),
        ("art8.1.min_members", dt.date(2026, 11, 28), 2),
        ("art8.1.enterprise_kinds", SIGNED, ("enterprise",)),
        ("art8.1.research_kinds", SIGNED, ("university", "research_institute")),
        ("art8.3.body_kinds", SIGNED, ("decision", "advisory", "executive")),
        ("art8.3.min_full_time_staff", SIGNED, 1),
        ("operation.min_days", NETWORK_2016, 365),
        ("operation.min_days", dt.date(2026, 11, 28), 365),
    ],
    ids=[
        "members on the day signed",
        "members today",
        "enterprise kinds",
        "research kinds",
        "body kinds",
        "full-time staff",
        "a year of operation on the day published",
        "a year of operation today",
    ],
)
def test_the_value_in_force_on_a_day(name: str, on: dt.date, value: Any) -> None:
    assert parameter(name, on=on) == value


@pytest.mark.parametrize(
    ("name", "on", "first"),
    [
        ("art8.1.min_members", SIGNED - dt.timedelta(days=1), "2008-12-30"),
        ("art8.3.body_kinds", dt.date(2007, 6, 10), "2008-12-30"),
        ("operation.min_days", NETWORK_2016 - dt.timedelta(days=1), "2016-07-05"),
    ],
    ids=[
        "the day before 770 was signed",
        "the founding alliances' day",
        "the day before the 2016 conditions",
    ],
)
def test_a_day_before_the_first_value_is_a_clear_error(name: str, on: dt.date, first: str) -> None:
    with pytest.raises(
        NotInForce, match=rf"{name} has no value on {on.isoformat()}: .* in force from {first}"
    ):
        parameter(name, on=on)


CHANGED = Parameter(
    "test.threshold",
    "测试",
    "A test threshold",
    "members",
    ((SIGNED, 2), (dt.date(2020, 1, 1), 3)),
    Reference(ART8, "第八条第（一）项", "多个独立法人"),
)


@pytest.mark.parametrize(
    ("on", "value"),
    [
        (SIGNED, 2),
        (dt.date(2019, 12, 31), 2),
        (dt.date(2020, 1, 1), 3),
        (dt.date(2030, 1, 1), 3),
    ],
    ids=["first day of the first value", "the day before the change", "the day of the change", "after"],
)
def test_a_later_value_takes_over_on_its_date(on: dt.date, value: int) -> None:
    assert CHANGED.on(on) == value


def test_the_loader_sorts_dated_values_and_refuses_a_value_of_another_type(tmp_path: Path) -> None:
    entry = {
        "description_zh": "测试",
        "description_en": "A test",
        "unit": "members",
        "values": {"2020-01-01": 3, "2008-12-30": 2},
        "reference": {"document": ART8, "article": "第八条第（一）项", "quote": "多个独立法人"},
    }
    path = tmp_path / "parameters.json"
    path.write_text(json.dumps({"t": entry}), encoding="utf-8")
    assert load(path)["t"].values == ((SIGNED, 2), (dt.date(2020, 1, 1), 3))
    path.write_text(json.dumps({"t": {**entry, "values": {"2008-12-30": True}}}), encoding="utf-8")
    with pytest.raises(TypeError, match="whole number or a list of codes"):
        load(path)


def test_typed_readers_refuse_the_other_type_and_unknown_names() -> None:
    assert number("art8.1.min_members", on=SIGNED) == 2
    assert codes("art8.3.body_kinds", on=SIGNED) == frozenset({"decision", "advisory", "executive"})
    with pytest.raises(TypeError, match="not a number"):
        number("art8.3.body_kinds", on=SIGNED)
    with pytest.raises(TypeError, match="not a list of codes"):
        codes("art8.1.min_members", on=SIGNED)
    with pytest.raises(KeyError):
        parameter("art8.9.nothing", on=SIGNED)


@pytest.mark.parametrize("p", PARAMETERS.values(), ids=PARAMETERS.keys())
def test_every_parameter_is_described_referenced_and_read_by_a_criterion(p: Parameter) -> None:
    assert p.description_zh and p.description_en and p.unit and p.values
    assert f'"{p.name}"' in inspect.getsource(criteria_module), f"{p.name} is read by no criterion"
    if p.reference.document == ART8:
        n = p.reference.article.removeprefix("第八条第（").removesuffix("）项")
        assert p.reference.quote in ARTICLE_8[n], f"{p.name}: not the words of clause ({n})"
        assert p.values[0][0] == SIGNED
    else:  # the 2016 addition: a named source that is not a government document, and says so
        assert p.name == "operation.min_days"
        assert p.reference.document == criteria_module.SOURCE_2016
        assert "Not a government document" in p.reference.note_en
        assert "shared/policy" in p.reference.note_en
        assert p.values[0][0] == NETWORK_2016


@pytest.mark.parametrize("rules", RULE_SETS)
def test_a_rule_set_answers_from_its_date_and_refuses_the_day_before(rules: str) -> None:
    dated = RULE_SETS[rules].dated
    report = evaluate(
        dataclasses.replace(COMPLETE, as_of=dated, founded_on=dt.date(2004, 10, 12)), rules=rules
    )
    assert report.eligible is True
    with pytest.raises(NotInForce, match=rf"The {rules} rules are in force from {dated.isoformat()}"):
        evaluate(dataclasses.replace(COMPLETE, as_of=dated - dt.timedelta(days=1)), rules=rules)


def _staff_from_2027(monkeypatch: pytest.MonkeyPatch) -> None:
    old = PARAMETERS["art8.3.min_full_time_staff"]
    later = dataclasses.replace(old, values=(*old.values, (dt.date(2027, 1, 1), 2)))
    monkeypatch.setitem(PARAMETERS, "art8.3.min_full_time_staff", later)


def test_a_criterion_follows_a_later_dated_value(monkeypatch: pytest.MonkeyPatch) -> None:
    _staff_from_2027(monkeypatch)
    one = dataclasses.replace(COMPLETE, full_time_staff=1)
    staff = {
        on: next(r for r in evaluate(dataclasses.replace(one, as_of=on)).results if r.code == "art8.3.staff")
        for on in (dt.date(2026, 12, 31), dt.date(2027, 1, 1))
    }
    assert staff[dt.date(2026, 12, 31)].result == "pass"
    assert (staff[dt.date(2027, 1, 1)].result, staff[dt.date(2027, 1, 1)].reason_en) == (
        "fail",
        "The executive body has fewer than 2 full-time staff.",
    )
    assert evaluate(dataclasses.replace(one, as_of=dt.date(2027, 1, 1), full_time_staff=2)).eligible is True


def test_the_legal_persons_reason_names_the_threshold_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    old = PARAMETERS["art8.1.min_members"]
    monkeypatch.setitem(PARAMETERS, old.name, dataclasses.replace(old, values=((SIGNED, 3),)))
    result = evaluate(COMPLETE).results[0]
    assert (result.code, result.result, result.reason_zh, result.reason_en) == (
        "art8.1.legal_persons",
        "fail",
        "成员少于三个独立法人。",
        "Fewer than three independent legal persons.",
    )


def test_the_command_refuses_a_day_before_the_rules(capsys: Any) -> None:
    from itisa.pilots.tests.test_eligibility_cases import CASES

    dossier = str(CASES / "csa.dossier.json")
    with pytest.raises(CommandError, match=r"The 2016 rules are in force from 2016-07-05, not on 2016-07-04"):
        call_command("eligibility", "check", "--dossier", dossier, "--rules", "2016", "--as-of", "2016-07-04")
    # commands speak the platform's language
    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("eligibility", "check", "--dossier", dossier, "--rules", "2016", "--as-of", "2016-07-04")
    assert str(refused.value) == "2016 版规则自 2016-07-05 起施行，2016-07-04 尚未施行。"


@pytest.mark.django_db
def test_the_survey_ignores_a_day_before_the_rules_as_it_ignores_a_day_that_does_not_parse(
    world: Any, client: Any
) -> None:
    client.force_login(world.user("national_officer"))
    today = client.get("/en/pilots/eligibility/?rules=2016")
    early = client.get("/en/pilots/eligibility/?rules=2016&as_of=2016-07-04")
    assert (today.status_code, early.status_code) == (200, 200)
    assert early.content.decode().count('data-testid="survey-row"') == today.content.decode().count(
        'data-testid="survey-row"'
    )
