"""Audit action codes of the indicator values (the dynamic-information database)."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

VALUES_RECORDED = register_action(
    "indicators.values.recorded", _("Indicator values recorded from the system")
)
VALUE_REPORTED = register_action("indicators.value.reported", _("Indicator value reported by the alliance"))
