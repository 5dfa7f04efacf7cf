"""Template filters that show labels, not codes: ``{{ user|person }}``, ``{{ bound_field|shown_value }}``."""

from __future__ import annotations

from typing import Any

from django import template

from itisa.ui.labels import choice_label, person_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """The name of the user (display name, full name, login), or the system for none."""
    return person_name(user)


@register.filter
def shown_value(field: Any) -> str:
    """A bound form field's value as people read it: the label of the chosen choice(s), else the value."""
    value = field.value()
    choices = getattr(field.field, "choices", None)
    if choices is None:
        return "" if value is None else str(value)
    return choice_label(choices, value)
