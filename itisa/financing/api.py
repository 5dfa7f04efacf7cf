"""Financing endpoints."""

from ninja import Router

router = Router(tags=["financing"])
