"""Make the database refuse to change or delete what financing writes once: the needs' status history,
institutions' responses, credit lines, drawdowns and repayments. Each is written by its service and
sealed in the audit chain; a correction is a new record."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("financing", "0001_needs_responses_lines_drawdowns_repayments")]

    operations = [
        trigger_operation(append_only("financing_needstatuschange", "financing_history", "financing need history is append-only")),
        trigger_operation(append_only("financing_institutionresponse", "financing_response", "responses are immutable")),
        trigger_operation(append_only("financing_creditline", "financing_line", "credit lines are immutable")),
        trigger_operation(append_only("financing_drawdown", "financing_drawdown", "drawdowns are immutable")),
        trigger_operation(append_only("financing_repayment", "financing_repayment", "repayments are immutable")),
    ]
