"""Pure rules of diffusion and of catalogue search (no ORM).

- ``deadline``: when a publicly funded result must have diffused (国科发政〔2008〕770号 第八条(六): the
  alliance diffuses results of government-funded projects; the term is the agreement's
  ``diffusion.deadline_months``, by default 12 months after the project's acceptance, the Horizon Results
  Platform's rule for results not exploited within a year of the project's end).
- ``tokens`` / ``compile_query``: Chinese has no spaces, so the catalogue indexes every CJK character
  (unigrams) and every pair of neighbours (bigrams), run by run, and Latin words. A query of one character
  matches a unigram; of two or more, the phrase of its bigrams (adjacent positions), which is exactly "this
  substring occurs". Both SQLite FTS5 and PostgreSQL full text answer that from their index for 1-, 2-, 3-
  and 4-character queries alike (a trigram index cannot serve queries under three characters).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

DEFAULT_MONTHS = 12
MAX_QUERY_TERMS = 8
MAX_QUERY_CHARS = 100

# CJK unified ideographs (with extension A and compatibility ideographs), kana and hangul count as
# "characters without spaces"; everything else that is a letter or digit makes words
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, on the same day of the month or the month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(starts_on: dt.date, months: int | None) -> tuple[dt.date, int]:
    """The last day to diffuse and the term applied (the agreement's months, or the default)."""
    term = DEFAULT_MONTHS if months is None else months
    return add_months(starts_on, term), term


def obligation_start(
    *, registered_on: dt.date, project_ended_on: dt.date | None, has_project: bool
) -> dt.date | None:
    """When the obligation starts: the day the project was accepted (or ended), or the result's
    registration if later; a result of no project starts on its registration. None while the project runs."""
    if not has_project:
        return registered_on
    if project_ended_on is None:
        return None
    return max(registered_on, project_ended_on)


_STEMMER: Any = None


def stem(word: str) -> str:
    """A Latin word's English Snowball stem (``batteries`` and ``battery`` → ``batteri``); the index and the
    query stem alike, so a word finds its other forms on both databases."""
    global _STEMMER  # noqa: PLW0603  (built once: the stemmer keeps a cache)
    if _STEMMER is None:
        import snowballstemmer

        _STEMMER = snowballstemmer.stemmer("english")
    return str(_STEMMER.stemWord(word))


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to their ASCII forms) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class Tokens:
    uni: str
    bi: str
    words: str


def tokens(*texts: str) -> Tokens:
    """The search tokens of some texts: CJK unigrams and bigrams, run by run (no pair spans two runs, so a
    phrase of consecutive bigrams only matches inside one run), and Latin words."""
    uni: list[str] = []
    bi: list[str] = []
    words: list[str] = []
    for text in texts:
        for run in _RUN.findall(normalise(text or "")):
            if _IS_CJK.match(run):
                uni.extend(run)
                bi.extend(run[i : i + 2] for i in range(len(run) - 1))
            else:
                words.append(stem(run))
    return Tokens(" ".join(uni), " ".join(bi), " ".join(words))


@dataclass(frozen=True)
class Term:
    """One part of a query: ``column`` is ``uni``, ``bi`` or ``words``; ``tokens`` must be adjacent, in
    order (a phrase); ``prefix``: the last word may be the beginning of a longer one."""

    column: str
    tokens: tuple[str, ...]
    prefix: bool = False


def compile_query(query: str) -> list[Term]:
    """The terms a query means (all must match), or [] for a query with nothing to search for.

    ``储能`` → the bigram phrase (储能); ``储能电池`` → (储能 能电 电池); ``锂`` → the unigram 锂;
    ``batteries`` → the stem ``batteri`` (a prefix search is not offered: on a million rows a common prefix
    merges hundreds of thousands of postings, bench/README.md)."""
    terms: list[Term] = []
    for run in _RUN.findall(normalise(query[:MAX_QUERY_CHARS])):
        if _IS_CJK.match(run):
            if len(run) == 1:
                terms.append(Term("uni", (run,)))
            else:
                terms.append(Term("bi", tuple(run[i : i + 2] for i in range(len(run) - 1))))
        else:
            terms.append(Term("words", (stem(run),)))
        if len(terms) == MAX_QUERY_TERMS:
            break
    return terms


def fts5_match(terms: list[Term]) -> str:
    """The FTS5 MATCH expression of the terms: each a filter on the title's and the body's column of its
    kind with a quoted phrase (quoted, so nothing a visitor types is FTS5 syntax), all of them required."""
    parts = []
    for term in terms:
        phrase = '"' + " ".join(term.tokens).replace('"', '""') + '"'
        parts.append(f"{{t_{term.column} {term.column}}} : {phrase}{' *' if term.prefix else ''}")
    return " AND ".join(parts)


def tsquery(terms: list[Term]) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text of the terms: phrases with ``<->``, a prefix with
    ``:*``, all required. Tokens are quoted and their quotes and backslashes escaped."""

    def lexeme(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    parts = []
    for term in terms:
        phrase = " <-> ".join(lexeme(t) for t in term.tokens)
        parts.append(f"{phrase}:*" if term.prefix else f"({phrase})")
    return " & ".join(parts)
