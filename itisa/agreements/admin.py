"""Read-only admin of agreements, keys and signatures: writes go through the audited services."""

from django.contrib import admin

from itisa.agreements.models import AgreementVersion, Signatory, Signature, SigningKey, VersionStatusChange
from itisa.core.admin_mixins import ReadOnlyAdmin


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "number", "kind", "status", "digest", "opened_at", "effective_at")
    list_filter = ("kind", "status")
    search_fields = ("alliance__code", "digest")
    exclude = ("canonical",)


@admin.register(Signatory)
class SignatoryAdmin(ReadOnlyAdmin):
    list_display = ("version", "position", "name_zh", "uscc", "capacity", "representative_name")
    search_fields = ("uscc", "name_zh", "version__alliance__code")


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("key_id", "person", "organisation", "holder", "status", "registered_at", "confirmed_at")
    list_filter = ("status", "origin")
    search_fields = ("key_id", "person__name_zh", "organisation__uscc")
    exclude = ("public_key",)


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("version", "organisation", "signer_name", "key", "signed_at", "imported")
    search_fields = ("version__alliance__code", "organisation__uscc", "signer_name")
    exclude = ("signature",)


@admin.register(VersionStatusChange)
class VersionStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("version", "old_status", "new_status", "actor_label", "at")
