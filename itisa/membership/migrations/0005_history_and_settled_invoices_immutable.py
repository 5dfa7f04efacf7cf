"""Make the database refuse to change application history and settled dues invoices.

An application's status history is never edited or deleted. A dues invoice is never deleted; once it
is paid or cancelled it never changes (a correction is a new invoice).
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

HISTORY = "application history is immutable"
INVOICE = "a paid or cancelled invoice is immutable"
NO_DELETE = "invoices are never deleted"

SQLITE_FORWARD = [
    f"CREATE TRIGGER membership_appchange_no_update BEFORE UPDATE ON membership_applicationstatuschange "
    f"BEGIN SELECT RAISE(ABORT, '{HISTORY}'); END;",
    f"CREATE TRIGGER membership_appchange_no_delete BEFORE DELETE ON membership_applicationstatuschange "
    f"BEGIN SELECT RAISE(ABORT, '{HISTORY}'); END;",
    f"CREATE TRIGGER membership_invoice_settled BEFORE UPDATE ON membership_invoice "
    f"WHEN OLD.status <> 'unpaid' BEGIN SELECT RAISE(ABORT, '{INVOICE}'); END;",
    f"CREATE TRIGGER membership_invoice_no_delete BEFORE DELETE ON membership_invoice "
    f"BEGIN SELECT RAISE(ABORT, '{NO_DELETE}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS membership_appchange_no_update;",
    "DROP TRIGGER IF EXISTS membership_appchange_no_delete;",
    "DROP TRIGGER IF EXISTS membership_invoice_settled;",
    "DROP TRIGGER IF EXISTS membership_invoice_no_delete;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION membership_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'membership_applicationstatuschange' THEN
            RAISE EXCEPTION '{HISTORY}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '{NO_DELETE}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.status <> 'unpaid' THEN
            RAISE EXCEPTION '{INVOICE}' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    """
    CREATE TRIGGER membership_appchange_immutable BEFORE UPDATE OR DELETE ON membership_applicationstatuschange
    FOR EACH ROW EXECUTE FUNCTION membership_refuse_change();
    """,
    """
    CREATE TRIGGER membership_invoice_guard BEFORE UPDATE OR DELETE ON membership_invoice
    FOR EACH ROW EXECUTE FUNCTION membership_refuse_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS membership_invoice_guard ON membership_invoice;",
    "DROP TRIGGER IF EXISTS membership_appchange_immutable ON membership_applicationstatuschange;",
    "DROP FUNCTION IF EXISTS membership_refuse_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("membership", "0004_applicant_label")]

    operations = [trigger_operation(STATEMENTS)]
