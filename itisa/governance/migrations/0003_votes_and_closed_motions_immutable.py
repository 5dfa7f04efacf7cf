"""Make the database refuse to change votes, motion history and closed motions.

A vote is write-once: never updated or deleted (one per seat is the unique constraint of 0002).
A closed motion keeps its tally and the rule version used; its status history is never edited.
"""

from django.db import migrations

from itisa.core.triggers import trigger_operation

VOTE = "votes are immutable"
CLOSED = "a closed motion is immutable"
HISTORY = "motion history is immutable"

SQLITE_FORWARD = [
    f"CREATE TRIGGER governance_vote_no_update BEFORE UPDATE ON governance_vote "
    f"BEGIN SELECT RAISE(ABORT, '{VOTE}'); END;",
    f"CREATE TRIGGER governance_vote_no_delete BEFORE DELETE ON governance_vote "
    f"BEGIN SELECT RAISE(ABORT, '{VOTE}'); END;",
    f"CREATE TRIGGER governance_motion_closed_no_update BEFORE UPDATE ON governance_motion "
    f"WHEN OLD.status = 'closed' BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;",
    f"CREATE TRIGGER governance_motion_closed_no_delete BEFORE DELETE ON governance_motion "
    f"WHEN OLD.status = 'closed' BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;",
    f"CREATE TRIGGER governance_motionstatuschange_no_update BEFORE UPDATE ON governance_motionstatuschange "
    f"BEGIN SELECT RAISE(ABORT, '{HISTORY}'); END;",
    f"CREATE TRIGGER governance_motionstatuschange_no_delete BEFORE DELETE ON governance_motionstatuschange "
    f"BEGIN SELECT RAISE(ABORT, '{HISTORY}'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_vote_no_update;",
    "DROP TRIGGER IF EXISTS governance_vote_no_delete;",
    "DROP TRIGGER IF EXISTS governance_motion_closed_no_update;",
    "DROP TRIGGER IF EXISTS governance_motion_closed_no_delete;",
    "DROP TRIGGER IF EXISTS governance_motionstatuschange_no_update;",
    "DROP TRIGGER IF EXISTS governance_motionstatuschange_no_delete;",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION governance_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'governance_vote' THEN
            RAISE EXCEPTION '{VOTE}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_TABLE_NAME = 'governance_motionstatuschange' THEN
            RAISE EXCEPTION '{HISTORY}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'TRUNCATE' OR OLD.status = 'closed' THEN
            RAISE EXCEPTION '{CLOSED}' USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    """
    CREATE TRIGGER governance_vote_immutable BEFORE UPDATE OR DELETE ON governance_vote
    FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
    """,
    """
    CREATE TRIGGER governance_vote_no_truncate BEFORE TRUNCATE ON governance_vote
    FOR EACH STATEMENT EXECUTE FUNCTION governance_refuse_change();
    """,
    """
    CREATE TRIGGER governance_motion_closed BEFORE UPDATE OR DELETE ON governance_motion
    FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
    """,
    """
    CREATE TRIGGER governance_motionstatuschange_immutable BEFORE UPDATE OR DELETE
    ON governance_motionstatuschange FOR EACH ROW EXECUTE FUNCTION governance_refuse_change();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_motionstatuschange_immutable ON governance_motionstatuschange;",
    "DROP TRIGGER IF EXISTS governance_motion_closed ON governance_motion;",
    "DROP TRIGGER IF EXISTS governance_vote_no_truncate ON governance_vote;",
    "DROP TRIGGER IF EXISTS governance_vote_immutable ON governance_vote;",
    "DROP FUNCTION IF EXISTS governance_refuse_change();",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_meetings_motions_votes_resolutions")]

    operations = [trigger_operation(STATEMENTS)]
