"""Talent exchange endpoints."""

from ninja import Router

router = Router(tags=["talent"])
