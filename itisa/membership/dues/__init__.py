"""Membership: the dues sub-domain (its pages, API, forms and schemas)."""
