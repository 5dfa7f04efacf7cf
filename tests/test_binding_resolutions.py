"""A result's owners change on a resolution only when it binds (governance.selectors.binding_resolutions):
not while its veto window is open, never once vetoed; once the window is over without a veto it binds,
whether or not the clock has recorded it. Cross-app: results builds on governance's one test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
import time_machine

from itisa.core.errors import DomainError
from itisa.governance.models import Resolution
from itisa.governance.services import motion_close, motion_open, resolution_veto, rules_adopt, vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.results.services import OwnerChangeInput, result_change_owners
from itisa.results.tests.conftest import NOW, counts, owners_of, register, shares

WINDOW_ENDS = NOW + dt.timedelta(days=15)
MAJORITY = {"quorum": "1/2", "quorum_comparison": "at_least", "threshold": "1/2", "threshold_comparison": "more_than",
            "threshold_base": "present", "abstentions_count_as_present": True, "veto_days": 15}  # fmt: skip
REFUSED = {"motion": ["Choose a resolution the alliance's decision body passed."]}


def _pending(world: Any) -> Any:
    council = make_council(world)
    s = world.user("secretariat")
    rules_adopt(by=s, body=council.body, rules=MAJORITY, adopted_on=dt.date(2026, 3, 1))
    motion = motion_open(by=s, body=council.body, title_zh="关于变更R00001权属的决议", method="ballot",
                         deadline=NOW + dt.timedelta(days=7))  # fmt: skip
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes")
    motion = motion_close(by=s, motion=motion)
    assert Resolution.objects.get(motion=motion).effect == "pending_veto"
    return motion


def _change(world: Any, result: Any, motion: Any) -> Any:
    return result_change_owners(
        by=world.user("secretariat"), result=result,
        data=OwnerChangeInput(owners=shares((world.member_a, "30"), (world.member_b, "70")), basis="resolution",
                              motion=motion.pk),
    )  # fmt: skip


def test_owners_do_not_change_on_a_resolution_open_to_a_veto_or_vetoed(world: Any) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        result = register(world)
        motion = _pending(world)
        with pytest.raises(DomainError) as refused:
            _change(world, result, motion)
        assert refused.value.fields == REFUSED
        clock.move_to(WINDOW_ENDS)  # the window's last moment: a veto may still come
        with pytest.raises(DomainError):
            _change(world, result, motion)
        resolution_veto(
            by=world.user("expert"), resolution=Resolution.objects.get(motion=motion), reason="严重影响"
        )
        clock.move_to(WINDOW_ENDS + dt.timedelta(days=1))
        before = counts()
        with pytest.raises(DomainError) as refused:
            _change(world, result, motion)
        assert refused.value.fields == REFUSED
        assert counts() == before
        assert owners_of(result) == [("甲公司", D("50.00")), ("乙大学", D("50.00"))]  # joint by law


def test_owners_change_once_the_window_is_over_without_a_veto(world: Any) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        result = register(world)
        motion = _pending(world)
        clock.move_to(WINDOW_ENDS + dt.timedelta(seconds=1))  # no clock has run: still pending in the table
        assert Resolution.objects.get(motion=motion).effect == "pending_veto"
        record = _change(world, result, motion)
        assert (record.seq, record.basis, record.motion_id) == (2, "resolution", motion.pk)
        assert owners_of(result) == [("甲公司", D("30.00")), ("乙大学", D("70.00"))]
