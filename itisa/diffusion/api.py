"""Diffusion of results and the public catalogue endpoints."""

from ninja import Router

router = Router(tags=["diffusion"])
