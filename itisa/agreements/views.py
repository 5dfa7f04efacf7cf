"""Agreement pages: versions, the structured editor, sending for signature, signing, keys, downloads."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.agreements import services
from itisa.agreements.bundle import build_bundle
from itisa.agreements.choices import KeyStatus, VersionKind, VersionStatus
from itisa.agreements.compare import compare_versions
from itisa.agreements.content import (
    completeness_problems,
    content_problems,
    parse_agreement,
)
from itisa.agreements.editor import (
    SECTION_TITLES,
    Errors,
    accession_context,
    accession_from_post,
    content_from_post,
    editor_context,
    template_procedures,
)
from itisa.agreements.forms import (
    AccessionForm,
    ConfirmForm,
    KeyConfirmForm,
    KeyRegisterForm,
    ReasonForm,
    SignatureForm,
)
from itisa.agreements.models import AgreementVersion, SigningKey
from itisa.agreements.pdf import agreement_display, render_pdf
from itisa.agreements.permissions import (
    can_confirm_key,
    can_edit_agreements,
    can_revoke_key,
    can_view_agreements,
)
from itisa.agreements.selectors import (
    access_key,
    access_version,
    effective_version,
    keys_visible_to,
    party_organisations,
    signature_status,
    signing_terms,
    version_term_ends_on,
    versions_with_signatories,
)
from itisa.agreements.services.versions import active_member_organisations
from itisa.agreements.workflows import HOLDER, KEY_TRANSITIONS, SECRETARIAT, VERSION_TRANSITIONS
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import attachment
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, login_redirect, require


def agreement_panel(request: HttpRequest, alliance: Alliance) -> str:
    """The alliance page's agreement section: who has signed the effective and the open version."""
    if not can_view_agreements(request.user, alliance):
        return ""
    versions = list(versions_with_signatories(request.user, alliance))
    effective = next(
        (v for v in versions if v.status == VersionStatus.EFFECTIVE and v.kind != VersionKind.ACCESSION), None
    )
    open_versions = [v for v in versions if v.status == VersionStatus.OPEN]
    context = {
        "alliance": alliance,
        "effective": effective,
        "effective_rows": signature_status(effective) if effective else [],
        "term_ends_on": version_term_ends_on(effective) if effective else None,
        "today": timezone.localdate(),
        "open_versions": [(v, len(v.signatures.all()), len(v.signatories.all())) for v in open_versions],
        "can_edit": can_edit_agreements(request.user, alliance),
    }
    return render_to_string("agreements/_panel.html", context, request=request)


@login_redirect
@require_http_methods(["GET"])
def version_list(request: HttpRequest, code: str) -> HttpResponse:
    """Every version of the alliance's agreement, with actions for the secretariat."""
    alliance = access_alliance(request.user, code, need=can_view_agreements)
    versions = [
        (v, len(v.signatures.all()), len(v.signatories.all()))
        for v in versions_with_signatories(request.user, alliance)
    ]
    can_edit = can_edit_agreements(request.user, alliance)
    context = {
        "alliance": alliance,
        "versions": versions,
        "can_edit": can_edit,
        "effective": effective_version(alliance),
        "accession_form": AccessionForm() if can_edit else None,
    }
    return render(request, "agreements/version_list.html", context)


@login_redirect
@require_POST
def version_new(request: HttpRequest, code: str) -> HttpResponse:
    """Draft the founding agreement, or an amendment starting from the effective text."""
    alliance = access_alliance(request.user, code, need=can_view_agreements)
    require(request, can_edit_agreements(request.user, alliance))
    try:
        version = services.version_create(by=acting_user(request), alliance=alliance)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("agreements:version_list", code=alliance.code)
    return redirect("agreements:version_edit", code=alliance.code, number=version.number)


@login_redirect
@require_POST
def accession_new(request: HttpRequest, code: str) -> HttpResponse:
    """Draft an accession instrument for an organisation joining the effective agreement."""
    alliance = access_alliance(request.user, code, need=can_view_agreements)
    require(request, can_edit_agreements(request.user, alliance))
    form = AccessionForm(request.POST)
    if form.is_valid():
        org = Organisation.objects.filter(uscc=form.cleaned_data["organisation"].strip().upper()).first()
        if org is None:
            messages.error(request, _("No organisation with this credit code."))
        else:
            try:
                version = services.accession_create(
                    by=acting_user(request), alliance=alliance, organisation=org
                )
            except PermissionDenied:
                raise
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                return redirect("agreements:version_edit", code=alliance.code, number=version.number)
    else:
        messages.error(request, _("Enter the 18-character credit code of the acceding organisation."))
    return redirect("agreements:version_list", code=alliance.code)


