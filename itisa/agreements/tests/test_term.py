"""When an agreement's term ends (Civil Code Art. 201-202), as pure cases; and the clock that tells the secretariat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from itisa.agreements.clocks import TERM_ENDED
from itisa.agreements.models import AgreementVersion
from itisa.agreements.rules import add_years, term_ends_on
from itisa.agreements.selectors import version_term_ends_on
from itisa.agreements.services import version_create, version_open
from itisa.agreements.services.terms import agreement_term_end_tell
from itisa.agreements.tests.fixtures import build_agreement_world
from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.notifications.models import Notification

NONE = {"due": 0, "fired": 0, "settled": 0, "failed": 0}


@pytest.mark.parametrize(
    ("name", "term", "in_force_from", "ends_on"),
    [
        ("five years from entry into force", {"years": 5}, dt.date(2026, 3, 10), dt.date(2031, 3, 10)),
        (
            "from 29 February: the last day of February",
            {"years": 1},
            dt.date(2028, 2, 29),
            dt.date(2029, 2, 28),
        ),
        (
            "four years from 29 February: 29 February again",
            {"years": 4},
            dt.date(2028, 2, 29),
            dt.date(2032, 2, 29),
        ),
        ("an end date", {"until": "2030-12-31"}, dt.date(2026, 3, 10), dt.date(2030, 12, 31)),
        ("an end date as a date", {"until": dt.date(2030, 6, 30)}, None, dt.date(2030, 6, 30)),
        ("years before entry into force: unknown", {"years": 5}, None, None),
        ("no term stated", {}, dt.date(2026, 3, 10), None),
        ("no term section", None, dt.date(2026, 3, 10), None),
    ],
)
def test_term_ends_on(
    name: str, term: dict | None, in_force_from: dt.date | None, ends_on: dt.date | None
) -> None:
    assert term_ends_on(term, in_force_from) == ends_on, name


def test_add_years_keeps_the_day_or_takes_the_months_last() -> None:
    assert [add_years(dt.date(2024, 2, 29), n) for n in (1, 4, 5)] == [
        dt.date(2025, 2, 28),
        dt.date(2028, 2, 29),
        dt.date(2029, 2, 28),
    ]


# --- the clock: the secretariat is told once when the effective agreement's term has ended -------------

BEIJING = dt.timezone(dt.timedelta(hours=8))
SIGNED = dt.datetime(2026, 3, 10, 10, 0, tzinfo=BEIJING)  # one-year term: the last day is 2027-03-10
LAST_DAY = dt.datetime(2027, 3, 10, 23, 59, tzinfo=BEIJING)
DAY_AFTER = dt.datetime(2027, 3, 11, 0, 0, tzinfo=BEIJING)


def _effective(world: Any, clock: Any, **overrides: Any) -> Any:
    aw = build_agreement_world(world)
    version = aw.open_version(**overrides)
    aw.sign(version, "a")
    aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return aw, version


def _panel(world: Any) -> str:
    c = Client()
    c.force_login(world.user("secretariat"))
    return c.get("/en/alliances/CSA/").content.decode()


def _told() -> list[tuple[Any, ...]]:
    return list(
        Notification.objects.filter(kind="agreements.term.ended")
        .order_by("pk")
        .values_list("recipient__username", "subject", "body", "url")
    )


def test_the_secretariat_is_told_once_the_day_after_the_last_day_of_the_term(world: Any) -> None:
    with time_machine.travel(SIGNED, tick=False) as clock:
        _aw, version = _effective(world, clock, term={"years": 1})
        assert version_term_ends_on(version) == dt.date(2027, 3, 10)
        clock.move_to(LAST_DAY)
        assert clocks.run_due()[TERM_ENDED].as_dict() == NONE
        panel = _panel(world)
        ends = '<span class="text-nowrap">10 Mar 2027</span>'
        assert panel.count(f'data-testid="term-ends-on">· term ends on {ends}</span>') == 1
        assert 'data-testid="term-ended"' not in panel
        clock.move_to(DAY_AFTER)
        assert clocks.run_due()[TERM_ENDED].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
        assert 'data-testid="term-ended"' in _panel(world)
        told = _told()
        entries = list(
            AuditEntry.objects.filter(action="agreements.version.term_ended").values_list(
                "object_id", "actor_label", "data"
            )
        )
        # a second tick, or firing by hand, tells nobody again
        assert clocks.run_due()[TERM_ENDED].as_dict() == NONE
        assert agreement_term_end_tell(version=version, today=dt.date(2027, 3, 12)) is False
    assert told == [
        (
            "secretariat",
            "CSA/v1 的期限已届满",
            "联盟协议 CSA/v1 的期限已于 2027年3月10日 届满。请由全体成员签署修订以续期，或依协议解散联盟。",
            "/alliances/CSA/agreements/v1/",
        )
    ]
    assert entries == [(str(version.pk), "system", {"term_ends_on": "2027-03-10"})]
    assert _told() == told
    assert AuditEntry.objects.filter(action="agreements.version.term_ended").count() == 1
    assert AgreementVersion.objects.get(pk=version.pk).status == "effective"  # no status for it: unchanged


def test_an_amendment_keeps_the_term_counted_from_the_founding_agreement(world: Any) -> None:
    with time_machine.travel(SIGNED, tick=False) as clock:
        aw, founding = _effective(world, clock, term={"years": 1})
        clock.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=BEIJING))
        secretariat = world.user("secretariat")
        amendment = version_open(by=secretariat, version=version_create(by=secretariat, alliance=world.csa))
        aw.sign(amendment, "a")
        aw.sign(amendment, "b")
        amendment.refresh_from_db()
        assert (amendment.kind, amendment.status) == ("amendment", "effective")
        assert version_term_ends_on(amendment) == dt.date(2027, 3, 10)
        r = Client(HTTP_ACCEPT_LANGUAGE="en")
        r.force_login(world.user("council_member"))
        detail = r.get("/api/alliances/CSA/agreements/2").json()
        assert (detail["term_ends_on"], detail["effective_at"][:10]) == ("2027-03-10", "2026-09-01")
        clock.move_to(DAY_AFTER)
        assert clocks.run_due()[TERM_ENDED].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    entry = AuditEntry.objects.get(action="agreements.version.term_ended")
    assert (entry.object_id, founding.pk != amendment.pk) == (str(amendment.pk), True)


def test_an_agreement_without_a_term_or_an_end_date_far_ahead_is_never_due(world: Any) -> None:
    with time_machine.travel(SIGNED, tick=False) as clock:
        _aw, version = _effective(world, clock, term={"until": "2030-12-31"})
        assert version_term_ends_on(version) == dt.date(2030, 12, 31)
        clock.move_to(DAY_AFTER)
        assert clocks.run_due()[TERM_ENDED].as_dict() == NONE
        assert _told() == []
