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


def append_only(table: str, prefix: str, message: str) -> Statements:
    """The statements that make ``table`` refuse every UPDATE and DELETE (a status history, say), on
    SQLite and PostgreSQL, with ``message`` as the error; trigger and function names start with ``prefix``."""
    sqlite_forward = [
        f"CREATE TRIGGER {prefix}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        f"CREATE TRIGGER {prefix}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    ]
    sqlite_reverse = [
        f"DROP TRIGGER IF EXISTS {prefix}_no_update;",
        f"DROP TRIGGER IF EXISTS {prefix}_no_delete;",
    ]
    postgresql_forward = [
        f"""
        CREATE OR REPLACE FUNCTION {prefix}_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';
        END;
        $$;
        """,
        f"""
        CREATE TRIGGER {prefix}_immutable BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {prefix}_refuse_change();
        """,
    ]
    postgresql_reverse = [
        f"DROP TRIGGER IF EXISTS {prefix}_immutable ON {table};",
        f"DROP FUNCTION IF EXISTS {prefix}_refuse_change();",
    ]
    return {
        "sqlite": (sqlite_forward, sqlite_reverse),
        "postgresql": (postgresql_forward, postgresql_reverse),
    }
