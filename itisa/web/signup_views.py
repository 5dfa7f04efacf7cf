"""Opening an account without the command line or the admin (issue 22): anyone may propose an alliance
(Art. 6 of 国科发政〔2008〕770号), so anyone may sign up. The account stays inactive, with no role, until the
one-time link e-mailed to its address is followed (``accounts.services.user_register`` / ``user_activate``,
both audited). Roles come afterwards, from an invitation or from an accepted proposal, never from here."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from itisa.accounts.models import User
from itisa.accounts.services import user_activate, user_register
from itisa.core.errors import DomainError, PermissionDenied
from itisa.ui.forms import StyledForm

logger = logging.getLogger(__name__)


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset link, but its own salt, and it dies once the account is active."""

    key_salt = "itisa.web.signup.ActivationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token = ActivationTokenGenerator()


class SignupForm(StyledForm):
    username = forms.CharField(
        label=gettext_lazy("Account name"),
        max_length=150,
        help_text=gettext_lazy("Letters, digits and @ . + - _ only; you log in with it."),
    )
    display_name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=100,
        help_text=gettext_lazy("Shown to others on pages, minutes and vouchers."),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"), help_text=gettext_lazy("The link that opens your account is sent here.")
    )
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False,
                                help_text=gettext_lazy("At least 10 characters, not only digits, not a common password."))  # fmt: skip
    password2 = forms.CharField(label=gettext_lazy("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


def activation_url(user: User) -> str:
    """The absolute address of the account's one-time activation page, in the account's language."""
    with translation.override(user.preferred_language):
        path = reverse(
            "web:signup_confirm",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": activation_token.make_token(user)},
        )  # fmt: skip
    return settings.SITE_URL.rstrip("/") + path


def send_activation(user: User) -> bool:
    """E-mail the activation link in the account's language; False (logged) when the mail server refuses."""
    with translation.override(user.preferred_language):
        subject = _("ITISA: open your account")
        body = _(
            "Hello %(name)s,\n\nSomeone (we hope you) opened the account %(username)s on the Industrial "
            "Technology Innovation Strategic Alliance Management Platform with this e-mail address. To open it, "
            "follow this link (it works once):\n\n%(link)s\n\nIf this was not you, ignore this e-mail: the "
            "account stays closed."
        ) % {
            "name": user.display_name or user.username,
            "username": user.username,
            "link": activation_url(user),
        }
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("activation e-mail for user %s not sent", user.pk)
        return False
    return True


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The sign-up form; on success the activation e-mail goes out and the page says where to look."""
    if request.user.is_authenticated:
        return redirect("web:home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = user_register(username=d["username"], display_name=d["display_name"], email=d["email"],
                                 password=d["password1"], language=translation.get_language() or settings.LANGUAGE_CODE,
                                 address=_client_address(request))  # fmt: skip
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 429
        except DomainError as exc:
            for field, errors in (exc.fields or {}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            transaction.on_commit(lambda: send_activation(user))
            return redirect("web:signup_sent")
    if form.errors and status == 200:
        status = 400
    return render(request, "web/signup.html", {"form": form}, status=status)


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "web/signup_sent.html")


def _user_of(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk).first()


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link's page: a button opens the account (a GET changes nothing, so mail scanners that follow
    links do not open accounts); then the person is signed in."""
    user = _user_of(uidb64)
    valid = user is not None and not user.is_active and activation_token.check_token(user, token)
    if not valid or user is None:
        return render(request, "web/signup_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        user = user_activate(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Your account is open. You may now propose an alliance or accept an invitation.")
        )
        return redirect("web:home")
    return render(request, "web/signup_confirm.html", {"valid": True, "account": user})
