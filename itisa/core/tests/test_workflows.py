"""The transition table type: what it allows, to whom, and the errors of a refused move."""

import pytest

from itisa.core.errors import ErrorCode, InvalidTransition, PermissionDenied
from itisa.core.workflows import SYSTEM, Transitions, actor_label

TABLE = Transitions.of({
    "draft": {"open": {"office"}, "withdrawn": ["office", "owner"]},
    "open": {"closed": {SYSTEM}},
    "closed": {},
    "withdrawn": {},
})  # fmt: skip


def test_can_move_needs_the_move_and_one_allowed_actor() -> None:
    assert TABLE.can_move("draft", "open", {"office"})
    assert TABLE.can_move("draft", "withdrawn", {"owner", "someone"})
    assert not TABLE.can_move("draft", "open", {"owner"})
    assert not TABLE.can_move("draft", "closed", {"office", SYSTEM})
    assert not TABLE.can_move("unknown", "open", {"office"})


def test_targets_in_table_order_and_by_actor() -> None:
    assert TABLE.targets("draft") == ["open", "withdrawn"]
    assert TABLE.targets("draft", {"owner"}) == ["withdrawn"]
    assert TABLE.targets("closed") == []
    assert TABLE.allowed("draft", "withdrawn") == frozenset({"office", "owner"})
    assert TABLE.allowed("closed", "open") is None


def test_may_names_the_moves_for_a_page() -> None:
    assert TABLE.may("draft", {"owner"}, open="open", withdraw="withdrawn") == {
        "may_open": False,
        "may_withdraw": True,
    }


def test_check_raises_invalid_transition_or_permission_denied() -> None:
    TABLE.check("draft", "open", {"office"})
    with pytest.raises(InvalidTransition) as invalid:
        TABLE.check("closed", "open", {"office"}, invalid="Closed for good.")
    assert invalid.value.code == ErrorCode.INVALID_TRANSITION
    assert invalid.value.message == "Closed for good."
    with pytest.raises(PermissionDenied) as denied:
        TABLE.check("draft", "open", {"owner"}, denied="Only the office opens it.")
    assert denied.value.code == ErrorCode.PERMISSION_DENIED
    assert denied.value.message == "Only the office opens it."


class _User:
    is_authenticated = True

    def get_username(self) -> str:
        return "alice"


def test_actor_label_names_the_account_or_the_system() -> None:
    assert actor_label(_User()) == "alice"
    assert actor_label(None) == ""
    assert actor_label(None, system="system") == "system"
