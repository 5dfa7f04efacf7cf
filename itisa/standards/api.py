"""Standards endpoints."""

from ninja import Router

router = Router(tags=["standards"])
