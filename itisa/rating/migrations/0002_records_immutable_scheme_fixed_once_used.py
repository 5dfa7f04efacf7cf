"""Make the database refuse to change or delete what the rating writes once (campaign histories, reviewers,
ratings, reviews, outcomes), and a scheme once a campaign uses it (status ``in_use``): each year's scheme is
stored, never overwritten."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation

SCHEME_MESSAGE = "a rating scheme in use is immutable"
SCHEME = {
    "sqlite": (
        [
            "CREATE TRIGGER rating_scheme_fixed_no_update BEFORE UPDATE ON rating_scheme WHEN OLD.status = 'in_use' "
            f"BEGIN SELECT RAISE(ABORT, '{SCHEME_MESSAGE}'); END;",
            "CREATE TRIGGER rating_scheme_fixed_no_delete BEFORE DELETE ON rating_scheme WHEN OLD.status = 'in_use' "
            f"BEGIN SELECT RAISE(ABORT, '{SCHEME_MESSAGE}'); END;",
        ],
        ["DROP TRIGGER IF EXISTS rating_scheme_fixed_no_update;", "DROP TRIGGER IF EXISTS rating_scheme_fixed_no_delete;"],
    ),
    "postgresql": (
        [
            f"""
            CREATE OR REPLACE FUNCTION rating_scheme_fixed_refuse() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status = 'in_use' THEN
                    RAISE EXCEPTION '{SCHEME_MESSAGE}' USING ERRCODE = 'restrict_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END;
            $$;
            """,
            """
            CREATE TRIGGER rating_scheme_fixed BEFORE UPDATE OR DELETE ON rating_scheme
            FOR EACH ROW EXECUTE FUNCTION rating_scheme_fixed_refuse();
            """,
        ],
        [
            "DROP TRIGGER IF EXISTS rating_scheme_fixed ON rating_scheme;",
            "DROP FUNCTION IF EXISTS rating_scheme_fixed_refuse();",
        ],
    ),
}


class Migration(migrations.Migration):
    dependencies = [("rating", "0001_campaigns_ratings_reviews")]

    operations = [
        trigger_operation(append_only("rating_campaignstatuschange", "rating_campaign_history",
                                      "campaign history is immutable")),
        trigger_operation(append_only("rating_reviewer", "rating_reviewer", "reviewers are immutable")),
        trigger_operation(append_only("rating_rating", "rating_rating", "ratings are immutable")),
        trigger_operation(append_only("rating_review", "rating_review", "reviews are immutable")),
        trigger_operation(append_only("rating_outcome", "rating_outcome", "outcomes are immutable")),
        trigger_operation(SCHEME),
    ]  # fmt: skip
