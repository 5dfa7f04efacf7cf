"""Names on English pages (issue 21, item 1): lines the system composes around names are plain text as
strings and, in a template, mark only their Chinese names ``lang="zh-Hans"``; a name with an English form
shows it under /en/."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import engines
from django.utils import translation

from itisa.ui.labels import as_name, local_text, name_lang, names_joined, with_names

ZH = '<span lang="zh-Hans">{}</span>'


def render(source: str, **context: object) -> str:
    return engines["django"].from_string("{% load labels %}" + source).render(context)


def test_a_composed_line_is_plain_text_and_marks_only_its_chinese_names() -> None:
    line = with_names("Motion No. %(number)s: %(title)s <b>", number=2, title="关于接纳新成员单位的议案")
    assert line == "Motion No. 2: 关于接纳新成员单位的议案 <b>"
    assert type(str(line)) is str and f"{line}" == line  # a calendar, the command line, the API
    with translation.override("en"):
        assert (
            render("{{ line }}", line=line)
            == "Motion No. 2: " + ZH.format("关于接纳新成员单位的议案") + " &lt;b&gt;"
        )
    with translation.override("zh-hans"):
        assert render("{{ line }}", line=line) == "Motion No. 2: 关于接纳新成员单位的议案 &lt;b&gt;"


def test_names_joined_and_nested_lines_keep_their_marks() -> None:
    inner = with_names("%(body)s: by %(date)s", body="理事会", date="2026-12-01")
    line = names_joined([inner, "王敏（演示）", "A&B"])
    assert line == "理事会: by 2026-12-01 · 王敏（演示） · A&B"
    with translation.override("en"):
        assert render("{{ line }}|{{ line|plain }}", line=line) == (
            f"{ZH.format('理事会')}: by 2026-12-01 · {ZH.format('王敏（演示）')} · A&amp;B"
            "|理事会: by 2026-12-01 · 王敏（演示） · A&amp;B"
        )
    with translation.override("en"):
        assert render("{{ n }}", n=as_name("秘书处")) == ZH.format("秘书处")
        assert render("{{ n }}", n=as_name("P001")) == "P001"


def test_the_english_name_where_there_is_one() -> None:
    both = SimpleNamespace(
        name_zh="半导体照明产业技术创新战略联盟", name_en="CSA Alliance", title_zh="标题", title_en=""
    )
    with translation.override("en"):
        assert local_text(both) == "CSA Alliance"
        assert local_text(both, "title") == "标题"
        assert name_lang(both) == ""
        assert name_lang(both, "title") == ' lang="zh-Hans"'
        assert name_lang("2016 · 国科发政") == ' lang="zh-Hans"'
    with translation.override("zh-hans"):
        assert local_text(both) == "半导体照明产业技术创新战略联盟"
        assert name_lang(both, "title") == ""


def test_a_record_names_itself_with_its_name_in_the_page_language() -> None:
    class Alliance(SimpleNamespace):
        def __str__(self) -> str:
            return f"{self.code} {self.name_zh}"

    csa = Alliance(code="CSA", name_zh="半导体照明联盟", name_en="Semiconductor Lighting Alliance")
    other = Alliance(code="NCCI", name_zh="煤化工联盟", name_en="")
    with translation.override("en"):
        assert render("{{ a|record_name }}", a=csa) == "CSA Semiconductor Lighting Alliance"
        assert render("{{ a|record_name }}", a=other) == "NCCI " + ZH.format("煤化工联盟")
    with translation.override("zh-hans"):
        assert render("{{ a|record_name }}", a=csa) == "CSA 半导体照明联盟"


def test_a_composed_line_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    from itisa.ui.labels import with_names

    line = with_names("Vote on %(title)s", title="关于接纳新成员的议案")
    for again in (copy.copy(line), copy.deepcopy(line), pickle.loads(pickle.dumps(line))):  # noqa: S301
        assert (str(again), again.parts) == (str(line), line.parts)
