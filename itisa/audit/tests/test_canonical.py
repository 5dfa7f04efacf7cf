"""``chain.canonical_json`` writes exactly what ``rfc8785`` writes, or refuses what it refuses (issue 19, P4).

The chain's hashes and the seals were made with ``rfc8785``; the fast path must never give another byte.
"""

from __future__ import annotations

from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from itisa.audit import chain
from itisa.audit.chain import canonical_json


def _same_as_rfc8785(value: Any) -> None:
    try:
        expected = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:
        with pytest.raises(rfc8785.CanonicalizationError):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


@pytest.mark.parametrize(
    ("name", "value", "fast"),
    [
        (
            "audit data",
            {"postings": [["1002", 7, "-20000.00"]], "memo": "会费收入（三月）", "ok": True},
            True,
        ),
        ("controls and quotes", {"s": 'a"b\\c\b\f\n\r\t\x00\x1f\x7f\u2028 end'}, True),
        ("BMP keys sort alike", {"\ue000": 1, "z": 2, "中": 3, "": 4}, True),
        ("key beyond the BMP sorts by UTF-16", {"\U0001f600": 1, "\ue000": 2, "a": 3}, False),
        ("value beyond the BMP", {"emoji": "\U0001f600"}, True),
        ("largest exact integer", {"n": 2**53 - 1, "m": -(2**53) + 1}, True),
        ("integer beyond 2^53 is refused", {"n": 2**53}, False),
        ("float", {"x": 1.5, "y": 1e21, "z": -0.0}, False),
        ("integer key is refused", {1: "a"}, False),
        ("tuple", {"t": (1, 2)}, False),
        ("lone surrogate is refused", {"s": "\ud800"}, True),
        ("nested", [{"b": [None, False, {"d": [], "c": {}}], "a": 0}], True),
    ],
)
def test_named_cases(name: str, value: Any, fast: bool) -> None:
    assert chain._plain_json(value) is fast
    _same_as_rfc8785(value)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_canonicalises_as_rfc8785_does(value: Any) -> None:
    _same_as_rfc8785(value)


@pytest.mark.parametrize(
    "at",
    [
        "2026-03-15T08:00:00+08:00",
        "2026-03-15T00:00:00.000001+00:00",
        "1999-12-31T23:59:59.999999-05:00",
        "2000-02-29T12:00:00+00:00",
    ],
)
def test_utc_iso_is_the_strftime_form(at: str) -> None:
    import datetime as dt

    moment = dt.datetime.fromisoformat(at)
    assert chain.utc_iso(moment) == moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"seq": 2**53},
        {"actor_id": None},
        {"actor_id": 2**60},
        {"object_repr": "\U0001f600 名称"},
        {"data": {"x": 1.25}},
        {"data": {"\U0001f600": 1, "\ue000": 2}},
    ],
)
def test_canonical_body_is_rfc8785_of_its_fields(fields: dict[str, Any]) -> None:
    import datetime as dt

    values: dict[str, Any] = {
        "seq": 7, "at": dt.datetime(2026, 3, 15, 8, 0, tzinfo=dt.UTC), "actor_id": 3, "actor_label": "秘书处",
        "action": "ledger.entry.posted", "object_type": "ledger.journalentry", "object_id": "12",
        "object_repr": "记-3", "data": {"postings": [["1002", 1, "-20.00"]]},
    } | fields  # fmt: skip
    try:
        expected = rfc8785.dumps({**values, "at": chain.utc_iso(values["at"])})
    except rfc8785.CanonicalizationError:  # integers beyond 2^53: refused either way
        with pytest.raises(rfc8785.CanonicalizationError):
            chain.canonical_body(**values)
        return
    assert chain.canonical_body(**values) == expected
