"""Amounts in capital numerals (大写金额), 《会计基础工作规范》 Art. 52: the article's own examples first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from itisa.ledger.rules import amount_in_capitals


@pytest.mark.parametrize(
    ("name", "amount", "capitals"),
    [
        ("the article's example: a zero inside", "101.50", "壹佰零壹元伍角整"),
        ("the article's example: the yuan digit zero", "1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("the article's example: a zero before the yuan", "1409.50", "壹仟肆佰零玖元伍角整"),
        ("the article's example: two zeros inside", "6007.14", "陆仟零柒元壹角肆分"),
        ("the article's example: zeros before the yuan", "107000.53", "壹拾万柒仟元零伍角叁分"),
        ("whole yuan", "1200", "壹仟贰佰元整"),
        ("to the jiao, the yuan digit zero", "1200.50", "壹仟贰佰元零伍角整"),
        ("to the jiao", "1201.50", "壹仟贰佰零壹元伍角整"),
        ("no jiao, some fen", "10.05", "壹拾元零伍分"),
        ("ones and fen", "1.05", "壹元零伍分"),
        ("only fen", "0.05", "伍分"),
        ("only jiao", "0.50", "伍角整"),
        ("nothing", "0", "零元整"),
        ("a hundred million and five", "100000005", "壹亿零伍元整"),
        ("a hundred million and ten thousand", "100010000", "壹亿零壹万元整"),
        ("a group of ten thousands under a thousand", "3000500", "叁佰万零伍佰元整"),
        ("a trillion", "1000000000000", "壹万亿元整"),
        ("a trillion and a hundred million", "1000100000000", "壹万零壹亿元整"),
        ("the largest amount a posting holds", "9999999999999.99",
         "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("a negative amount", "-30000", "负叁万元整"),
    ],
)  # fmt: skip
def test_amount_in_capitals(name: str, amount: str, capitals: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == capitals
