"""The global search page (``/search/?q=…``): what the viewer may see, grouped (``web.search``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from itisa.web.search import LIMIT, MIN_LENGTH, global_search


@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    q = str(request.GET.get("q", ""))[:100]
    found = global_search(request.user, q)
    return render(
        request, "web/search.html", {"found": found, "q": found.q, "min_length": MIN_LENGTH, "limit": LIMIT}
    )
