"""The registry of audit action codes: dotted stable codes with translatable labels.

Each domain app registers its codes once (in its own ``actions.py``); ``log_action`` refuses
an unregistered code so that every entry can be labelled in zh and en.
"""

from __future__ import annotations

from django.utils.functional import Promise

_ACTIONS: dict[str, Promise | str] = {}


def register_action(code: str, label: Promise | str) -> str:
    """Register ``code`` (e.g. ``"registry.alliance.created"``) with its label and return the code."""
    existing = _ACTIONS.get(code)
    if existing is not None and str(existing) != str(label):
        raise ValueError(f"audit action {code} registered twice with different labels")
    _ACTIONS[code] = label
    return code


def action_label(code: str) -> str:
    """The translated label of a code, or the code itself when unknown (old entries stay readable)."""
    label = _ACTIONS.get(code)
    return str(label) if label is not None else code


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def all_actions() -> dict[str, Promise | str]:
    return dict(_ACTIONS)
