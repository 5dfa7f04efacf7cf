"""Make the database refuse to change an agreement version's status history: a status history is never edited or deleted.

The other history tables got their triggers when they were created; this one had none (found in the
review of issue 14: the shared ``core.workflows.StatusChange`` promises every history table is guarded).
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

MESSAGE = "agreement status history is immutable"

SQLITE_FORWARD = [
    f"CREATE TRIGGER agreements_versionchange_no_update BEFORE UPDATE ON agreements_versionstatuschange BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER agreements_versionchange_no_delete BEFORE DELETE ON agreements_versionstatuschange BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS agreements_versionchange_no_update;",
    "DROP TRIGGER IF EXISTS agreements_versionchange_no_delete;",
]
POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION agreements_versionchange_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    """
    CREATE TRIGGER agreements_versionchange_immutable BEFORE UPDATE OR DELETE ON agreements_versionstatuschange
    FOR EACH ROW EXECUTE FUNCTION agreements_versionchange_refuse_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS agreements_versionchange_immutable ON agreements_versionstatuschange;",
    "DROP FUNCTION IF EXISTS agreements_versionchange_refuse_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_history_on_the_shared_status_change")]

    operations = [trigger_operation(STATEMENTS)]
