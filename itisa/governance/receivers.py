"""Receivers of the agreements signals: a version taking effect gives the bodies its procedures' rules,
in the signing transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itisa.agreements.choices import VersionKind

if TYPE_CHECKING:
    from itisa.accounts.models import User


def on_version_effective(sender: Any, version: Any, by: User | None, **kwargs: Any) -> None:
    from itisa.governance.services.bodies import rules_from_agreement

    if version.kind == VersionKind.ACCESSION:
        return  # an accession joins the agreement in force; the procedures stay as they are
    rules_from_agreement(version=version)
