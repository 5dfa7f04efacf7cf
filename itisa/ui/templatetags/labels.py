"""Template filters that show labels, not codes: ``{{ user|person }}``, ``{{ bound_field|shown_value }}``."""

from __future__ import annotations

from typing import Any

from django import template

from itisa.ui import labels
from itisa.ui.labels import choice_label, person_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """The name of the user (display name, full name, login), or the system for none; a Chinese name on
    an English page is marked ``lang="zh-Hans"``."""
    return labels.marked_chinese(person_name(user))


@register.filter
def zh(text: Any) -> str:
    """Chinese text (a name, a citation) marked ``lang="zh-Hans"`` on a page in another language."""
    return labels.marked_chinese(text)


@register.filter
def local_name(obj: Any, field: str = "name") -> str:
    """``obj``'s ``name_zh``/``name_en`` (or another pair: ``obj|local_name:"title"``) in the page's
    language; the Chinese name, marked ``lang="zh-Hans"``, when there is no English one."""
    return labels.local_name(obj, field)


@register.filter
def name_lang(obj: Any, field: str = "name") -> str:
    """`` lang="zh-Hans"`` for an element that can hold only text (a page's ``<title>``, an ``<option>``) and
    shows ``obj``'s name (``obj|local_name|striptags``) in Chinese on a page in another language; else nothing."""
    return labels.name_lang(obj, field)


@register.filter
def record_name(obj: Any) -> str:
    """A record as it names itself, its Chinese name in the page's language (``labels.record_name``)."""
    return labels.record_name(obj).__html__()


@register.filter
def plain(text: Any) -> str:
    """The plain text of a line composed around names (``labels.with_names``), for an attribute, where a
    marked ``<span>`` cannot go; escaped as any text."""
    return str(text)


@register.filter
def shown_value(field: Any) -> str:
    """A bound form field's value as people read it: the label of the chosen choice(s), else the value."""
    value = field.value()
    choices = getattr(field.field, "choices", None)
    if choices is None:
        return "" if value is None else str(value)
    return choice_label(choices, value)
