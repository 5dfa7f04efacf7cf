"""The standards section of the alliance dossier (since 1.6)."""
