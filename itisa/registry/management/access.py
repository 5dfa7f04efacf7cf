"""The alliance a management command names, through the same choke point as views and API.

Commands are run by the operator at the server, who reads everything (``SystemViewer``), unless the
command acts for a named user. ``access_alliance`` raises NotFound for a missing (or hidden) alliance;
at the command line that becomes a CommandError, worded once here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from itisa.accounts.roles import SystemViewer
from itisa.core.decisions import Need
from itisa.core.errors import NotFound
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance


def command_alliance(code: str, *, viewer: Any = None, need: Need | Sequence[Need] = ()) -> Alliance:
    """``access_alliance`` for a command: the viewer defaults to the operator (sees everything)."""
    try:
        return access_alliance(SystemViewer() if viewer is None else viewer, code, need=need)
    except NotFound:
        raise CommandError(_("No alliance with the short code %(code)s.") % {"code": code}) from None
