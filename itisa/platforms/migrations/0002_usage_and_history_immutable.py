"""Make the database refuse to change or delete what the platforms app writes once: usage records (a
correction is a new record superseding one) and the status histories of platforms and bookings. Each is
written by its service and sealed in the audit chain."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("platforms", "0001_platforms_bookings_usage")]

    operations = [
        trigger_operation(append_only("platforms_usagerecord", "platforms_usage", "usage records are immutable")),
        trigger_operation(append_only("platforms_platformstatuschange", "platforms_pstatus", "platform status history is immutable")),
        trigger_operation(append_only("platforms_bookingstatuschange", "platforms_bstatus", "booking status history is immutable")),
    ]
