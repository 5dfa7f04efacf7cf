"""Labels people read instead of stored codes: a person's name for an account, the system for no
account, a choice's label for its value. Pages and template filters (``{% load labels %}``) share them."""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, pgettext


def person_name(user: Any) -> str:
    """Who acted, as people name them: the display name, else the full name, else the login; no user
    (or the anonymous visitor) is the system."""
    if user is None or not getattr(user, "is_authenticated", False):
        return pgettext("actor", "System")
    return str(user)  # ``accounts.User.__str__``: display name, else full name, else login


def choice_label(choices: Any, value: Any) -> str:
    """The label of ``value`` among Django ``choices`` (flat or grouped); a list of values gives the
    labels joined; a value not among them is shown as it is; nothing is a dash."""
    if value in (None, "", []):
        return "—"
    labels: dict[str, Any] = {}
    for key, label in choices or ():
        if isinstance(label, list | tuple):
            labels.update((str(k), v) for k, v in label)
        else:
            labels[str(key)] = label
    if isinstance(value, list | tuple):
        return pgettext("list separator", ", ").join(str(labels.get(str(v), v)) for v in value)
    return str(labels.get(str(value), value))


HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def in_chinese() -> bool:
    """Whether the page is being rendered in Chinese."""
    return (get_language() or "").startswith("zh")


def marked_chinese(text: Any) -> str:
    """Chinese text (a name, a citation) on a page in another language, marked ``lang="zh-Hans"`` so that
    browsers and screen readers read it as Chinese; text on a Chinese page, or without Chinese characters,
    as it is (escaped)."""
    shown = str(text)
    if in_chinese() or not HAN.search(shown):
        return conditional_escape(shown)
    return format_html('<span lang="zh-Hans">{}</span>', shown)


def local_name(obj: Any, field: str = "name") -> str:
    """``obj``'s name (``<field>_zh``/``<field>_en``) in the page's language: the English one on an English
    page when there is one, else the Chinese one, marked as Chinese there."""
    chinese = getattr(obj, f"{field}_zh", "") or ""
    english = getattr(obj, f"{field}_en", "") or ""
    if not in_chinese() and english:
        return conditional_escape(english)
    return marked_chinese(chinese or english)
