"""Breach of the agreement: notice, cure period, referral to the council and its remedies (docs/workflows.md, "Breach")."""
