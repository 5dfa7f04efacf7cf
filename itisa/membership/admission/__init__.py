"""Membership: the admission sub-domain (its pages, API, forms and schemas)."""
