"""Make the database refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of audit entries.

The hash chain detects tampering after the fact; these triggers stop ordinary code paths (the ORM,
the admin, a stray SQL statement) from changing history in the first place. Only someone who can
drop triggers can rewrite the table, and ``audit verify`` with signed checkpoints catches that.
"""

from django.db import migrations

MESSAGE = "audit entries are append-only"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION audit_auditentry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    """
    CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_change();
    """,
    """
    CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;",
    "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_auditentry_refuse_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"no append-only triggers for the {vendor} database; add them to this migration")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement)


def install_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def remove_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_hash_chained_audit_log")]

    operations = [migrations.RunPython(install_triggers, remove_triggers)]
