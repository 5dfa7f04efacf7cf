"""Make the database refuse to change or delete a recorded indicator value (a correction is a new row)."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicator_values")]

    operations = [
        trigger_operation(append_only("indicators_indicatorvalue", "indicators_value", "indicator values are immutable")),
    ]
