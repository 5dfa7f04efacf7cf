"""Make the database refuse to change or delete what the formal evaluation writes once: the evaluation and
rectification histories, self-evaluation reports, eligibility re-checks, panel reviews and department comments."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_campaigns_evaluations_rectifications")]

    operations = [
        trigger_operation(append_only("evaluation_evaluationstatuschange", "evaluation_history",
                                      "evaluation history is immutable")),
        trigger_operation(append_only("evaluation_selfevaluation", "evaluation_self",
                                      "self-evaluation reports are immutable")),
        trigger_operation(append_only("evaluation_eligibilityrecheck", "evaluation_recheck",
                                      "eligibility re-checks are immutable")),
        trigger_operation(append_only("evaluation_panelreview", "evaluation_review", "panel reviews are immutable")),
        trigger_operation(append_only("evaluation_departmentcomment", "evaluation_comment",
                                      "department comments are immutable")),
        trigger_operation(append_only("evaluation_rectificationstatuschange", "evaluation_rect_history",
                                      "rectification history is immutable")),
    ]  # fmt: skip
