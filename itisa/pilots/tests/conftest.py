"""Fixtures of the pilot-program tests (defined in pilot_fixtures.py)."""

from itisa.pilots.tests.pilot_fixtures import call, media, needs_review

__all__ = ["call", "media", "needs_review"]
