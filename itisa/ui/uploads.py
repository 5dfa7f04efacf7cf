"""An uploaded file kept between a preview and its confirmation.

The preview page shows what an import would do; the confirmation must not trust that page, so it
imports the very file that was previewed, read again and checked again. The file is kept in the default
storage under a random name (``imports/<token>.xlsx``, never served), and the visitor's session holds
its token and SHA-256 digest under a ``purpose`` (one kept file per purpose and session): a token from
another session, another purpose or a file changed on disk is refused. A new upload for the same purpose
replaces (and deletes) the previous one; a confirmed or abandoned one is deleted with ``drop_upload``.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils.translation import gettext as _

from itisa.core.errors import DomainError

SESSION_KEY = "kept_uploads"


def _path(token: str) -> str:
    return f"imports/{token}.xlsx"


def keep_upload(request: HttpRequest, purpose: str, data: bytes) -> str:
    """Keep ``data`` for a later confirmation; returns its token."""
    drop_upload(request, purpose)
    token = secrets.token_urlsafe(24)
    default_storage.save(_path(token), ContentFile(data))
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[purpose] = {"token": token, "sha256": hashlib.sha256(data).hexdigest()}
    request.session[SESSION_KEY] = kept
    return token


def kept_upload(request: HttpRequest, purpose: str, token: str) -> bytes:
    """The file kept under ``token`` for ``purpose`` in this session, or a ``DomainError``."""
    entry = request.session.get(SESSION_KEY, {}).get(purpose)
    gone = DomainError(_("The uploaded file is no longer available; upload it again."))
    if not entry or not secrets.compare_digest(str(entry["token"]), str(token)):
        raise gone
    try:
        with default_storage.open(_path(entry["token"]), "rb") as fh:
            data = fh.read()
    except FileNotFoundError as exc:
        raise gone from exc
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise gone
    return bytes(data)


def drop_upload(request: HttpRequest, purpose: str) -> None:
    """Delete the file kept for ``purpose`` in this session, if any."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    entry = kept.pop(purpose, None)
    if entry:
        default_storage.delete(_path(entry["token"]))
        request.session[SESSION_KEY] = kept
