"""Pilots: the dossier sub-domain (its pages, API, forms and schemas)."""
