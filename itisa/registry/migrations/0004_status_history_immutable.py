"""Make the database refuse to change an alliance's status history: a status history is never edited or deleted.

The other history tables got their triggers when they were created; this one had none (found in the
review of issue 14: the shared ``core.workflows.StatusChange`` promises every history table is guarded).
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

MESSAGE = "alliance status history is immutable"

SQLITE_FORWARD = [
    f"CREATE TRIGGER registry_statuschange_no_update BEFORE UPDATE ON registry_alliancestatuschange BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER registry_statuschange_no_delete BEFORE DELETE ON registry_alliancestatuschange BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS registry_statuschange_no_update;",
    "DROP TRIGGER IF EXISTS registry_statuschange_no_delete;",
]
POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION registry_statuschange_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    """
    CREATE TRIGGER registry_statuschange_immutable BEFORE UPDATE OR DELETE ON registry_alliancestatuschange
    FOR EACH ROW EXECUTE FUNCTION registry_statuschange_refuse_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS registry_statuschange_immutable ON registry_alliancestatuschange;",
    "DROP FUNCTION IF EXISTS registry_statuschange_refuse_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_enterprise_requires_ownership")]

    operations = [trigger_operation(STATEMENTS)]
