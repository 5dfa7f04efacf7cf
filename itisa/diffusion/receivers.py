"""A licence recorded by the licensing app (below this one) reaches the catalogue and the obligations, in
the same transaction as the licence (the refresh audits what it changes)."""

from __future__ import annotations

from typing import Any


def on_licence_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    from itisa.diffusion.services import listing_licensing_refresh

    listing_licensing_refresh(result_id=instance.result_id)
