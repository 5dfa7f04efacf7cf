"""Shared platforms endpoints."""

from ninja import Router

router = Router(tags=["platforms"])
