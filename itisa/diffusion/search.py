"""One search interface over the published catalogue, two backends (docs/catalogue.md "Search").

The rows are ``SearchDoc``s: n-gram tokens of a published listing (``rules.tokens``) and its filter facts.
- SQLite: an FTS5 table over them (external content, kept in step by triggers; ``unicode61`` tokenizer
  over our own tokens), ranked by ``bm25`` with the title's columns weighted 4:1.
- PostgreSQL: a GIN index over ``to_tsvector('simple', …)`` of the same columns (title weighted A),
  ranked by ``ts_rank``.
``search`` counts at most ``CAP`` matches first: a query that matches more (a single common character
on a million rows) is shown newest first with "more than CAP" rather than ranking every match, so its
time stays bounded; below the cap results are ranked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from itisa.diffusion.choices import Licensing
from itisa.diffusion.rules import Term, fts5_match, tsquery

CAP = 1000
FTS_TABLE = "diffusion_search_fts"
DOC_TABLE = "diffusion_searchdoc"
TOKEN_COLUMNS = ("t_uni", "t_bi", "t_words", "uni", "bi", "words")

SQLITE_SETUP = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        t_uni, t_bi, t_words, uni, bi, words,
        content='{DOC_TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER diffusion_searchdoc_ai AFTER INSERT ON {DOC_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, t_uni, t_bi, t_words, uni, bi, words)
        VALUES (new.id, new.t_uni, new.t_bi, new.t_words, new.uni, new.bi, new.words); END""",
    f"""CREATE TRIGGER diffusion_searchdoc_ad AFTER DELETE ON {DOC_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, t_uni, t_bi, t_words, uni, bi, words)
        VALUES ('delete', old.id, old.t_uni, old.t_bi, old.t_words, old.uni, old.bi, old.words); END""",
    f"""CREATE TRIGGER diffusion_searchdoc_au AFTER UPDATE ON {DOC_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, t_uni, t_bi, t_words, uni, bi, words)
        VALUES ('delete', old.id, old.t_uni, old.t_bi, old.t_words, old.uni, old.bi, old.words);
        INSERT INTO {FTS_TABLE}(rowid, t_uni, t_bi, t_words, uni, bi, words)
        VALUES (new.id, new.t_uni, new.t_bi, new.t_words, new.uni, new.bi, new.words); END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS diffusion_searchdoc_au",
    "DROP TRIGGER IF EXISTS diffusion_searchdoc_ad",
    "DROP TRIGGER IF EXISTS diffusion_searchdoc_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, t_uni || ' ' || t_bi || ' ' || t_words), 'A') || "
    "to_tsvector('simple'::regconfig, uni || ' ' || bi || ' ' || words))"
)
PG_SETUP = [f"CREATE INDEX diffusion_searchdoc_fts ON {DOC_TABLE} USING gin ({PG_VECTOR})"]
PG_TEARDOWN = ["DROP INDEX IF EXISTS diffusion_searchdoc_fts"]


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    industry: str = ""
    province: str = ""
    licensing: str = ""
    alliance: str = ""


@dataclass
class Page:
    ids: list[int]  # SearchDoc ids, in order
    total: int  # matches, at most CAP + 1
    capped: bool  # more than CAP matched: ordered newest first, not ranked
    params: list[Any] = field(default_factory=list)


def _filters(filters: Filters, today: dt.date, alias: str) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column in ("kind", "industry", "province"):
        value = getattr(filters, column)
        if value:
            where.append(f"{alias}.{column} = %s")
            params.append(value)
    if filters.alliance:
        where.append(f"{alias}.alliance_code = %s")
        params.append(filters.alliance)
    if filters.licensing == Licensing.EXCLUSIVE:
        where.append(f"{alias}.exclusive_until >= %s")
        params.append(today)
    elif filters.licensing == Licensing.LICENSED:
        where.append(
            f"{alias}.licensed_until >= %s AND ({alias}.exclusive_until IS NULL OR {alias}.exclusive_until < %s)"
        )
        params += [today, today]
    elif filters.licensing == Licensing.AVAILABLE:
        where.append(f"({alias}.exclusive_until IS NULL OR {alias}.exclusive_until < %s)")
        params.append(today)
    return (" AND " + " AND ".join(where)) if where else "", params


def _rows(sql: str, params: list[Any]) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(terms: list[Term], *, filters: Filters, today: dt.date, limit: int, offset: int = 0) -> Page:
    """The SearchDoc ids of one page of matches (all terms, all filters), best first."""
    where, params = _filters(filters, today, "d")
    if not terms:
        # browsing: newest first
        total = _rows(f"SELECT count(*) FROM (SELECT 1 FROM {DOC_TABLE} d WHERE 1=1{where} LIMIT %s) AS m",
                      [*params, CAP + 1])[0][0]  # fmt: skip
        ids = _rows(f"SELECT d.id FROM {DOC_TABLE} d WHERE 1=1{where} ORDER BY d.id DESC LIMIT %s OFFSET %s",
                    [*params, limit, offset])  # fmt: skip
        return Page([r[0] for r in ids], total, total > CAP)
    if connection.vendor == "postgresql":
        match, match_params = f"{PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s)", [tsquery(terms)]
        base = f"FROM {DOC_TABLE} d WHERE {match}{where}"
        rank = f"ts_rank({PG_VECTOR}, to_tsquery('simple'::regconfig, %s)) DESC, d.id DESC"
        rank_params = [tsquery(terms)]
        newest = "d.id DESC"
    else:
        match, match_params = f"{FTS_TABLE} MATCH %s", [fts5_match(terms)]
        base = f"FROM {FTS_TABLE} JOIN {DOC_TABLE} d ON d.id = {FTS_TABLE}.rowid WHERE {match}{where}"
        rank, rank_params = f"bm25({FTS_TABLE}, 4, 4, 4, 1, 1, 1), d.id DESC", []
        newest = f"{FTS_TABLE}.rowid DESC"
    total = _rows(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) AS m", [*match_params, *params, CAP + 1])[
        0
    ][0]
    capped = total > CAP
    order, order_params = (newest, []) if capped else (rank, rank_params)
    ids = _rows(f"SELECT d.id {base} ORDER BY {order} LIMIT %s OFFSET %s",
                [*match_params, *params, *order_params, limit, offset])  # fmt: skip
    return Page([r[0] for r in ids], total, capped)


def like_scan(needle: str, *, limit: int) -> list[int]:
    """The baseline the benchmark compares with: a ``LIKE '%…%'`` scan over titles and abstracts."""
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [
        r[0]
        for r in _rows(
            "SELECT d.id FROM diffusion_searchdoc d JOIN diffusion_listing l ON l.id = d.listing_id "
            "WHERE d.title_zh LIKE %s ESCAPE '\\' OR l.abstract_zh LIKE %s ESCAPE '\\' "
            "ORDER BY d.id DESC LIMIT %s",
            [pattern, pattern, limit],
        )
    ]


def rebuild() -> None:
    """Rebuild the index from the search rows (after a restore, or to compact it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("REINDEX INDEX diffusion_searchdoc_fts")
        else:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
