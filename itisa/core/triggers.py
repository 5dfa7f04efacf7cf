"""Install and remove the database triggers that keep append-only tables append-only.

Migrations that add such triggers list their SQL per database vendor and use ``trigger_operation``;
a vendor without statements is refused loudly rather than left unguarded.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

Statements = dict[str, tuple[list[str], list[str]]]  # vendor -> (forward, reverse)


def _runner(statements: Statements, index: int) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(
                f"no immutability triggers for the {vendor} database; add them to this migration"
            )
        for statement in statements[vendor][index]:
            schema_editor.execute(statement)

    return run


def trigger_operation(statements: Statements) -> migrations.RunPython:
    """A RunPython operation that executes the forward statements, and the reverse ones when unapplied."""
    return migrations.RunPython(_runner(statements, 0), _runner(statements, 1))
