"""The projects' section of the alliance dossier (``projects``, format 1.5)."""
