"""Make the database refuse to change or delete what the annual reports write once: the status history,
the submissions (with their digest) and the indicator values frozen with them."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_annual_reports")]

    operations = [
        trigger_operation(append_only("reports_reportstatuschange", "reports_history",
                                      "annual report history is immutable")),
        trigger_operation(append_only("reports_reportsubmission", "reports_submission",
                                      "annual report submissions are immutable")),
        trigger_operation(append_only("reports_reportindicator", "reports_indicator",
                                      "frozen indicator values are immutable")),
    ]  # fmt: skip