def _checklist(version: AgreementVersion) -> list[tuple[str, str]]:
    """What still stops a draft agreement from being sent for signature (shown, not enforced, here)."""
    if version.kind == VersionKind.ACCESSION:
        return []
    content, errors = parse_agreement(version.content)
    if content is None:
        return [(k, m) for k, ms in errors.items() for m in ms]
    parties = {o.uscc for o in active_member_organisations(version.alliance)}
    problems = content_problems(content, parties)
    for path, msgs in completeness_problems(content, parties).items():
        problems.setdefault(path, []).extend(msgs)
    return [(k, m) for k, ms in problems.items() for m in ms]


@login_redirect
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The structured editor of a draft."""
    version = access_version(request.user, code, number)
    require(request, can_edit_agreements(request.user, version.alliance))
    if version.status != VersionStatus.DRAFT:
        messages.info(request, _("Only a draft can be edited; this version is frozen."))
        return redirect("agreements:version_detail", code=version.alliance.code, number=version.number)
    accession = version.kind == VersionKind.ACCESSION
    content: dict[str, Any] = version.content
    errors = Errors({})
    message = ""
    if request.method == "POST":
        content = accession_from_post(request.POST) if accession else content_from_post(request.POST)
        templated = not accession and bool(request.POST.get("procedures-template"))
        if templated:
            content["procedures"] = template_procedures(content["bodies"])
        try:
            services.version_update(by=acting_user(request), version=version, content=content)
        except PermissionDenied:
            raise
        except DomainError as exc:
            errors = Errors(exc.fields)
            message = exc.message
        else:
            if templated:
                messages.success(
                    request,
                    _(
                        "The template's procedures are filled in for the decision bodies; adjust them and save."
                    ),
                )
                edit = reverse("agreements:version_edit", args=[version.alliance.code, version.number])
                return redirect(f"{edit}#procedures")
            messages.success(request, _("Draft saved."))
            if request.POST.get("then") == "open":
                return redirect("agreements:version_open", code=version.alliance.code, number=version.number)
            return redirect("agreements:version_edit", code=version.alliance.code, number=version.number)
    if accession:
        org = version.acceding_organisation
        assert org is not None  # noqa: S101 (database constraint)
        editor = accession_context(content, errors, (org.uscc, org.name_zh))
    else:
        parties = [(o.uscc, o.name_zh) for o in active_member_organisations(version.alliance)]
        editor = editor_context(content, errors, parties)
    context = {
        "alliance": version.alliance,
        "version": version,
        "e": editor,
        "sections": SECTION_TITLES,
        "error_message": message,
        "checklist": _checklist(version) if not message else [],
    }
    return render(
        request, "agreements/accession_edit.html" if accession else "agreements/version_edit.html", context
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def version_open(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Send a draft for signature, after a confirmation page listing what will be frozen."""
    version = access_version(request.user, code, number)
    require(request, can_edit_agreements(request.user, version.alliance))
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opened = call_service(form, lambda: services.version_open(by=acting_user(request), version=version))
        if opened is not None:
            messages.success(request, _("%(version)s is open for signature.") % {"version": opened.label})
            return redirect("agreements:version_detail", code=version.alliance.code, number=version.number)
    parties = (
        [version.acceding_organisation]
        if version.kind == VersionKind.ACCESSION
        else active_member_organisations(version.alliance)
    )
    context = {
        "alliance": version.alliance,
        "version": version,
        "form": form,
        "parties": parties,
        "checklist": _checklist(version),
    }
    return render(request, "agreements/version_open.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def version_withdraw(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Withdraw a draft or a version open for signature: give a reason, then confirm."""
    version = access_version(request.user, code, number)
    require(request, can_edit_agreements(request.user, version.alliance))
    form = ReasonForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirming = True
        else:
            done = call_service(
                form,
                lambda: services.version_withdraw(
                    by=acting_user(request), version=version, reason=form.cleaned_data["reason"]
                ),
            )
            if done is not None:
                messages.success(request, _("%(version)s was withdrawn.") % {"version": done.label})
                return redirect(
                    "agreements:version_detail", code=version.alliance.code, number=version.number
                )
    context = {"alliance": version.alliance, "version": version, "form": form, "confirming": confirming}
    return render(request, "agreements/version_withdraw.html", context)


def _signable_keys(
    request: HttpRequest, version: AgreementVersion, rows: list[Any]
) -> list[tuple[SigningKey, Any]]:
    """The viewer's confirmed keys whose person currently represents a signatory that has not signed."""
    if version.status != VersionStatus.OPEN or not request.user.is_authenticated:
        return []
    unsigned = {
        r.signatory.organisation.legal_representative_id: r.signatory for r in rows if r.signature is None
    }
    keys = SigningKey.objects.filter(
        holder=request.user, status=KeyStatus.CONFIRMED, person_id__in=[k for k in unsigned if k]
    )
    return [(k, unsigned[k.person_id]) for k in keys]


@login_redirect
@require_http_methods(["GET"])
def version_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """A version: content, status and history, signatories with their signatures, actions."""
    version = access_version(request.user, code, number)
    rows = signature_status(version)
    can_edit = can_edit_agreements(request.user, version.alliance)
    display: dict[str, Any] = {}
    if version.kind != VersionKind.ACCESSION:
        content, _errors = parse_agreement(version.content)
        if content is not None:
            display = agreement_display(content)
    context = {
        "alliance": version.alliance,
        "version": version,
        "rows": rows,
        "signed": sum(1 for r in rows if r.signature),
        "history": list(version.status_changes.select_related("by")),
        "parties": list(party_organisations(version)) if version.status == VersionStatus.EFFECTIVE else [],
        "accessions": list(
            AgreementVersion.objects.filter(based_on=version, kind=VersionKind.ACCESSION).select_related(
                "acceding_organisation"
            )
        ),
        "can_edit": can_edit,
        "may_edit": bool(can_edit) and version.status == VersionStatus.DRAFT,
        **VERSION_TRANSITIONS.may(
            version.status,
            {SECRETARIAT} if can_edit else set(),
            open=VersionStatus.OPEN,
            withdraw=VersionStatus.WITHDRAWN,
        ),
        "can_sign": bool(_signable_keys(request, version, rows)),
        "d": display,
        "checklist": _checklist(version) if version.status == VersionStatus.DRAFT and can_edit else [],
        "show_summary": role_summary(request.user).has_any_role,
    }
    return render(request, "agreements/version_detail.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def version_sign(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Sign in this browser (WebCrypto, the key never leaves it) or paste a signature made elsewhere."""
    version = access_version(request.user, code, number)
    rows = signature_status(version)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation_id = None
        if form.cleaned_data["organisation"]:
            org = Organisation.objects.filter(uscc=form.cleaned_data["organisation"]).first()
            organisation_id = org.pk if org else None
        record = call_service(
            form,
            lambda: services.signature_submit(
                by=acting_user(request),
                version=version,
                key_id=form.cleaned_data["key_id"],
                signature=form.cleaned_data["signature"],
                organisation_id=organisation_id,
            ),
        )
        if record is not None:
            version.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("Signed for %(org)s.") % {"org": record.organisation.name_zh}
                + (
                    " " + _("Every party has signed: the version is effective.")
                    if version.status == VersionStatus.EFFECTIVE
                    else ""
                ),
            )
            return redirect("agreements:version_detail", code=version.alliance.code, number=version.number)
    keys = _signable_keys(request, version, rows)
    terms = signing_terms(version) if version.digest else None
    base = _base_for_comparison(version)
    context = {
        "alliance": version.alliance,
        "version": version,
        "rows": rows,
        "keys": keys,
        "form": form,
        "terms": terms,
        "statement_text": terms.statement.decode("ascii") if terms and terms.statement else "",
        "message_b64": base64.b64encode(terms.message).decode("ascii") if terms else "",
        "statement_filename": _statement_filename(version),
        "base": base,
        "compare_url": (
            reverse("agreements:version_compare", args=[version.alliance.code, version.number])
            if base
            else ""
        ),
    }
    return render(request, "agreements/version_sign.html", context)


def _statement_filename(version: AgreementVersion) -> str:
    return f"{version.alliance.code}-v{version.number}-statement.txt"


def _base_for_comparison(version: AgreementVersion) -> AgreementVersion | None:
    """The version to compare with: the one in force (or, once this took effect, the one it replaced)."""
    if version.kind == VersionKind.ACCESSION:
        return None
    current = effective_version(version.alliance)
    if current is not None and current.pk != version.pk:
        return current
    return version.based_on


@login_redirect
@require_http_methods(["GET"])
def version_statement(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The exact bytes a party signs (the statement, or the 32 digest bytes of a format-1 version)."""
    version = access_version(request.user, code, number)
    if not version.digest:
        raise Http404(_("A draft has no canonical form yet; send it for signature first."))
    terms = signing_terms(version)
    if terms.statement is None:
        return attachment(terms.message, "application/octet-stream", f"{code}-v{number}-digest.bin")
    return attachment(terms.message, "text/plain; charset=us-ascii", _statement_filename(version))


@login_redirect
@require_http_methods(["GET"])
def version_compare(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """This version next to the version in force, clause by clause: changed clauses highlighted,
    unchanged ones folded."""
    version = access_version(request.user, code, number)
    base = _base_for_comparison(version)
    if base is None:
        raise Http404(_("There is no version in force to compare with."))
    context = {
        "alliance": version.alliance,
        "version": version,
        "base": base,
        "clauses": compare_versions(base.content, version.content),
    }
    return render(request, "agreements/version_compare.html", context)


@login_redirect
def version_pdf(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = access_version(request.user, code, number)
    return attachment(
        render_pdf(version), "application/pdf", f"{version.alliance.code}-v{version.number}.pdf"
    )


@login_redirect
def version_bundle(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = access_version(request.user, code, number)
    if not version.digest:
        raise Http404(_("A draft has no canonical form yet; send it for signature first."))
    return attachment(
        build_bundle(version), "application/zip", f"{version.alliance.code}-v{version.number}-bundle.zip"
    )


@login_redirect
def version_canonical(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = access_version(request.user, code, number)
    if not version.digest:
        raise Http404(_("A draft has no canonical form yet; send it for signature first."))
    return attachment(
        bytes(version.canonical or b""), "application/json", f"{version.alliance.code}-v{version.number}.json"
    )


def _represented(request: HttpRequest) -> list[tuple[str, str]]:
    org_ids = [
        oid
        for oid, roles in role_summary(request.user).org_roles.items()
        if Role.LEGAL_REPRESENTATIVE in roles
    ]
    return [(o.uscc, o.name_zh) for o in Organisation.objects.filter(pk__in=org_ids).order_by("uscc")]


@login_redirect
@require_http_methods(["GET", "POST"])
def key_list(request: HttpRequest) -> HttpResponse:
    """Your signing keys (create one in this browser, or register one made with `itisa keys new`);
    for the secretariat, its members' keys awaiting confirmation."""
    require(request, _logged_in(request))
    organisations = _represented(request)
    form = KeyRegisterForm(request.POST or None, organisations=organisations) if organisations else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only a legal representative registers a signing key."))
        if form.is_valid():
            org = Organisation.objects.get(uscc=form.cleaned_data["organisation"])
            key = call_service(
                form,
                lambda: services.key_register(
                    by=acting_user(request),
                    organisation=org,
                    public_key=form.cleaned_data["public_key"],
                    label=form.cleaned_data["label"],
                    origin=form.cleaned_data["origin"] or "browser",
                ),
            )
            if key is not None:
                messages.success(
                    request,
                    _("Key %(key_id)s registered. The secretariat confirms it after checking your identity.")
                    % {"key_id": key.key_id},
                )
                return redirect("agreements:key_list")
    keys = list(keys_visible_to(request.user).order_by("status", "-registered_at"))
    own = [k for k in keys if k.holder_id == request.user.pk]
    others = [k for k in keys if k.holder_id != request.user.pk]
    context = {
        "form": form,
        # the holder revokes their own key while the key table allows it
        "own": [(k, KEY_TRANSITIONS.can_move(k.status, KeyStatus.REVOKED, {HOLDER})) for k in own],
        "others": [(k, can_confirm_key(request.user, k), can_revoke_key(request.user, k)) for k in others],
    }
    return render(request, "agreements/key_list.html", context)


def _logged_in(request: HttpRequest) -> Any:
    from itisa.core.decisions import Decision

    if request.user.is_authenticated:
        return Decision.allow()
    return Decision.deny(_("You must log in first."))


@login_redirect
@require_http_methods(["GET", "POST"])
def key_confirm(request: HttpRequest, key_id: str) -> HttpResponse:
    """Confirm that a key belongs to its person, saying how identity was checked."""
    require(request, _logged_in(request))
    key = access_key(request.user, key_id)
    require(request, can_confirm_key(request.user, key))
    form = KeyConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: services.key_confirm(
                by=acting_user(request), key=key, identity_check=form.cleaned_data["identity_check"]
            ),
        )
        if done is not None:
            messages.success(request, _("Key %(key_id)s confirmed.") % {"key_id": done.key_id})
            return redirect("agreements:key_list")
    return render(request, "agreements/key_confirm.html", {"key": key, "form": form})


@login_redirect
@require_http_methods(["GET", "POST"])
def key_revoke(request: HttpRequest, key_id: str) -> HttpResponse:
    """Revoke a key: give a reason, then confirm. Signatures made with it stay valid records."""
    require(request, _logged_in(request))
    key = access_key(request.user, key_id)
    require(request, can_revoke_key(request.user, key))
    form = ReasonForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirming = True
        else:
            done = call_service(
                form,
                lambda: services.key_revoke(
                    by=acting_user(request), key=key, reason=form.cleaned_data["reason"]
                ),
            )
            if done is not None:
                messages.success(request, _("Key %(key_id)s revoked.") % {"key_id": done.key_id})
                return redirect("agreements:key_list")
    return render(request, "agreements/key_revoke.html", {"key": key, "form": form, "confirming": confirming})
