"""Make the database refuse to change a recommendation, or a decision once it is recorded.

A recommendation (its letter and signed PDF) is an officer's record: written once, never updated or
deleted. On an application, the outcome, the reasons and the time of a decision are fixed once the
decision is recorded (``decided_at`` set), and the pilot period once it is set at publication;
corrections are new decisions, not edits.
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

RECOMMENDATION = "recommendations are immutable"
DECISION = "a recorded decision is immutable"
DECISION_FIELDS = ("outcome", "decision_reasons", "decided_at")
PERIOD_FIELDS = ("pilot_from", "pilot_until")


def _changed(fields: tuple[str, ...], distinct: str) -> str:
    return " OR ".join(f"NEW.{f} {distinct} OLD.{f}" for f in fields)


SQLITE_FORWARD = [
    *[
        f"CREATE TRIGGER pilots_recommendation_no_{op.lower()} BEFORE {op} ON pilots_recommendation "
        f"BEGIN SELECT RAISE(ABORT, '{RECOMMENDATION}'); END;"
        for op in ("UPDATE", "DELETE")
    ],
    "CREATE TRIGGER pilots_application_decision_fixed BEFORE UPDATE ON pilots_application "
    f"WHEN (OLD.decided_at IS NOT NULL AND ({_changed(DECISION_FIELDS, 'IS NOT')})) "
    f"OR (OLD.pilot_from IS NOT NULL AND ({_changed(PERIOD_FIELDS, 'IS NOT')})) "
    f"BEGIN SELECT RAISE(ABORT, '{DECISION}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS pilots_recommendation_no_update;",
    "DROP TRIGGER IF EXISTS pilots_recommendation_no_delete;",
    "DROP TRIGGER IF EXISTS pilots_application_decision_fixed;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION pilots_refuse_recommendation_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{RECOMMENDATION}' USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """,
    "CREATE TRIGGER pilots_recommendation_immutable BEFORE UPDATE OR DELETE ON pilots_recommendation "
    "FOR EACH ROW EXECUTE FUNCTION pilots_refuse_recommendation_change();",
    "CREATE TRIGGER pilots_recommendation_no_truncate BEFORE TRUNCATE ON pilots_recommendation "
    "FOR EACH STATEMENT EXECUTE FUNCTION pilots_refuse_recommendation_change();",
    f"""
    CREATE OR REPLACE FUNCTION pilots_refuse_decision_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF (OLD.decided_at IS NOT NULL AND ({_changed(DECISION_FIELDS, "IS DISTINCT FROM")}))
           OR (OLD.pilot_from IS NOT NULL AND ({_changed(PERIOD_FIELDS, "IS DISTINCT FROM")})) THEN
            RAISE EXCEPTION '{DECISION}' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    "CREATE TRIGGER pilots_application_decision_fixed BEFORE UPDATE ON pilots_application "
    "FOR EACH ROW EXECUTE FUNCTION pilots_refuse_decision_change();",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS pilots_application_decision_fixed ON pilots_application;",
    "DROP FUNCTION IF EXISTS pilots_refuse_decision_change();",
    "DROP TRIGGER IF EXISTS pilots_recommendation_no_truncate ON pilots_recommendation;",
    "DROP TRIGGER IF EXISTS pilots_recommendation_immutable ON pilots_recommendation;",
    "DROP FUNCTION IF EXISTS pilots_refuse_recommendation_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("pilots", "0005_accounts_optional_for_imported_rows")]

    operations = [trigger_operation(STATEMENTS)]
