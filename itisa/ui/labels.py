"""Labels people read instead of stored codes: a person's name for an account, the system for no
account, a choice's label for its value. Pages and template filters (``{% load labels %}``) share them."""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
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


def name_lang(obj: Any, field: str = "name") -> str:
    """`` lang="zh-Hans"`` when ``obj``'s name (or ``obj`` itself, a text) is shown in Chinese on a page in another language (for an element
    that holds only text, which cannot hold a marked ``<span>``), else nothing."""
    shown = obj if isinstance(obj, str) else local_text(obj, field)
    if in_chinese() or not HAN.search(shown):
        return ""
    return mark_safe(' lang="zh-Hans"')  # a constant


def local_text(obj: Any, field: str = "name") -> str:
    """``obj``'s name as plain text in the page's language: the English one on an English page when there is
    one, else the Chinese one (for a sentence composed with ``with_names``, which marks it)."""
    chinese = getattr(obj, f"{field}_zh", "") or ""
    english = getattr(obj, f"{field}_en", "") or ""
    if not in_chinese() and english:
        return english
    return chinese or english


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class WithNames(str):
    """A line the system composes around names (``Vote on Motion No. 2: 关于…的议案``): as a string it is the
    plain text (for a calendar, the command line, the API); in a template each name in it is marked
    ``lang="zh-Hans"`` when it is Chinese on a page in another language, the rest of the line is not."""

    parts: tuple[tuple[str, bool], ...]  # (text, is a name)

    def __new__(cls, parts: list[tuple[str, bool]]) -> WithNames:
        line = super().__new__(cls, "".join(text for text, _name in parts))
        line.parts = tuple((text, name) for text, name in parts if text)
        return line

    def __html__(self) -> str:
        return format_html_join("", "{}", ((marked_chinese(t) if name else t,) for t, name in self.parts))

    def __getnewargs__(self) -> tuple[list[tuple[str, bool]]]:  # type: ignore[override]
        """copy, deepcopy and pickle rebuild it from its parts (a ``str`` subclass is otherwise rebuilt from
        its text, which ``__new__`` does not take)."""
        return (list(self.parts),)


def with_names(line: Any, /, **names: Any) -> WithNames:
    """``line`` (a translated sentence with ``%(title)s`` placeholders) with the names put in: a name that is
    itself a ``WithNames`` keeps its marks; any other value is a name (a number or code is shown as it is,
    since only Chinese text gets marked). Only names go in: a sentence goes through gettext."""
    parts: list[tuple[str, bool]] = []
    text = str(line)
    at = 0
    for found in PLACEHOLDER.finditer(text):
        parts.append((text[at : found.start()].replace("%%", "%"), False))
        value = names[found.group(1)]
        parts += value.parts if isinstance(value, WithNames) else [(str(value), True)]
        at = found.end()
    parts.append((text[at:].replace("%%", "%"), False))
    return WithNames(parts)


def names_joined(names: Any, separator: str = " · ") -> WithNames:
    """Names joined by ``separator`` (a dot, a list separator), each marked as ``with_names`` marks them."""
    parts: list[tuple[str, bool]] = []
    for i, name in enumerate(names):
        if i:
            parts.append((str(separator), False))
        parts += name.parts if isinstance(name, WithNames) else [(str(name), True)]
    return WithNames(parts)


def as_name(text: Any) -> WithNames:
    """A name alone (a meeting's title, an organisation), marked as ``with_names`` marks names."""
    return text if isinstance(text, WithNames) else WithNames([(str(text), True)])


def record_name(obj: Any) -> WithNames:
    """A record as it names itself (its ``str``, as an audit history's heading shows it), with its Chinese name
    (``name_zh`` or ``title_zh``) in the page's language; all of it is a name."""
    text = str(obj)
    for field in ("name", "title"):
        chinese = getattr(obj, f"{field}_zh", "") or ""
        if chinese and chinese in text:
            before, _found, after = text.partition(chinese)
            return WithNames([(before, True), (local_text(obj, field), True), (after, True)])
    return as_name(text)
