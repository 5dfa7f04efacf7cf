"""Plain-text tables and JSON output shared by the management commands of every app.

Lives in ``accounts`` (the lowest layer that has commands) so that registry and membership
commands can import it without breaking the layer contract.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from itisa.accounts.roles import SystemViewer

if TYPE_CHECKING:
    from itisa.accounts.models import User

__all__ = ["SystemViewer", "command_actor", "display_width", "render_table", "to_json"]


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide and full-width (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    """Aligned columns separated by two spaces; the last column is not padded."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        parts = [_pad(value, widths[i]) for i, value in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(parts).rstrip())
    return lines


def to_json(data: Any) -> str:
    """Indented JSON that keeps Chinese characters readable."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def command_actor(username: str) -> User | None:
    """The user a command acts as (``--as USER``), or None for the system when no name is given; an
    unknown name is a CommandError."""
    if not username:
        return None
    from itisa.accounts.models import User

    user: User | None = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user %(username)s.") % {"username": username})
    return user
