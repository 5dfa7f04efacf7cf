"""Make the database refuse to change a submitted expert review or a pilot application's history.

A review is written once when the expert submits it (reviews are independent and final); the status
history is the alliance's record of how its application was handled. Neither is updated or deleted.
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

REVIEW = "expert reviews are immutable"
HISTORY = "pilot application history is immutable"
TABLES = {"pilots_review": REVIEW, "pilots_applicationstatuschange": HISTORY}

SQLITE_FORWARD = [
    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    for table, message in TABLES.items()
    for op in ("UPDATE", "DELETE")
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};" for table in TABLES for op in ("UPDATE", "DELETE")
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION pilots_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'pilots_review' THEN
            RAISE EXCEPTION '{REVIEW}' USING ERRCODE = 'restrict_violation';
        END IF;
        RAISE EXCEPTION '{HISTORY}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    *[
        f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION pilots_refuse_change();"
        for table in TABLES
    ],
    *[
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION pilots_refuse_change();"
        for table in TABLES
    ],
]
POSTGRESQL_REVERSE = [
    *[f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};" for table in TABLES],
    *[f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};" for table in TABLES],
    "DROP FUNCTION IF EXISTS pilots_refuse_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("pilots", "0001_calls_applications_reviews")]

    operations = [trigger_operation(STATEMENTS)]
