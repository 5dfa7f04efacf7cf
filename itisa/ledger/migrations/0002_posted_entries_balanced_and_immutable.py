"""Make the database refuse an unbalanced posted entry and any change to a posted one.

An entry moves to ``posted`` only if it has two or more postings that sum to zero (to the fen). A
posted entry, and its postings, are never updated or deleted; a correction is a reversing entry.
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

POSTED = "posted journal entries are immutable"
UNBALANCED = "a posted journal entry must have two or more postings summing to zero"

SQLITE_FORWARD = [
    f"CREATE TRIGGER ledger_entry_balanced BEFORE UPDATE OF status ON ledger_journalentry "
    f"WHEN NEW.status = 'posted' AND OLD.status <> 'posted' AND ("
    f"(SELECT COUNT(*) FROM ledger_posting WHERE entry_id = NEW.id) < 2 OR "
    f"(SELECT ROUND(COALESCE(SUM(amount), 0), 2) FROM ledger_posting WHERE entry_id = NEW.id) <> 0) "
    f"BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END;",
    f"CREATE TRIGGER ledger_entry_posted_no_update BEFORE UPDATE ON ledger_journalentry "
    f"WHEN OLD.status = 'posted' BEGIN SELECT RAISE(ABORT, '{POSTED}'); END;",
    f"CREATE TRIGGER ledger_entry_posted_no_delete BEFORE DELETE ON ledger_journalentry "
    f"WHEN OLD.status = 'posted' BEGIN SELECT RAISE(ABORT, '{POSTED}'); END;",
    f"CREATE TRIGGER ledger_posting_posted_no_insert BEFORE INSERT ON ledger_posting "
    f"WHEN (SELECT status FROM ledger_journalentry WHERE id = NEW.entry_id) = 'posted' "
    f"BEGIN SELECT RAISE(ABORT, '{POSTED}'); END;",
    f"CREATE TRIGGER ledger_posting_posted_no_update BEFORE UPDATE ON ledger_posting "
    f"WHEN (SELECT status FROM ledger_journalentry WHERE id = OLD.entry_id) = 'posted' "
    f"OR (SELECT status FROM ledger_journalentry WHERE id = NEW.entry_id) = 'posted' "
    f"BEGIN SELECT RAISE(ABORT, '{POSTED}'); END;",
    f"CREATE TRIGGER ledger_posting_posted_no_delete BEFORE DELETE ON ledger_posting "
    f"WHEN (SELECT status FROM ledger_journalentry WHERE id = OLD.entry_id) = 'posted' "
    f"BEGIN SELECT RAISE(ABORT, '{POSTED}'); END;",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "ledger_entry_balanced",
        "ledger_entry_posted_no_update",
        "ledger_entry_posted_no_delete",
        "ledger_posting_posted_no_insert",
        "ledger_posting_posted_no_update",
        "ledger_posting_posted_no_delete",
    )
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION ledger_guard_entry() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        n integer;
        total numeric;
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            RAISE EXCEPTION '{POSTED}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.status = 'posted' THEN
            RAISE EXCEPTION '{POSTED}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF NEW.status = 'posted' THEN
            SELECT COUNT(*), COALESCE(SUM(amount), 0) INTO n, total FROM ledger_posting WHERE entry_id = NEW.id;
            IF n < 2 OR total <> 0 THEN
                RAISE EXCEPTION '{UNBALANCED}' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    f"""
    CREATE OR REPLACE FUNCTION ledger_guard_posting() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            RAISE EXCEPTION '{POSTED}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND
           (SELECT status FROM ledger_journalentry WHERE id = OLD.entry_id) = 'posted' THEN
            RAISE EXCEPTION '{POSTED}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND
           (SELECT status FROM ledger_journalentry WHERE id = NEW.entry_id) = 'posted' THEN
            RAISE EXCEPTION '{POSTED}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    """
    CREATE TRIGGER ledger_entry_guard BEFORE UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_guard_entry();
    """,
    """
    CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_journalentry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_guard_entry();
    """,
    """
    CREATE TRIGGER ledger_posting_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_guard_posting();
    """,
    """
    CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON ledger_posting
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_guard_posting();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_posting_no_truncate ON ledger_posting;",
    "DROP TRIGGER IF EXISTS ledger_posting_guard ON ledger_posting;",
    "DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON ledger_journalentry;",
    "DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;",
    "DROP FUNCTION IF EXISTS ledger_guard_posting();",
    "DROP FUNCTION IF EXISTS ledger_guard_entry();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_charts_books_funds_periods_entries")]

    operations = [trigger_operation(STATEMENTS)]
