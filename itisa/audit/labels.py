"""Names of the keys of audit entries' data, and labels of the codes some keys hold, so that a history
page shows "新状态: 已成立" rather than ``to established``.

The keys common to many entries are named here; a domain app registers its own keys, or the labels of
the codes one holds (notification kinds), once at import, as it registers its action codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

_KEYS: dict[str, Promise | str] = {}
_VALUES: dict[str, dict[str, Promise | str]] = {}


def register_data_key(
    key: str, label: Promise | str, values: Mapping[str, Promise | str] | None = None
) -> str:
    """Name the data key ``key``; ``values`` labels the codes it holds (added to those registered before)."""
    _KEYS[key] = label
    if values:
        _VALUES.setdefault(key, {}).update(values)
    return key


def register_data_values(key: str, values: Mapping[str, Promise | str]) -> None:
    """Label codes that the data key ``key`` holds (e.g. notification kinds under ``kind``)."""
    _VALUES.setdefault(key, {}).update(values)


def data_key_label(key: str) -> str | None:
    """The translated name of a data key, or None when it has none."""
    label = _KEYS.get(key)
    return None if label is None else str(label)


def data_value_label(key: str, value: str) -> str | None:
    """The translated label of a code held by ``key``, or None when it has none."""
    label = _VALUES.get(key, {}).get(value)
    return None if label is None else str(label)


FROM = register_data_key("from", pgettext_lazy("audit data", "From"))
TO = register_data_key("to", pgettext_lazy("audit data", "To"))
register_data_key("comment", pgettext_lazy("audit data", "Comment"))
register_data_key("reason", pgettext_lazy("audit data", "Reason"))
register_data_key("kind", pgettext_lazy("audit data", "Kind"))
register_data_key("subject", pgettext_lazy("audit data", "Subject"))
RECIPIENTS = register_data_key("recipients", pgettext_lazy("audit data", "Recipients"))
