"""The ITISA API: one NinjaAPI at /api/, docs at /api/docs, schema at /api/openapi.json.

Authentication: a Django session (CSRF checked on writes) or ``Authorization: Bearer <token>``
(see ``itisa.accounts.api``). Reads are public and scoped by the selectors; writes need one of
the two. Errors: one shape, see ``itisa.api.errors`` (validation errors are 422). Lists are
cursor-paginated (``itisa.api.pagination``, configured as ``NINJA_PAGINATION_CLASS``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from itisa.accounts.api import PUBLIC
from itisa.accounts.api import router as accounts_router
from itisa.agreements.api import router as agreements_router
from itisa.api.audit import router as audit_router
from itisa.api.errors import install_error_handlers
from itisa.api.inputs import StrictParser, refuse_bad_values
from itisa.api.openapi import ItisaOpenAPISchema
from itisa.dashboards.api import router as dashboards_router
from itisa.diffusion.api import router as diffusion_router
from itisa.evaluation.api import router as evaluation_router
from itisa.financing.api import router as financing_router
from itisa.founding.api import router as founding_router
from itisa.governance.api import router as governance_router
from itisa.governance.decisions.api import router as decisions_router
from itisa.indicators.api import router as indicators_router
from itisa.invitations.api import router as invitations_router
from itisa.ledger.api import router as ledger_router
from itisa.licensing.api import router as licensing_router
from itisa.membership.admission.api import router as admission_router
from itisa.membership.api import router as membership_router
from itisa.membership.breach.api import router as breach_router
from itisa.membership.dues.api import router as dues_router
from itisa.notifications.api import router as notifications_router
from itisa.partners.api import router as partners_router
from itisa.pilots.api import router as pilots_router
from itisa.pilots.api_imports import router as pilot_imports_router
from itisa.pilots.eligibility.api import router as eligibility_router
from itisa.platforms.api import router as platforms_router
from itisa.projects.api import router as projects_router
from itisa.promotion.api import router as promotion_router
from itisa.rating.api import router as rating_router
from itisa.registry.api import router as registry_router
from itisa.reports.api import router as reports_router
from itisa.representatives.api import router as representatives_router
from itisa.results.api import router as results_router
from itisa.standards.api import router as standards_router
from itisa.talent.api import router as talent_router


class ItisaAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document marks the operations the public may call (``api.openapi``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ItisaOpenAPISchema(self, path_prefix)


api = ItisaAPI(
    title="ITISA API",
    version="1",
    description=(
        "Industrial technology innovation strategic alliances (国科发政〔2008〕770号). Errors: "
        '{"code", "message", "fields"}; validation 422, unauthenticated 401, permission 403, '
        "not found 404, conflict or invalid transition 409."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=PUBLIC,
    parser=StrictParser(),
)
install_error_handlers(api)


def _accept_language(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer in the client's Accept-Language (zh-Hans by default).

    The site's unprefixed URLs always use the default language (``prefix_default_language=False``);
    an API client has no URL prefix to choose with, so it chooses with the header.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        language = translation.get_language_from_request(request)
        if language == translation.get_language():
            return view(request, *args, **kwargs)
        with translation.override(language):
            return view(request, *args, **kwargs)

    return wrapper


api.add_decorator(_accept_language, mode="view")
api.add_decorator(refuse_bad_values, mode="operation")
api.add_router("", registry_router)
api.add_router("", membership_router)
api.add_router("", admission_router)
api.add_router("", dues_router)
api.add_router("", breach_router)
api.add_router("", agreements_router)
api.add_router("", governance_router)
api.add_router("", ledger_router)
api.add_router("", decisions_router)
api.add_router("", eligibility_router)
api.add_router("", pilots_router)
api.add_router("", pilot_imports_router)
api.add_router("", projects_router)
api.add_router("", results_router)
api.add_router("", licensing_router)
api.add_router("", diffusion_router)
api.add_router("", dashboards_router)
api.add_router("", partners_router)
api.add_router("", standards_router)
api.add_router("", platforms_router)
api.add_router("", talent_router)
api.add_router("", financing_router)
api.add_router("", indicators_router)
api.add_router("", reports_router)
api.add_router("", evaluation_router)
api.add_router("", rating_router)
api.add_router("", accounts_router)
api.add_router("", notifications_router)
api.add_router("", invitations_router)
api.add_router("", founding_router)
api.add_router("", representatives_router)
api.add_router("", promotion_router)
api.add_router("", audit_router)
api.add_router("/dossiers", "itisa.dossier.api.router")
