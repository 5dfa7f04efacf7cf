"""The public catalogue: the secretariat writes what the public may see of a result (``listing_save``),
publishes and withdraws it (``listing_publish``: moderation; the result's public flag follows through the
results service), and the platform keeps each published entry's search row (``SearchDoc``) and licensing
facts in step (``listing_licensing_refresh``, after a licence is recorded). The public writes to the
secretariat through an entry (``enquiry_submit``: rate-limited per sender)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.diffusion import actions, notices
from itisa.diffusion.choices import ListingStatus as L
from itisa.diffusion.choices import Means
from itisa.diffusion.models import ContactMessage, Diffusion, Listing, ListingStatusChange, SearchDoc
from itisa.diffusion.permissions import can_keep_catalogue
from itisa.diffusion.rules import tokens
from itisa.diffusion.services.inputs import EnquiryInput, ListingInput
from itisa.diffusion.services.obligations import obligations_settle_result
from itisa.diffusion.workflows import LISTING_TRANSITIONS
from itisa.results.models import Owner, Result
from itisa.results.services import result_publish

if TYPE_CHECKING:
    from itisa.accounts.models import User

# enquiries one sender (address digest) may send per hour, and to one entry per day
ENQUIRIES_PER_HOUR = 5


def _require(by: Any, alliance: Any) -> None:
    decision = can_keep_catalogue(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def _length(errors: dict[str, list[str]], field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[field] = [_("At most %(n)d characters.") % {"n": limit}]


def listing_save(*, by: User, result: Result, data: ListingInput) -> Listing:
    """Create or change a result's catalogue entry. A published entry's search row follows at once."""
    with transaction.atomic():
        obj = Result.objects.select_for_update().select_related("alliance").get(pk=result.pk)
        _require(by, obj.alliance)
        errors: dict[str, list[str]] = {}
        if is_blank(data.abstract_zh):
            errors["abstract_zh"] = [_("Write the abstract the public will read.")]
        for field, limit in (("abstract_zh", 2000), ("abstract_en", 2000), ("keywords", 300)):
            _length(errors, field, strip_text(getattr(data, field)), limit)
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        values = {
            "abstract_zh": strip_text(data.abstract_zh), "abstract_en": strip_text(data.abstract_en),
            "keywords": strip_text(data.keywords), "show_owners": data.show_owners,
            "show_number": data.show_number, "contact": data.contact,
        }  # fmt: skip
        listing = Listing.objects.select_for_update().filter(result=obj).first()
        if listing is None:
            listing = Listing(alliance=obj.alliance, result=obj, **values)
            listing.full_clean()
            listing.save()
            history = ListingStatusChange.objects.create(listing=listing, new_status=L.DRAFT, by=by,
                                                         at=timezone.now())  # fmt: skip
            log_action(
                listing, actions.LISTING_SAVED, by=by, data={"result": obj.pk, **values}, sealed=[history]
            )
            return listing
        for name, value in values.items():
            setattr(listing, name, value)
        listing.full_clean()
        listing.save(update_fields=[*values, "updated_at"])
        if listing.status == L.PUBLISHED:
            _index(listing)
        log_action(listing, actions.LISTING_SAVED, by=by, data={"result": obj.pk, **values})
        return listing


def listing_publish(*, by: User, listing: Listing, now: dt.datetime | None = None) -> Listing:
    """Show the entry to the public (moderation): its search row is written, the result becomes public, and
    the first publication is recorded as a diffusion by catalogue, which settles the result's obligations."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = Listing.objects.select_for_update().select_related("result", "alliance").get(pk=listing.pk)
        _require(by, obj.alliance)
        obj.published_at = now
        move(obj, L.PUBLISHED, by=by, actors=_actors(by, obj), table=LISTING_TRANSITIONS,
             history=ListingStatusChange, action=actions.LISTING_MOVED, fields=["published_at"], at=now,
             data={"listing": obj.pk, "result": obj.result_id, "to": L.PUBLISHED})  # fmt: skip
        if not obj.result.public:
            result_publish(by=by, result=obj.result, public=True)
        _index(obj)
        if not Diffusion.objects.filter(listing=obj).exists():
            row = Diffusion.objects.create(result=obj.result, means=Means.CATALOGUE, on=timezone.localdate(now),
                                           listing=obj, by=by, at=now)  # fmt: skip
            log_action(obj.result, actions.DIFFUSION_RECORDED, by=by, sealed=[row], data={
                "diffusion": row.pk, "means": row.means, "on": row.on.isoformat(), "listing": obj.pk,
            })  # fmt: skip
            obligations_settle_result(result_id=obj.result_id, now=now, by=by)
        return obj


def listing_withdraw(*, by: User, listing: Listing, comment: str = "") -> Listing:
    """Take the entry out of the public catalogue (its search row goes; the result is no longer public).
    Diffusions already recorded stay: the entry was public on those days."""
    with transaction.atomic():
        obj = Listing.objects.select_for_update().select_related("result", "alliance").get(pk=listing.pk)
        _require(by, obj.alliance)
        move(obj, L.WITHDRAWN, by=by, actors=_actors(by, obj), table=LISTING_TRANSITIONS,
             history=ListingStatusChange, action=actions.LISTING_MOVED, comment=strip_text(comment),
             data={"listing": obj.pk, "result": obj.result_id, "to": L.WITHDRAWN})  # fmt: skip
        SearchDoc.objects.filter(listing=obj).delete()
        if obj.result.public:
            result_publish(by=by, result=obj.result, public=False)
        return obj


