"""Voucher attachments: hostile uploads are sniffed, capped and stored under a random name; downloads are checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.ledger.models import Attachment
from itisa.ledger.services import attachment_add, entry_draft

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _entry(world: Any, books: Any) -> Any:
    postings = [
        {"account": "1002", "fund": str(books.dues.pk), "amount": "10.00"},
        {"account": "4201", "fund": str(books.dues.pk), "amount": "-10.00"},
    ]
    entry, _ = entry_draft(
        by=world.user("secretariat"),
        book=books.book,
        date=dt.date(2026, 4, 1),
        memo="a",
        postings=postings,
        idempotency_key="att",
    )
    return entry


def test_a_pdf_is_kept_under_its_hash_and_bad_files_are_refused(
    world: Any, books: Any, tmp_path: Any
) -> None:
    entry = _entry(world, books)
    s = world.user("secretariat")
    a = attachment_add(by=s, entry=entry, name="../../etc/合同.pdf", data=PDF)
    assert (a.content_type, a.extension, a.size, a.original_name) == (
        "application/pdf",
        ".pdf",
        len(PDF),
        "....etc合同.pdf",
    )
    assert a.file.name == f"ledger/{books.book.pk}/{a.sha256[:2]}/{a.sha256}.pdf"
    assert (tmp_path / a.file.name).read_bytes() == PDF
    before = (Attachment.objects.count(), AuditEntry.objects.count())
    for name, data, message in (
        ("evil.pdf", b"<script>alert(1)</script>", "Only PDF, JPEG and PNG"),
        ("empty.pdf", b"", "empty"),
        ("huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ):
        with pytest.raises(DomainError, match=message):
            attachment_add(by=s, entry=entry, name=name, data=data)
    with pytest.raises(Conflict):
        attachment_add(by=s, entry=entry, name="again.pdf", data=PDF)
    with pytest.raises(PermissionDenied):
        attachment_add(by=world.user("fund_supervisor"), entry=entry, name="x.pdf", data=PDF)
    assert (Attachment.objects.count(), AuditEntry.objects.count()) == before


def test_upload_and_download_through_the_pages(world: Any, books: Any) -> None:
    entry = _entry(world, books)
    c = Client()
    c.force_login(world.user("secretariat"))
    c.post(
        f"/en/ledger/entries/{entry.pk}/attachments/",
        {
            "file": SimpleUploadedFile(
                "发票.png", b"\x89PNG\r\n\x1a\n" + b"x" * 10, content_type="application/pdf"
            )
        },
    )
    a = Attachment.objects.get()
    assert (a.content_type, a.original_name) == ("image/png", "发票.png")
    sup = Client()
    sup.force_login(world.user("fund_supervisor"))
    r = sup.get(f"/en/ledger/entries/{entry.pk}/attachments/{a.pk}/")
    assert (r.status_code, r["Content-Type"], r["Content-Disposition"]) == (
        200,
        "image/png",
        f'attachment; filename="{entry.pk}-{a.sha256[:12]}.png"',
    )
    assert b"".join(r.streaming_content) == b"\x89PNG\r\n\x1a\n" + b"x" * 10
    other = Client()
    other.force_login(world.user("council_member"))
    assert other.get(f"/en/ledger/entries/{entry.pk}/attachments/{a.pk}/").status_code == 404
    assert (
        sup.post(
            f"/en/ledger/entries/{entry.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", PDF)}
        ).status_code
        == 403
    )
    assert Attachment.objects.count() == 1
