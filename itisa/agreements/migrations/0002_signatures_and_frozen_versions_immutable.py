"""Make the database refuse to change signatures and frozen versions.

Signatures are never updated or deleted. A version's canonical bytes and digest never change once
set, and a frozen version (or its signatories) is never deleted. Corrections are new versions.
"""

from django.db import migrations

SIG = "signatures are immutable"
FROZEN = "a frozen agreement version is immutable"

SQLITE_FORWARD = [
    f"CREATE TRIGGER agreements_signature_no_update BEFORE UPDATE ON agreements_signature "
    f"BEGIN SELECT RAISE(ABORT, '{SIG}'); END;",
    f"CREATE TRIGGER agreements_signature_no_delete BEFORE DELETE ON agreements_signature "
    f"BEGIN SELECT RAISE(ABORT, '{SIG}'); END;",
    f"CREATE TRIGGER agreements_version_frozen_bytes BEFORE UPDATE OF canonical, digest ON agreements_agreementversion "
    f"WHEN OLD.digest <> '' AND (NEW.digest IS NOT OLD.digest OR NEW.canonical IS NOT OLD.canonical) "
    f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
    f"CREATE TRIGGER agreements_version_frozen_content BEFORE UPDATE OF content ON agreements_agreementversion "
    f"WHEN OLD.digest <> '' AND NEW.content IS NOT OLD.content "
    f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
    f"CREATE TRIGGER agreements_version_frozen_no_delete BEFORE DELETE ON agreements_agreementversion "
    f"WHEN OLD.digest <> '' BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
    f"CREATE TRIGGER agreements_signatory_no_update BEFORE UPDATE ON agreements_signatory "
    f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
    f"CREATE TRIGGER agreements_signatory_no_delete BEFORE DELETE ON agreements_signatory "
    f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS agreements_signature_no_update;",
    "DROP TRIGGER IF EXISTS agreements_signature_no_delete;",
    "DROP TRIGGER IF EXISTS agreements_version_frozen_bytes;",
    "DROP TRIGGER IF EXISTS agreements_version_frozen_content;",
    "DROP TRIGGER IF EXISTS agreements_version_frozen_no_delete;",
    "DROP TRIGGER IF EXISTS agreements_signatory_no_update;",
    "DROP TRIGGER IF EXISTS agreements_signatory_no_delete;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION agreements_refuse_signature_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{SIG}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    """
    CREATE TRIGGER agreements_signature_immutable BEFORE UPDATE OR DELETE ON agreements_signature
    FOR EACH ROW EXECUTE FUNCTION agreements_refuse_signature_change();
    """,
    """
    CREATE TRIGGER agreements_signature_no_truncate BEFORE TRUNCATE ON agreements_signature
    FOR EACH STATEMENT EXECUTE FUNCTION agreements_refuse_signature_change();
    """,
    f"""
    CREATE OR REPLACE FUNCTION agreements_refuse_frozen_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'agreements_signatory' THEN
            RAISE EXCEPTION '{FROZEN}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.digest <> '' THEN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION '{FROZEN}' USING ERRCODE = 'restrict_violation';
            END IF;
            IF NEW.digest IS DISTINCT FROM OLD.digest OR NEW.canonical IS DISTINCT FROM OLD.canonical
               OR NEW.content::text IS DISTINCT FROM OLD.content::text THEN
                RAISE EXCEPTION '{FROZEN}' USING ERRCODE = 'restrict_violation';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    """
    CREATE TRIGGER agreements_version_frozen BEFORE UPDATE OR DELETE ON agreements_agreementversion
    FOR EACH ROW EXECUTE FUNCTION agreements_refuse_frozen_change();
    """,
    """
    CREATE TRIGGER agreements_signatory_immutable BEFORE UPDATE OR DELETE ON agreements_signatory
    FOR EACH ROW EXECUTE FUNCTION agreements_refuse_frozen_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS agreements_signatory_immutable ON agreements_signatory;",
    "DROP TRIGGER IF EXISTS agreements_version_frozen ON agreements_agreementversion;",
    "DROP FUNCTION IF EXISTS agreements_refuse_frozen_change();",
    "DROP TRIGGER IF EXISTS agreements_signature_no_truncate ON agreements_signature;",
    "DROP TRIGGER IF EXISTS agreements_signature_immutable ON agreements_signature;",
    "DROP FUNCTION IF EXISTS agreements_refuse_signature_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"no immutability triggers for the {vendor} database; add them to this migration")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement)


def install_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def remove_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_signed_agreements")]

    operations = [migrations.RunPython(install_triggers, remove_triggers)]