def _actors(by: Any, listing: Listing) -> set[str]:
    from itisa.accounts.choices import Role

    return {Role.SECRETARIAT} if can_keep_catalogue(by, listing.alliance) else set()


def licence_reach(result_id: int) -> tuple[dt.date | None, dt.date | None]:
    """The last day of any licence of the result, and of an exclusive one."""
    from itisa.licensing.models import Licence

    reach = Licence.objects.filter(result_id=result_id).aggregate(
        any=Max("ends_on"), exclusive=Max("ends_on", filter=_exclusive())
    )
    return reach["any"], reach["exclusive"]


def _exclusive() -> Any:
    from django.db.models import Q

    return Q(exclusive=True)


def province_of(result: Result) -> str:
    """Where the result is: the province of its largest owner (ties: the lower credit code), or the alliance's."""
    owners = list(
        Owner.objects.filter(record_id=result.ownership_id)
        .select_related("organisation")
        .order_by("-share", "organisation__uscc")[:1]
    )
    return owners[0].organisation.province if owners else (result.alliance.province or "")


def _document(listing: Listing) -> dict[str, Any]:
    result = listing.result
    owners = [
        o.organisation.name_zh + " " + (o.organisation.name_en or "")
        for o in Owner.objects.filter(record_id=result.ownership_id).select_related("organisation")
    ] if listing.show_owners else []  # fmt: skip
    title = tokens(result.title_zh, result.title_en, listing.keywords)
    body = tokens(listing.abstract_zh, listing.abstract_en, *owners, result.number if listing.show_number else "",
                  result.code, listing.alliance.name_zh, listing.alliance.code)  # fmt: skip
    licensed, exclusive = licence_reach(result.pk)
    return {
        "t_uni": title.uni, "t_bi": title.bi, "t_words": title.words,
        "uni": body.uni, "bi": body.bi, "words": body.words,
        "title_zh": result.title_zh, "title_en": result.title_en, "alliance_code": listing.alliance.code,
        "result_code": result.code, "kind": result.kind, "industry": listing.alliance.industry,
        "province": province_of(result), "licensed_until": licensed, "exclusive_until": exclusive,
        "published_at": listing.published_at,
    }  # fmt: skip


def _index(listing: Listing) -> None:
    SearchDoc.objects.update_or_create(listing=listing, defaults=_document(listing))


def listing_licensing_refresh(*, result_id: int, now: dt.datetime | None = None) -> bool:
    """After a licence of the result is recorded (the platform acts): the published entry's licensing
    facts follow, and the result's unmet obligations are settled by the licence."""
    now = now or timezone.now()
    changed = False
    with transaction.atomic():
        doc = SearchDoc.objects.select_for_update().filter(listing__result_id=result_id).first()
        if doc is not None:
            licensed, exclusive = licence_reach(result_id)
            if (doc.licensed_until, doc.exclusive_until) != (licensed, exclusive):
                doc.licensed_until, doc.exclusive_until = licensed, exclusive
                doc.save(update_fields=["licensed_until", "exclusive_until"])
                log_action(doc.listing, actions.LISTING_LICENSING, by=None, data={
                    "result": result_id, "licensed_until": licensed and licensed.isoformat(),
                    "exclusive_until": exclusive and exclusive.isoformat(),
                })  # fmt: skip
                changed = True
        settled = obligations_settle_result(result_id=result_id, now=now)
    return changed or bool(settled)


def sender_digest(address: str) -> str:
    """A keyed one-way digest of the sender's network address (the address itself is not kept)."""
    return hashlib.sha256((settings.SECRET_KEY + "|enquiry|" + address).encode()).hexdigest()


def enquiry_submit(
    *, listing: Listing, data: EnquiryInput, sender: str, now: dt.datetime | None = None
) -> ContactMessage:
    """A visitor writes to the secretariat about a published entry that accepts enquiries. Refused beyond
    ``ENQUIRIES_PER_HOUR`` from one sender; the secretariat is told in its inbox."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = Listing.objects.select_for_update().select_related("result", "alliance").get(pk=listing.pk)
        if obj.status != L.PUBLISHED or not obj.contact:
            raise PermissionDenied(_("This entry does not accept enquiries."))
        errors: dict[str, list[str]] = {}
        for field, limit in (("name", 100), ("organisation", 200), ("phone", 30), ("message", 4000)):
            _length(errors, field, strip_text(getattr(data, field)), limit)
        for field in ("name", "message"):
            if is_blank(getattr(data, field)):
                errors[field] = [_("This field is required.")]
        try:
            validate_email(strip_text(data.email))
        except ValidationError:
            errors["email"] = [_("Give a valid e-mail address.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        digest = sender_digest(sender)
        recent = ContactMessage.objects.filter(
            sender_digest=digest, at__gt=now - dt.timedelta(hours=1)
        ).count()
        if recent >= ENQUIRIES_PER_HOUR:
            raise Conflict(_("Too many enquiries from your address: please try again in an hour."))
        row = ContactMessage.objects.create(
            listing=obj, name=strip_text(data.name), organisation=strip_text(data.organisation),
            email=strip_text(data.email), phone=strip_text(data.phone), message=strip_text(data.message),
            at=now, sender_digest=digest,
        )  # fmt: skip
        log_action(
            obj, actions.MESSAGE_RECEIVED, by=None, sealed=[row], data={"message": row.pk, "listing": obj.pk}
        )
        notices.enquiry_received(row)
        return row
