"""Licensing pages: an alliance's licences with the calendar of royalty reports due, a licence with its
receipts and their split (record a receipt; approve a split, confirmed first), and a member's statement
of its shares (page and Excel). Thin: parse, call the selectors, permissions and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import Sheet, attachment, xlsx_download
from itisa.core.formats import money
from itisa.licensing import services
from itisa.licensing.forms import (
    ApproveForm,
    ContractForm,
    LicenceForm,
    ObjectionForm,
    ReceiptForm,
    TransferForm,
)
from itisa.licensing.permissions import can_act_for_member, can_keep_licences, can_view_licences
from itisa.licensing.selectors import (
    access_licence,
    access_transfer,
    contracts_of,
    licences_of,
    member_statement,
    objecting_owners,
    reports_due_in,
    statement_total,
    transfer_documents,
    transfers_of,
)
from itisa.membership.models import Membership
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance, access_organisation
from itisa.results.models import Result
from itisa.ui.pages import call_service, confirm_step, login_redirect, require

CALENDAR_DAYS = 90


def licences_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: a link to its licences, for those who see them (no query)."""
    if not can_view_licences(request.user, alliance):
        return ""
    return render_to_string("licensing/_panel.html", {"alliance": alliance}, request=request)


@require_http_methods(["GET"])
@login_redirect
def licence_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's licences and the royalty reports due in the next 90 days."""
    alliance = access_alliance(request.user, code, need=can_view_licences)
    licences = list(licences_of(request.user, alliance))
    context = {
        "alliance": alliance, "licences": licences, "days": CALENDAR_DAYS,
        "due": reports_due_in(licences, today=timezone.localdate(), within=CALENDAR_DAYS),
        "keeper": bool(can_keep_licences(request.user, alliance)),
    }  # fmt: skip
    return render(request, "licensing/list.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def licence_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a licence of one of the alliance's results (an exclusive one with every owner's consent)."""
    alliance = access_alliance(request.user, code, need=can_keep_licences)
    results = Result.objects.filter(alliance=alliance).order_by("code")
    members = Organisation.objects.filter(
        memberships__in=Membership.objects.active().filter(alliance=alliance)
    )
    form = LicenceForm(
        request.POST or None,
        results=[(str(r.pk), f"{r.code} {r.title_zh}") for r in results],
        members=[("", "—")] + [(str(o.pk), o.name_zh) for o in members.order_by("name_zh")],
    )
    if request.method == "POST" and form.is_valid():
        licence = call_service(
            form,
            lambda: services.licence_grant(by=acting_user(request), alliance=alliance, data=form.to_input()),
        )
        if licence is not None:
            messages.success(request, _("The licence %(code)s is recorded.") % {"code": licence.code})
            return redirect("licensing:detail", code=code, licence=licence.code)
    return render(request, "licensing/form.html", {"alliance": alliance, "form": form})


@login_redirect
@require_http_methods(["GET", "POST"])
def licence_detail(request: HttpRequest, code: str, licence: str) -> HttpResponse:
    """A licence, its receipts and their split; the secretariat records a receipt here."""
    obj = access_licence(request.user, code, licence)
    keeper = bool(can_keep_licences(request.user, obj.alliance))
    form = ReceiptForm(request.POST or None)
    if request.method == "POST":
        require(request, can_keep_licences(request.user, obj.alliance))
        if form.is_valid():
            receipt = call_service(
                form,
                lambda: services.receipt_record(by=acting_user(request), licence=obj, data=form.to_input()),
            )
            if receipt is not None:
                messages.success(request, _("The receipt is recorded and split."))
                return redirect("licensing:detail", code=code, licence=licence)
    context = {"alliance": obj.alliance, "licence": obj, "receipts": list(obj.receipts.all()), "keeper": keeper,
               "form": form}  # fmt: skip
    return render(request, "licensing/detail.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def split_approve(request: HttpRequest, code: str, licence: str, seq: int) -> HttpResponse:
    """Approve a receipt's split: its journal entry is drafted and submitted; confirmed first."""
    obj = access_licence(request.user, code, licence)
    require(request, can_keep_licences(request.user, obj.alliance))
    receipt = next((r for r in obj.receipts.all() if r.seq == seq), None)
    if receipt is None:
        raise Http404(_("No such receipt."))
    form = ApproveForm(request.POST or None)
    done, confirming = confirm_step(
        request, form, lambda: services.receipt_approve_split(by=acting_user(request), receipt=receipt)
    )
    if done is not None:
        messages.success(
            request, _("The split is approved: its journal entry waits for the ledger's approval.")
        )
        return redirect("licensing:detail", code=code, licence=licence)
    context = {
        "alliance": obj.alliance, "licence": obj, "form": form, "confirming": confirming or request.method == "GET",
        "title": _("Approve the split of receipt #%(seq)s") % {"seq": seq},
        "warning": _("A journal entry of %(amount)s is drafted and submitted: Dr bank; Cr each member's and "
                     "each inventor's share payable and the alliance's share as income. It is kept for good.")
        % {"amount": money(receipt.amount, "¥")},
    }  # fmt: skip
    return render(request, "licensing/confirm.html", context)


@require_http_methods(["GET"])
@login_redirect
def statement(request: HttpRequest, code: str, uscc: str) -> HttpResponse:
    """A member's statement: its shares of the alliance's receipts; ``?format=xlsx`` downloads it."""
    alliance = access_alliance(request.user, code)
    organisation = access_organisation(request.user, uscc)
    require(request, can_act_for_member(request.user, alliance, organisation.pk))
    rows = member_statement(request.user, alliance, organisation)
    total = statement_total(alliance, organisation)
    if request.GET.get("format") == "xlsx":
        sheet = Sheet(
            name=_("Statement"),
            title=[[alliance.name_zh], [organisation.name_zh, organisation.uscc]],
            header=[_("Licence"), _("Result"), _("Receipt"), _("Received on"), _("Beneficiary"), _("Amount (CNY)"),
                    _("Posted")],
            rows=[[r.licence, r.result, r.seq, r.received_on, r.label, r.amount,
                   _("Yes") if r.posted else _("No")] for r in rows] + [["", "", "", "", _("Total"), total, ""]],
            number_formats={6: "#,##0.00"},
        )  # fmt: skip
        return xlsx_download(f"statement-{alliance.code}-{organisation.uscc}.xlsx", [sheet])
    context = {"alliance": alliance, "organisation": organisation, "rows": rows, "total": total}
    if request.GET.get("format") == "pdf":
        return _statement_pdf(context)
    return render(request, "licensing/statement.html", context)


def _statement_pdf(context: dict[str, Any]) -> HttpResponse:
    """The statement as a PDF to print and file (in Chinese, the language of the record)."""
    from django.utils import translation

    from itisa.core.pdf import font_uris, html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string(
            "licensing/statement_pdf.html",
            {**context, "fonts": font_uris(), "today": timezone.localdate()},
        )
    alliance, organisation = context["alliance"], context["organisation"]
    return attachment(
        html_to_pdf(html), "application/pdf", f"statement-{alliance.code}-{organisation.uscc}.pdf"
    )


def _transfer_forms(request: HttpRequest, alliance: Any) -> TransferForm:
    results = Result.objects.filter(alliance=alliance).order_by("code")
    organisations = Organisation.objects.order_by("name_zh")
    return TransferForm(
        request.POST if request.method == "POST" and "transferee" in request.POST else None,
        results=[(str(r.pk), f"{r.code} {r.title_zh}") for r in results],
        organisations=[(str(o.pk), f"{o.name_zh} ({o.uscc})") for o in organisations],
    )


def _transfers_page(
    request: HttpRequest,
    alliance: Any,
    *,
    form: TransferForm | None = None,
    contract_form: ContractForm | None = None,
) -> HttpResponse:
    """The transfers with their state and window, the objection each viewer may make, and the contracts."""
    today = timezone.localdate()
    transfers = list(transfers_of(request.user, alliance))
    docs = transfer_documents(transfers, today=today)
    may_object = objecting_owners(request.user, alliance, transfers)
    rows = []
    for t, doc in zip(transfers, docs, strict=True):
        choices = [(str(org), name) for org, name in may_object[t.pk]]
        objection = (
            ObjectionForm(owners=choices, prefix=t.code) if choices and doc["state"] == "waiting" else None
        )
        rows.append({**doc, "objection_form": objection})
    keeper = bool(can_keep_licences(request.user, alliance))
    context = {
        "alliance": alliance, "transfers": rows, "keeper": keeper,
        "contracts": list(contracts_of(request.user, alliance)),
        "form": form or (_transfer_forms(request, alliance) if keeper else None),
        "contract_form": contract_form or (ContractForm() if keeper else None),
    }  # fmt: skip
    return render(request, "licensing/transfers.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def transfer_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's transfers and technology contracts; the secretariat notifies a transfer here."""
    alliance = access_alliance(request.user, code, need=can_view_licences)
    if request.method != "POST":
        return _transfers_page(request, alliance)
    require(request, can_keep_licences(request.user, alliance))
    form = _transfer_forms(request, alliance)
    if form.is_valid():
        transfer = call_service(
            form,
            lambda: services.transfer_notify(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if transfer is not None:
            messages.success(request, _("The transfer %(code)s is recorded.") % {"code": transfer.code})
            return redirect("licensing:transfers", code=code)
    return _transfers_page(request, alliance, form=form)


@login_redirect
@require_http_methods(["POST"])
def contract_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a registered technology contract (its registration number is checked)."""
    alliance = access_alliance(request.user, code, need=can_keep_licences)
    form = ContractForm(request.POST)
    if form.is_valid():
        row = call_service(
            form,
            lambda: services.contract_register(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if row is not None:
            messages.success(request, _("The contract %(number)s is recorded.") % {"number": row.number})
            return redirect("licensing:transfers", code=code)
    return _transfers_page(request, alliance, contract_form=form)


@login_redirect
@require_http_methods(["POST"])
def transfer_object(request: HttpRequest, code: str, transfer: str) -> HttpResponse:
    """A joint owner objects to a transfer within its window (its contact, or the secretariat for it)."""
    alliance = access_alliance(request.user, code, need=can_view_licences)
    obj = access_transfer(request.user, code, transfer)
    owners = [(str(org), name) for org, name in objecting_owners(request.user, alliance, [obj])[obj.pk]]
    if not owners:
        require(request, can_act_for_member(request.user, alliance, None))
    form = ObjectionForm(request.POST, prefix=obj.code, owners=owners)
    if form.is_valid():
        organisation = Organisation.objects.get(pk=int(form.cleaned_data["organisation"]))
        done = call_service(form, lambda: services.transfer_object(
            by=acting_user(request), transfer=obj, organisation=organisation, reason=form.cleaned_data["reason"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("The objection is recorded: the transfer will not complete."))
            return redirect("licensing:transfers", code=code)
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect("licensing:transfers", code=code)


@login_redirect
@require_http_methods(["GET", "POST"])
def transfer_complete(request: HttpRequest, code: str, transfer: str) -> HttpResponse:
    """Complete a transfer after its window without objection; confirmed first."""
    obj = access_transfer(request.user, code, transfer)
    require(request, can_keep_licences(request.user, obj.alliance))
    form = ApproveForm(request.POST or None)
    done, confirming = confirm_step(
        request, form, lambda: services.transfer_complete(by=acting_user(request), transfer=obj)
    )
    if done is not None:
        messages.success(
            request, _("The transfer %(code)s is completed: the owners changed.") % {"code": obj.code}
        )
        return redirect("licensing:transfers", code=code)
    context = {
        "alliance": obj.alliance, "form": form, "confirming": confirming or request.method == "GET",
        "title": _("Complete transfer %(code)s") % {"code": obj.code},
        "warning": _("%(transferee)s takes %(transferor)s's share of %(result)s: the result's owners change "
                     "for good.") % {"transferee": obj.transferee.name_zh, "transferor": obj.transferor.name_zh,
                                     "result": obj.result.code},
    }  # fmt: skip
    return render(request, "licensing/transfer_confirm.html", context)
