from typing import Any

from django.http import HttpRequest


def rating_panel(request: HttpRequest, alliance: Any) -> str:
    return ""
