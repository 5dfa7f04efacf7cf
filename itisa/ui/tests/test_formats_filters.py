"""The built-in template filters |money |wan |number |day |daytime: usable without {% load %}, dates and
万元 kept on one line, nothing shown as a dash."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import engines
from django.utils import translation

NOWRAP = '<span class="text-nowrap">{}</span>'


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_filters_need_no_load_and_wrap_dates_and_wan() -> None:
    source = '{{ a|money }}|{{ a|money:"¥" }}|{{ b|wan }}|{{ d|day }}|{{ t|daytime }}|{{ n|number }}|{{ none|day }}|{{ none|money }}'
    context = {
        "a": Decimal("-1200"),
        "b": Decimal("30000000"),
        "d": dt.date(2026, 12, 7),
        "t": dt.datetime(2026, 12, 7, 6, 5, tzinfo=dt.UTC),
        "n": Decimal("183280.00"),
        "none": None,
    }
    with translation.override("zh-hans"):
        assert render(source, **context) == "|".join(
            [
                "-1,200.00",
                "-¥1,200.00",
                NOWRAP.format("3,000.00万元"),
                NOWRAP.format("2026年12月7日"),
                NOWRAP.format("2026年12月7日 14:05"),
                "183,280.00",
                "—",
                "—",
            ]
        )
    with translation.override("en"):
        assert render(source, **context) == "|".join(
            [
                "-1,200.00",
                "-¥1,200.00",
                NOWRAP.format("¥30,000,000.00"),
                NOWRAP.format("7 Dec 2026"),
                NOWRAP.format("7 Dec 2026 14:05"),
                "183,280.00",
                "—",
                "—",
            ]
        )


def test_seconds_on_request_and_text_escaped() -> None:
    t = dt.datetime(2026, 12, 7, 6, 5, 9, tzinfo=dt.UTC)
    with translation.override("zh-hans"):
        assert render('{{ t|daytime:"seconds" }}', t=t) == NOWRAP.format("2026年12月7日 14:05:09")
        assert render("{{ v|day }}", v="<b>") == NOWRAP.format("&lt;b&gt;")
        assert render("{{ v|money }}", v="<b>") == "&lt;b&gt;"
