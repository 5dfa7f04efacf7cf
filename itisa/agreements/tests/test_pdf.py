"""The PDF comes out in Chinese: converted back to text, the strings are there."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader

from itisa.agreements.models import SigningCopy
from itisa.agreements.pdf import render_pdf
from itisa.agreements.services import accession_create, version_create, version_open
from itisa.agreements.tests.fixtures import complete_content
from tests.factories import MembershipFactory, OrganisationFactory


def _text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


def _embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            if any(key.startswith("/FontFile") for key in descriptor.get_object()):
                fonts.add(str(font["/BaseFont"]).split("+", 1)[1])
    return fonts


def test_pdf_is_a4_with_the_chinese_font_embedded(agreement_world: Any) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(agreement_world.open_version())))
    assert [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages[:1]] == [
        (595, 842)
    ]
    assert _embedded_fonts(reader) == {"ITISA-Sans", "ITISA-Sans-Bold"}


def test_effective_agreement_pdf_reads_back_in_chinese(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    version.refresh_from_db()
    pdf = render_pdf(version)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in [
        "半导体照明产业技术创新战略联盟协议",
        "CSA/v1",
        "甲公司",
        "乙大学",
        "914403001922038216",
        "突破大功率LED芯片关键技术",
        "光效达到200lm/W",
        "2027年12月31日",
        "负责外延材料基础研究",
        "人民币5,000,000.00元",
        "提交中国国际经济贸易仲裁委员会仲裁",
        "对外承担责任的成员单位：甲公司",
        "完成成果的成员单位",
        "泄露联盟保密信息",
        "议事规则：",
        "理事会一般事项法定人数不少于2/3的席位；通过不少于2/3的所投票数；弃权计为出席；无决定票；不设否决期",
        "理事会重大事项法定人数不少于2/3的席位；通过不少于2/3的全体席位；弃权计为出席；无决定票；否决期15天",
        "会议通知定期会议45天，临时会议15天",
        "违约收到违约通知后30天内纠正",
        "保密期限4年",
        "签署文本",
        "各方法定代表人以电子签名签署本协议",
        "甲公司协议方",
        "乙大学协议方",
        version.digest,
    ]:
        assert expected in text, expected
    assert "提起诉讼" not in text
    # the signing copy, rendered once when the version was opened: the same bytes before and after signing
    assert pdf == bytes(SigningCopy.objects.get(version=version).pdf)
    assert "未签署" not in text and "生效" not in text.split("协议各方")[0]


def test_draft_pdf_is_marked_and_lists_the_would_be_parties(agreement_world: Any) -> None:

    aw = agreement_world
    draft = version_create(by=aw.world.user("secretariat"), alliance=aw.world.csa, content=complete_content())
    text = _text(render_pdf(draft))
    assert "（草稿，未定稿，不可签署）" in text
    assert "本版本尚未提交签署。" in text
    assert "甲公司" in text and "乙大学" in text


def test_missing_font_is_a_clear_error(agreement_world: Any, settings: Any, tmp_path: Any) -> None:
    from itisa.agreements.models import AgreementVersion

    draft = version_create(
        by=agreement_world.world.user("secretariat"),
        alliance=agreement_world.world.csa,
        content=complete_content(),
    )
    settings.PDF_FONT_DIR = tmp_path
    with pytest.raises(ImproperlyConfigured, match="Run `make install`"):
        render_pdf(draft)
    # nor can a version be opened without its signing copy: nothing is frozen
    with pytest.raises(ImproperlyConfigured, match="Run `make install`"):
        version_open(by=agreement_world.world.user("secretariat"), version=draft)
    assert AgreementVersion.objects.get(pk=draft.pk).status == "draft"
    assert not SigningCopy.objects.exists()


def test_accession_renders_as_a_supplementary_agreement(agreement_world: Any) -> None:

    aw = agreement_world
    version = aw.open_version()
    aw.sign(version, "a")
    aw.sign(version, "b")
    newcomer = OrganisationFactory(name_zh="丙研究院", kind="research_institute", ownership="")
    MembershipFactory(alliance=aw.world.csa, organisation=newcomer, rank="ordinary")
    secretariat = aw.world.user("secretariat")
    accession = accession_create(
        by=secretariat,
        alliance=aw.world.csa,
        organisation=newcomer,
        content={
            "undertaking_zh": "丙研究院接受联盟协议的全部条款。",
            "task": {"party": newcomer.uscc, "description_zh": "负责检测方法研究", "commitments": []},
        },
    )
    draft_text = _text(render_pdf(accession))
    assert "关于加入《半导体照明产业技术创新战略联盟协议》的补充协议" in draft_text
    assert "（草稿，未定稿，不可签署）" in draft_text
    assert f"丙研究院{newcomer.uscc}" in draft_text
    assert "甲公司914403001922038216" in draft_text
    assert "乙大学" not in draft_text

    accession = version_open(by=secretariat, version=accession)
    text = _text(render_pdf(accession))
    for expected in [
        "关于加入《半导体照明产业技术创新战略联盟协议》的补充协议",
        "CSA/v2",
        "补充协议",
        "第一条加入声明",
        "丙研究院接受联盟协议的全部条款。",
        f"所加入的协议：CSA/v1（摘要{version.digest}）",
        "第二条承担的任务",
        "负责检测方法研究",
        accession.digest,
    ]:
        assert expected in text, expected
    assert "未签署" not in text
    assert "丙研究院加入成员" in text and "甲公司代表联盟" in text
