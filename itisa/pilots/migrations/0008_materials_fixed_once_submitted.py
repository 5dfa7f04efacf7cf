"""Make the database refuse to change an application's materials once the application is submitted.

A material (the PDF stored under its SHA-256, or the reference to what the platform holds) is what the
office checks and the experts score. While the application is in the secretariat's hands (draft, or
returned for correction) a material may be replaced, in place; afterwards it is fixed. A material is
never deleted, and never moved to another application.
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

MESSAGE = "application materials are fixed once the application is submitted"
NOT_EDITABLE = "(SELECT status FROM pilots_application WHERE id = OLD.application_id) NOT IN ('draft', 'returned')"

SQLITE_FORWARD = [
    "CREATE TRIGGER pilots_material_fixed BEFORE UPDATE ON pilots_material "
    f"WHEN NEW.application_id IS NOT OLD.application_id OR {NOT_EDITABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER pilots_material_no_delete BEFORE DELETE ON pilots_material BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS pilots_material_fixed;",
    "DROP TRIGGER IF EXISTS pilots_material_no_delete;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION pilots_refuse_material_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF NEW.application_id = OLD.application_id AND NOT {NOT_EDITABLE} THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    "CREATE TRIGGER pilots_material_fixed BEFORE UPDATE OR DELETE ON pilots_material "
    "FOR EACH ROW EXECUTE FUNCTION pilots_refuse_material_change();",
    "CREATE TRIGGER pilots_material_no_truncate BEFORE TRUNCATE ON pilots_material "
    "FOR EACH STATEMENT EXECUTE FUNCTION pilots_refuse_material_change();",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS pilots_material_no_truncate ON pilots_material;",
    "DROP TRIGGER IF EXISTS pilots_material_fixed ON pilots_material;",
    "DROP FUNCTION IF EXISTS pilots_refuse_material_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("pilots", "0007_history_on_the_shared_status_change")]

    operations = [trigger_operation(STATEMENTS)]
