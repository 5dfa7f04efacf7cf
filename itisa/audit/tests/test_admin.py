"""The admin shows audit entries read-only."""

from __future__ import annotations

from django.contrib import admin
from django.test import Client, RequestFactory

from itisa.audit.models import AuditEntry
from tests.factories import UserFactory


def test_admin_lists_entries_and_allows_no_writes(chain: list[AuditEntry], client: Client) -> None:
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    listing = client.get("/admin/audit/auditentry/")
    detail = client.get(f"/admin/audit/auditentry/{chain[1].pk}/change/")
    assert (listing.status_code, detail.status_code) == (200, 200)
    assert "audit.test.noted" in listing.content.decode()
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{chain[1].pk}/delete/", {"post": "yes"}).status_code == 403
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[AuditEntry]
    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, chain[1]),
        model_admin.has_delete_permission(request, chain[1]),
    ) == (False, False, False)
    assert AuditEntry.objects.count() == 5
