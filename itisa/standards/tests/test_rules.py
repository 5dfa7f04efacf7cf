"""Named cases of the pure rules: the shape of a published number by level, and what a declaration says."""

from __future__ import annotations

import pytest

from itisa.standards.rules import (
    declaration_problems,
    missing_declarations,
    normalised_patents,
    published_number_problem,
)


@pytest.mark.parametrize(
    ("level", "number", "problem"),
    [
        ("national", "GB/T 12345-2026", None),
        ("national", "GB 4943.1-2022", None),
        ("national", "GB/Z 20000-2010", None),
        ("national", "T/CSA 001-2026", "National standard numbers look like GB/T 12345-2026."),
        ("national", "GB/T 12345—2026", "National standard numbers look like GB/T 12345-2026."),
        ("industry", "SJ/T 11395-2009", None),
        ("industry", "YD 5098-2005", None),
        ("industry", "GB/T 12345-2026", "Industry standard numbers look like SJ/T 11395-2026."),
        ("local", "DB44/T 1234-2026", None),
        ("local", "DB4/T 1234-2026", "Local standard numbers look like DB44/T 1234-2026."),
        ("group", "T/CSA 001-2026", None),
        ("group", "T/CSA 001.2-2026", None),
        ("group", "T/csa 001-2026", "Group standard numbers look like T/CSA 001-2026."),
        ("group", "T/CSA 001-1850", "Group standard numbers look like T/CSA 001-2026."),
        ("world", "ISO 9001:2015", "Choose a valid level."),
    ],
)
def test_published_numbers_by_level(level: str, number: str, problem: str | None) -> None:
    assert published_number_problem(level, number) == problem


@pytest.mark.parametrize(
    ("name", "holds", "patents", "position", "problems"),
    [
        ("rand with a patent", True, ["ZL201811564288.X"], "rand", {}),
        ("royalty-free, old 8-digit number", True, ["ZL99113861.9"], "royalty_free", {}),
        ("unwilling is allowed", True, ["201821844933.9"], "unwilling", {}),
        ("none needed", False, [], "none_needed", {}),
        ("bad check character", True, ["ZL99113861.8"], "rand",
         {"patents": ["Not a valid CNIPA patent number: ZL99113861.8."]}),
    ],
)  # fmt: skip
def test_declaration_problems(
    name: str, holds: bool, patents: list[str], position: str, problems: dict[str, list[str]]
) -> None:
    assert declaration_problems(holds_essential=holds, patents=patents, position=position) == problems


def test_patents_are_written_as_cnipa_writes_them_once_each() -> None:
    assert normalised_patents(["ZL201811564288.X", "201811564288X", "ZL 99113861.9"]) == [
        "201811564288.X", "99113861.9"]  # fmt: skip


def test_missing_declarations_in_member_order() -> None:
    assert missing_declarations({3: "甲公司", 1: "乙大学", 2: "丙研究院"}, [1]) == ["甲公司", "丙研究院"]
