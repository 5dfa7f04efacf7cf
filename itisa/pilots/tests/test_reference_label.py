"""A criterion's legal reference under /en/: the article in English around the document's number, which is
marked as Chinese (issue 21, item 1); under / as the rules cite it."""

from __future__ import annotations

from django.template import engines
from django.utils import translation

from itisa.pilots.eligibility.labels import reference_label

ZH = '<span lang="zh-Hans">{}</span>'


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_a_criterion_reference_reads_as_an_article_in_english() -> None:
    reference = "国科发政〔2008〕770号，第八条第（三）项"
    with translation.override("en"):
        assert reference_label(reference) == "国科发政〔2008〕770号, Article 8 (3)"
        assert (
            render("{{ r }}", r=reference_label(reference))
            == ZH.format("国科发政〔2008〕770号") + ", Article 8 (3)"
        )
        other = "中国产业技术创新战略联盟协同发展网《网员基本条件》（2016年7月5日），（一）1"
        assert render("{{ r }}", r=reference_label(other)) == ZH.format(other)
    with translation.override("zh-hans"):
        assert reference_label(reference) == reference
