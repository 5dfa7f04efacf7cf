"""core.queries on registry rows: prepared reads give what the ORM gives, for every shape, in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from itisa.core.queries import Prepared, fetch_rows
from itisa.registry.models import Alliance
from tests.factories import AllianceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _build(codes, status, term, after_pk):
    qs = Alliance.objects.all()
    if codes is not None:
        qs = qs.filter(code__in=codes)
    if status is not None:
        qs = qs.filter(status=status)
    if term is not None:
        qs = qs.filter(name_zh__icontains=term)
    if after_pk is not None:
        qs = qs.filter(pk__gt=after_pk)
    return qs.order_by("code").values_list("code", "founded_on", "host_unit__uscc")


def _limited(limit, code):
    return Alliance.objects.filter(Q(code__gte=code)).order_by("code").values_list("code")[:limit]


@pytest.fixture
def alliances():
    host = OrganisationFactory(uscc="91110000100000000X")
    return [
        AllianceFactory(code="PA", founded_on=dt.date(2010, 3, 4), host_unit=host, name_zh="甲联盟"),
        AllianceFactory(code="PB", founded_on=None, name_zh="乙联盟"),
        AllianceFactory(code="PC", founded_on=dt.date(2020, 1, 2), name_zh="丙联盟"),
    ]


CASES = [
    ("all", None, None, None, None),
    ("two codes", ("PA", "PC"), None, None, None),
    ("one code", ("PB",), None, None, None),
    ("no codes", (), None, None, None),
    ("a status nobody has", ("PA", "PB"), "dissolved", None, None),
    ("after a pk", ("PA", "PB", "PC"), None, None, 0),
]


@pytest.mark.parametrize(("name", "codes", "status", "term", "after"), CASES, ids=[c[0] for c in CASES])
def test_prepared_rows_are_the_orm_rows(alliances, name, codes, status, term, after) -> None:
    prepared = Prepared(_build)
    if after == 0:
        after = alliances[0].pk
    expected = list(_build(codes, status, term, after))
    with CaptureQueriesContext(connection) as first:
        assert prepared.rows(codes, status, term, after) == expected
    with CaptureQueriesContext(connection) as again:
        assert prepared.rows(codes, status, term, after) == expected
    assert (len(first), len(again)) == ((0, 0) if codes == () else (1, 1))


def test_dates_are_converted_as_by_the_orm(alliances) -> None:
    rows = Prepared(_build).rows(("PA", "PB"), None, None, None)
    assert rows == [("PA", dt.date(2010, 3, 4), "91110000100000000X"), ("PB", None, None)]


def test_one_shape_serves_other_values(alliances) -> None:
    prepared = Prepared(_build)
    assert prepared.rows(("PA", "PB"), None, None, None) == [
        ("PA", dt.date(2010, 3, 4), "91110000100000000X"),
        ("PB", None, None),
    ]
    assert prepared.rows(("PC", "PB"), None, None, None) == [
        ("PB", None, None),
        ("PC", dt.date(2020, 1, 2), None),
    ]
    assert prepared.rows(("PA", "PB"), "established", None, None) == list(
        _build(("PA", "PB"), "established", None, None)
    )
    assert prepared.is_prepared(("XX", "YY"), None, None, None)
    assert prepared.is_prepared(("XX", "YY"), "x", None, None)


def test_a_value_the_orm_rewrites_is_read_through_the_orm(alliances) -> None:
    prepared = Prepared(_build)
    assert prepared.rows(None, None, "乙", None) == [("PB", None, None)]
    assert prepared.rows(None, None, "%", None) == []  # the ORM escapes it: no name holds a %
    assert not prepared.is_prepared(None, None, "乙", None)


def test_text_for_an_integer_is_the_orms_answer(alliances) -> None:
    prepared = Prepared(_build)
    assert prepared.rows(None, None, None, str(alliances[1].pk)) == [("PC", dt.date(2020, 1, 2), None)]
    with pytest.raises(ValueError):
        prepared.rows(None, None, None, "abc")


def test_fixed_values_are_part_of_the_shape(alliances) -> None:
    prepared = Prepared(_limited)
    assert prepared.rows("PA", fixed=(2,)) == [("PA",), ("PB",)]
    assert prepared.rows("PB", fixed=(1,)) == [("PB",)]
    assert prepared.rows("PB", fixed=(2,)) == [("PB",), ("PC",)]


def test_fetch_rows_is_list_of_the_queryset(alliances) -> None:
    qs = _build(None, None, None, None)
    assert fetch_rows(qs) == list(qs)
    assert fetch_rows(Alliance.objects.filter(pk__in=[]).values_list("code")) == []
    with pytest.raises(TypeError):
        fetch_rows(Alliance.objects.all())


def test_alliance_record_and_pages_see_what_the_scoped_queryset_sees(world) -> None:
    from conftest import PERSONAS
    from itisa.core.errors import NotFound
    from itisa.registry import selectors
    from itisa.registry.schemas import AllianceOut

    AllianceFactory(code="FORMING1", status="forming", industry="C", scope="regional", province="11")
    everyone = list(Alliance.objects.order_by("code"))
    for persona in PERSONAS:
        user = world.user(persona)
        visible = list(selectors.alliances_visible_to(user).order_by("code"))
        assert visible, persona
        for alliance in everyone:
            if alliance in visible:
                record = selectors.alliance_record(user, alliance.code.lower())
                assert record == AllianceOut.from_orm(alliance).dict(), (persona, alliance.code)
            else:
                with pytest.raises(NotFound):
                    selectors.alliance_record(user, alliance.code)
        pages = selectors.alliance_records(user, selectors.AllianceFilters())
        first = pages.fetch(None, 2)
        rest = pages.fetch((first[-1]["code"], first[-1]["pk"]), 100)
        assert [r["code"] for r in first + rest] == [a.code for a in visible], persona
        assert [{k: v for k, v in r.items() if k != "pk"} for r in first + rest] == [
            AllianceOut.from_orm(a).dict() for a in visible
        ], persona
