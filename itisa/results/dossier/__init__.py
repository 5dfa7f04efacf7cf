"""The results register's sections of the alliance dossier (``results`` and ``background_ip``, format 1.5)."""
