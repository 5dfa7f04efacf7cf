"""Receivers of governance's signal: the decision body's vote on a standard moves it in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from itisa.accounts.models import User


def on_motion_closed(sender: Any, motion: Any, by: User | None, carried: bool, **kwargs: Any) -> None:
    from itisa.standards.services import standard_record_vote

    standard_record_vote(motion=motion, by=by, carried=carried)
