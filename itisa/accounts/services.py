"""Writes to accounts: users, role assignments and API tokens, each audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts import actions
from itisa.accounts.choices import ROLE_SCOPES, Role, Scope
from itisa.accounts.models import ApiToken, RoleAssignment, User
from itisa.accounts.roles import forget_roles
from itisa.audit.models import AuditEntry
from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied, validation_error_fields
from itisa.core.values import is_blank, strip_text

TOKEN_PREFIX = "itisa_"  # noqa: S105  (a public marker, not a secret)


def _require_admin(by: User | None) -> None:
    if by is not None and not getattr(by, "is_superuser", False):
        raise PermissionDenied(_("Only an administrator manages users and roles."))


def user_create(
    *,
    by: User | None,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
    invitation: int | None = None,
) -> User:
    """Create a login. ``by=None`` is the system (set-up commands); otherwise an administrator.

    ``invitation``: the invitation whose invitee signs up (``invitations.services.invitation_signup``,
    ``by=None``); its id is recorded in the audit entry."""
    _require_admin(by)
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise DomainError(
                    _("The password is too weak."), fields={"password": list(exc.messages)}
                ) from exc
        user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc
    with transaction.atomic():
        user.save()
        data: dict[str, Any] = {"username": username, "superuser": is_superuser}
        if invitation is not None:
            data["invitation"] = invitation
        log_action(user, actions.USER_CREATED, by=by, data=data)
    return user


def role_scope_problem(
    *,
    role: str,
    alliance: Any = None,
    organisation: Any = None,
    province: str = "",
    industry: str = "",
    department: str = "",
) -> str:
    """Why this scope does not fit ``role`` (``choices.ROLE_SCOPES``), or "" when it does: an alliance
    role names an alliance and nothing else, a provincial one a province, and so on; only member contacts
    and legal representatives name an organisation. The one rule ``role_grant`` and invitations apply."""
    scope = ROLE_SCOPES[role]
    problems: dict[str, bool] = {
        Scope.ALLIANCE: alliance is None or bool(province or industry or department),
        Scope.PROVINCE: not province or alliance is not None or bool(industry or department),
        Scope.INDUSTRY: not industry or alliance is not None or bool(province or department),
        Scope.NATIONAL: alliance is not None or bool(province or industry or department),
        Scope.DEPARTMENT: is_blank(department) or alliance is not None or bool(province or industry),
    }
    if problems[scope]:
        return _("The role %(role)s is scoped to: %(scope)s.") % {"role": role, "scope": scope}
    if organisation is not None and role not in (Role.MEMBER_CONTACT, Role.LEGAL_REPRESENTATIVE):
        return _("Only member contacts and legal representatives act for an organisation.")
    return ""


def role_grant(
    *,
    by: User | None,
    user: User,
    role: str,
    alliance: Any = None,
    organisation: Any = None,
    province: str = "",
    industry: str = "",
    department: str = "",
    invitation: int | None = None,
    proposal: int | None = None,
    appointment: int | None = None,
) -> RoleAssignment:
    """Give ``user`` a role with the scope the role requires (see ``choices.ROLE_SCOPES``).

    ``by`` is an administrator, or None for the system (the ``role grant`` command). The one other way
    in is ``invitation``: the id of an invitation that ``invitations.services.invitation_accept`` has
    checked (the inviter may still grant this role in this scope); ``by`` is then the invitee accepting
    it, and the invitation's id goes into the audit entry. The other is ``proposal``: the id of a proposal
    to form an alliance that ``founding.services.proposal_accept`` has accepted; ``by`` is then the
    competent officer accepting it, who makes the proposer the new alliance's secretariat, and the
    proposal's id goes into the audit entry. The third is ``appointment``: the id of the confirmed appointed
    representative of ``organisation`` on whose behalf ``representatives.services`` names someone to act
    for it (the representative, its backup or delegate, checked there); ``by`` is that person.
    """
    if invitation is None and proposal is None and appointment is None:
        _require_admin(by)
    if role not in Role.values:
        raise DomainError(_("Unknown role %(role)s.") % {"role": role})
    problem = role_scope_problem(
        role=role,
        alliance=alliance,
        organisation=organisation,
        province=province,
        industry=industry,
        department=department,
    )
    if problem:
        raise DomainError(problem)
    candidate = RoleAssignment(
        user=user,
        role=role,
        alliance=alliance,
        organisation=organisation,
        province=province,
        industry=industry,
        department=strip_text(department),
    )
    try:
        candidate.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            alliance=alliance,
            organisation=organisation,
            province=province,
            industry=industry,
            department=strip_text(department),
        )
        if created:
            data: dict[str, Any] = {
                "user": user.username,
                "role": role,
                "alliance": getattr(alliance, "code", ""),
                "organisation": getattr(organisation, "uscc", ""),
                "province": province,
                "industry": industry,
            }
            if invitation is not None:
                data["invitation"] = invitation
            if proposal is not None:
                data["proposal"] = proposal
            if appointment is not None:
                data["appointment"] = appointment
            log_action(assignment, actions.ROLE_GRANTED, by=by, data=data)
    forget_roles(user)
    return assignment


def role_revoke(*, by: User | None, assignment: RoleAssignment, appointment: int | None = None) -> None:
    """Remove a role assignment (roles are not legal records; the audit entry keeps the history).

    ``by`` is an administrator or the system; or, with ``appointment`` (see ``role_grant``), the person who
    removes someone acting for an organisation on behalf of its appointed representative."""
    if appointment is None:
        _require_admin(by)
    data: dict[str, Any] = {"user": assignment.user.username, "role": assignment.role}
    if appointment is not None:
        data["appointment"] = appointment
    with transaction.atomic():
        log_action(assignment, actions.ROLE_REVOKED, by=by, data=data)
        assignment.delete()
    forget_roles(assignment.user)


def user_language_set(*, by: User, language: str) -> User:
    """The acting user's preferred language: the one their notifications, e-mails, links and calendar
    feed use. Audited when it changes; choosing the same language again writes nothing."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a valid language."), fields={"language": [_("Choose a valid language.")]})
    if by.preferred_language == language:
        return by
    with transaction.atomic():
        User.objects.filter(pk=by.pk).update(preferred_language=language)
        by.preferred_language = language
        log_action(by, actions.LANGUAGE_SET, by=by, data={"language": language})
    return by


