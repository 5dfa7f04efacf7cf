"""A person's own account: the profile (name, e-mail, language), changing the password, and resetting a
forgotten one through a one-time link sent by e-mail (Django's token generator: the link dies once the
password changes, and after ``PASSWORD_RESET_TIMEOUT``). Every change goes through an accounts service
and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.accounts.models import User
from itisa.accounts.services import password_reset_request, user_password_set, user_profile_update
from itisa.core.errors import DomainError, PermissionDenied
from itisa.ui.forms import StyledForm


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"


class ProfileForm(StyledForm):
    display_name = forms.CharField(
        label=gettext_lazy("Name shown to others"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Shown on pages, vouchers and minutes instead of your account name."),
    )
    last_name = forms.CharField(label=gettext_lazy("Family name"), max_length=150, required=False)
    first_name = forms.CharField(label=gettext_lazy("Given name"), max_length=150, required=False)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        help_text=gettext_lazy("Notifications and password-reset links are sent here."),
    )
    preferred_language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's profile: the name others see, real name, e-mail and language."""
    user: User = acting_user(request)
    initial = {
        "display_name": user.display_name,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "preferred_language": user.preferred_language,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(by=user, values=form.cleaned_data)
        except DomainError as exc:
            for field, errors in (exc.fields or {}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("web:profile")
    return render(
        request, "web/profile.html", {"form": form, "account": user}, status=400 if form.errors else 200
    )


class _ServicePasswordChangeForm(PasswordChangeForm):
    """Django's change form (old password checked, new one twice, validators), saved through the service."""

    def save(self, commit: bool = True) -> Any:
        return user_password_set(
            by=self.user, user=self.user, password=self.cleaned_data["new_password1"], how="changed"
        )


class _ServiceSetPasswordForm(SetPasswordForm):
    """The reset link's form, saved through the service (by no one: the link is the proof)."""

    def save(self, commit: bool = True) -> Any:
        return user_password_set(
            by=None, user=self.user, password=self.cleaned_data["new_password1"], how="reset"
        )


class _LocalisedResetForm(PasswordResetForm):
    """Sends the link in each recipient's own language (``User.preferred_language``)."""

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:  # fmt: skip
        with translation.override(context["user"].preferred_language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = _ServicePasswordChangeForm(user, request.POST or None)
    _styled(form)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, user)  # this session stays signed in; the others end
        messages.success(request, _("Your password was changed."))
        return redirect("web:profile")
    return render(request, "web/password_change.html", {"form": form}, status=400 if form.errors else 200)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link: the same answer whether or not the address is known (no account probing)."""

    template_name = "web/password_reset.html"
    form_class = _LocalisedResetForm
    email_template_name = "web/email/password_reset.txt"
    subject_template_name = "web/email/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        _styled(form)
        return form

    def form_valid(self, form: Any) -> Any:
        """Throttled per client address (``accounts.services.password_reset_request``) before any mail."""
        try:
            with transaction.atomic():
                password_reset_request(address=str(self.request.META.get("REMOTE_ADDR") or ""))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/password_reset_confirm.html"
    form_class = _ServiceSetPasswordForm
    success_url = reverse_lazy("web:password_reset_complete")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        _styled(form)
        return form


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/password_reset_complete.html"
