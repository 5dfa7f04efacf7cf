"""Short help on terms (issue 21 item 6): one place (``itisa.ui.help``), a folded list under a page's heading."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from itisa.ui.help import HELP, help_terms


def _render(topic: str, language: str) -> str:
    with translation.override(language):
        return Template('{% load help %}{% help_terms "' + topic + '" %}').render(Context())


@pytest.mark.parametrize("topic", sorted(HELP))
def test_every_term_and_explanation_is_translated(topic: str) -> None:
    with translation.override("en"):
        english = [str(text) for pair in help_terms(topic) for text in pair]
    with translation.override("zh-hans"):
        chinese = [str(text) for pair in help_terms(topic) for text in pair]
    assert [e for e, z in zip(english, chinese, strict=True) if e == z] == []


def test_the_ledger_terms_render_folded_in_the_readers_language() -> None:
    zh = _render("ledger", "zh-hans")
    assert zh.startswith(
        '<details class="small mb-3" data-testid="help-ledger"><summary>这些术语是什么意思？</summary>'
    )
    assert "<dt>借方与贷方</dt>" in zh and "财会〔2004〕7号" in zh
    en = _render("ledger", "en")
    assert "<dt>Debit and credit</dt>" in en and "<summary>What do these terms mean?</summary>" in en
    assert en.count("<dt>") == zh.count("<dt>") == 4


def test_the_pilot_rank_is_a_ranking_not_a_membership_rank() -> None:
    assert "<dt>名次</dt>" in _render("pilot_queue", "zh-hans")


def test_an_unknown_topic_is_an_error() -> None:
    with pytest.raises(KeyError):
        help_terms("nothing")