SIGNUPS_PER_ADDRESS_PER_HOUR = 5


def address_digest(address: str) -> str:
    """The client address as the audit log keeps it: a salted digest, never the address itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:signup:{address}".encode()).hexdigest()[:32]


def _recent_from(action: str, digest: str) -> int:
    """How many entries of ``action`` the client address (its digest) left in the last hour: the audit log is
    the counter of anonymous requests, so the throttle holds across processes and restarts."""
    since = timezone.now() - timedelta(hours=1)
    return AuditEntry.objects.filter(action=action, at__gte=since, data__address=digest).count()


RESET_REQUESTS_PER_ADDRESS_PER_HOUR = 5


def password_reset_request(*, address: str) -> None:
    """Record a request for a password-reset link from ``address`` (a digest of it; never the e-mail address
    asked for, so the log does not tell whether an account has it), refusing more than
    ``RESET_REQUESTS_PER_ADDRESS_PER_HOUR`` an hour: each may send an e-mail to someone."""
    digest = address_digest(address)
    if _recent_from(actions.PASSWORD_RESET_REQUESTED, digest) >= RESET_REQUESTS_PER_ADDRESS_PER_HOUR:
        raise PermissionDenied(
            _(
                "Too many password-reset links were asked for from your address in the last hour. Try again later."
            )
        )
    log_action(None, actions.PASSWORD_RESET_REQUESTED, by=None, data={"address": digest})


def user_register(
    *, username: str, display_name: str, email: str, password: str, language: str, address: str
) -> User:
    """Self-service sign-up: anyone may propose an alliance (Art. 6 of 国科发政〔2008〕770号) or accept an
    invitation, so anyone may open an account. The account is inactive, with no role, until the link
    e-mailed to ``email`` confirms the address (``user_activate``). At most
    ``SIGNUPS_PER_ADDRESS_PER_HOUR`` sign-ups from one client address per hour (the audit log counts
    them by a digest of the address). A refused sign-up writes nothing."""
    digest = address_digest(address)
    if _recent_from(actions.USER_REGISTERED, digest) >= SIGNUPS_PER_ADDRESS_PER_HOUR:
        raise PermissionDenied(
            _("Too many accounts were opened from your address in the last hour. Try again later.")
        )
    errors: dict[str, list[str]] = {}
    email = strip_text(email)
    if not email:
        errors["email"] = [_("An e-mail address is needed: the link that opens the account is sent there.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose a valid language.")]
    if User.objects.filter(username__iexact=strip_text(username)).exists():
        errors["username"] = [_("This account name is taken.")]
    user = User(
        username=strip_text(username),
        display_name=strip_text(display_name),
        email=email,
        preferred_language=language,
        is_active=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password1"] = list(exc.messages)
    try:
        user.full_clean(exclude=["password", *errors])
    except ValidationError as exc:
        for field, messages in validation_error_fields(exc).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        log_action(user, actions.USER_REGISTERED, by=None,
                   data={"username": user.username, "address": digest, "language": language})  # fmt: skip
    return user


def user_activate(*, user: User) -> User:
    """Open a registered account: the e-mailed link (``web.signup``'s token) is the proof, so ``by`` is
    no one. An account already active is left as it is and nothing is written."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            return locked
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        log_action(locked, actions.USER_ACTIVATED, by=None, data={"username": locked.username})
    user.is_active = True
    return locked


PASSWORD_HOW = ("changed", "reset")


def user_password_set(*, by: User | None, user: User, password: str, how: str) -> User:
    """Set ``user``'s password: ``how`` is "changed" (the user, who gave the old one on the page) or
    "reset" (through the e-mailed one-time link: ``by`` is None, the link is the proof). The password
    passes Django's validators; the entry records how, never the password or its hash."""
    if how not in PASSWORD_HOW:
        raise ValueError(how)
    if how == "changed" and (by is None or by.pk != user.pk):
        raise PermissionDenied(_("Only the user changes their own password."))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(
            _("The password is too weak."), fields={"new_password1": list(exc.messages)}
        ) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        log_action(user, actions.PASSWORD_SET, by=by, data={"how": how})
    return user


PROFILE_FIELDS = ("display_name", "first_name", "last_name", "email", "preferred_language")


def user_profile_update(*, by: User, values: dict[str, str]) -> User:
    """The acting user's own profile: the name they go by, their real name, e-mail and language.
    Audited with what changed (from/to); nothing changed writes nothing."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    user = User.objects.get(pk=by.pk)
    before = {f: getattr(user, f) for f in PROFILE_FIELDS}
    for field in PROFILE_FIELDS:
        if field in values:
            setattr(user, field, strip_text(values[field]))
    if user.preferred_language not in dict(settings.LANGUAGES):
        raise DomainError(
            _("Choose a valid language."), fields={"preferred_language": [_("Choose a valid language.")]}
        )
    try:
        user.full_clean(exclude=["password", "username"])
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc
    changed = [f for f in PROFILE_FIELDS if getattr(user, f) != before[f]]
    if not changed:
        return user
    with transaction.atomic():
        user.save(update_fields=changed)
        log_action(
            user,
            actions.PROFILE_CHANGED,
            by=by,
            data={f: {"from": before[f], "to": getattr(user, f)} for f in changed},
        )
    for field in changed:
        setattr(by, field, getattr(user, field))
    return user


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(*, by: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token for ``by``; return it with the secret, which is shown only once."""
    if not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    name = strip_text(name)
    if not name:
        raise DomainError(_("Name the token."), fields={"name": [_("This field is required.")]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=by, name=name[:100], prefix=secret[:12], digest=_digest(secret))
        log_action(token, actions.TOKEN_CREATED, by=by, data={"name": token.name, "prefix": token.prefix})
    return token, secret


def api_token_revoke(*, by: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens."""
    if token.user_id != by.pk and not by.is_superuser:
        raise PermissionDenied(_("You may revoke only your own tokens."))
    with transaction.atomic():
        obj = ApiToken.objects.select_for_update().get(pk=token.pk)
        if obj.revoked_at is None:
            obj.revoked_at = timezone.now()
            obj.save(update_fields=["revoked_at"])
            log_action(obj, actions.TOKEN_REVOKED, by=by, data={"prefix": obj.prefix})
    return obj


def api_token_authenticate(secret: str) -> User | None:
    """The active user a token secret belongs to, or None. Records the last use."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
