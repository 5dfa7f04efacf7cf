"""Governance: the decisions sub-domain (its pages, API, forms and schemas)."""
