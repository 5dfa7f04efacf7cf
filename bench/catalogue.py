"""Issue 17's catalogue bar, on issue 19's harness: Chinese full-text search over 1,000,000 published results.

    .venv/bin/python bench/catalogue.py                 # 1,000,000 entries (SQLite: ~1.5 GB in /tmp)
    .venv/bin/python bench/catalogue.py --size 50000    # quicker
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/catalogue.py   # an EMPTY database you can discard

The generator writes results, their catalogue entries and search rows with raw inserts (the rows the
services write, tokens by ``rules.tokens``; no audit entries), then builds the index once. Titles join a
subject and an aspect of semiconductor lighting with a random word; abstracts are 8–12 random words from a
vocabulary of 2,000 two- to four-character words over 600 common characters, so single characters are
frequent and four-character strings rare, as in real text.

For each query length (1, 2, 3 and 4 Chinese characters, and an English word), 40 queries drawn from the
corpus run through ``selectors.catalogue_search`` (count up to 1,001, then the first page of 20, ranked —
the public page's own call) alternately with the baseline, a ``LIKE '%…%'`` scan of titles and abstracts
that counts the matches and reads the first page, as an ``icontains`` search with a paginator does. The
table gives each side's median and p95 in ms and the ratio LIKE / ours (goals: p95 ≤ 20 ms, ratio ≥ 100×).
Never part of the test run; bench/README.md records the last run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ratios import Table, alternate, p95  # noqa: E402
from bench.run import setup_django  # noqa: E402

CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单"
    "风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土"
    "许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省"
    "列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置"
    "派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞芯封装散储驱荧氮镓硅晶灯显屏模"
)
SUBJECTS = ["大功率LED芯片", "氮化镓外延片", "Micro LED显示", "紫外LED", "智能照明控制", "LED驱动电源", "荧光粉",
            "植物照明", "车用LED光源", "激光照明", "OLED面板", "硅衬底LED"]  # fmt: skip
ASPECTS = ["散热结构", "封装工艺", "可靠性测试方法", "光效提升技术", "量产良率优化", "储能与调光系统", "检测标准研究",
           "光谱设计"]  # fmt: skip
ENGLISH = ["lighting", "phosphor", "epitaxy", "driver", "packaging", "thermal", "display", "ultraviolet",
           "horticulture", "automotive", "laser", "silicon", "efficacy", "reliability", "dimming", "spectrum"]  # fmt: skip
KINDS = ("invention", "utility_model", "paper", "product", "know_how", "software")
PROVINCES = ("11", "31", "32", "33", "44", "37", "42", "51")
BATCH = 20_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="Published entries to generate.")
    parser.add_argument("--queries", type=int, default=40, help="Queries per length.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary SQLite database.")
    return parser.parse_args()


def vocabulary(rng: random.Random) -> list[str]:
    return ["".join(rng.choice(CHARS) for _ in range(rng.choice((2, 2, 3, 4)))) for _ in range(2000)]


def generate(size: int, rng: random.Random) -> list[str]:
    """Write ``size`` results with published entries and search rows; return the abstracts' words."""
    from django.db import connection, transaction
    from django.utils import timezone

    from itisa.diffusion import search
    from itisa.diffusion.rules import tokens
    from tests.factories import AllianceFactory

    words = vocabulary(rng)
    alliance = AllianceFactory(code="BENCH", name_zh="基准测试产业技术创新战略联盟", industry="C")
    now = timezone.now()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in search.SQLITE_TEARDOWN if connection.vendor == "sqlite" else search.PG_TEARDOWN:
            cursor.execute(statement)  # no per-row indexing during the load: the index is built once below
    for first in range(0, size, BATCH):
        results, listings, docs = [], [], []
        for n in range(first, min(first + BATCH, size)):
            title = f"{rng.choice(SUBJECTS)}{rng.choice(ASPECTS)}{rng.choice(words)}"
            abstract = "，".join(rng.choice(words) for _ in range(rng.randint(8, 12))) + "。"
            english = " ".join(rng.sample(ENGLISH, 3))
            code, pk = f"R{n + 1:07d}", n + 1
            results.append((pk, alliance.pk, code, KINDS[n % len(KINDS)], title, english, False, "", "recorded",
                            True, False, now, now))  # fmt: skip
            listings.append(
                (pk, alliance.pk, pk, abstract, english, "", True, True, True, "published", now, now, now)
            )
            t, b = tokens(title, english), tokens(abstract, english)
            docs.append((pk, pk, t.uni, t.bi, t.words, b.uni, b.bi, b.words, title, english, "BENCH", code,
                         KINDS[n % len(KINDS)], "C", PROVINCES[n % len(PROVINCES)], None, None, now))  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO results_result (id, alliance_id, code, kind, title_zh, title_en, publicly_funded, "
                "number, status, public, is_demo, created_at, updated_at) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", results)  # fmt: skip
            cursor.executemany(
                "INSERT INTO diffusion_listing (id, alliance_id, result_id, abstract_zh, abstract_en, keywords, "
                "show_owners, show_number, contact, status, published_at, created_at, updated_at) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", listings)  # fmt: skip
            cursor.executemany(
                "INSERT INTO diffusion_searchdoc (id, listing_id, t_uni, t_bi, t_words, uni, bi, words, title_zh, "
                "title_en, alliance_code, result_code, kind, industry, province, licensed_until, exclusive_until, "
                "published_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", docs)  # fmt: skip
        print(
            f"  {min(first + BATCH, size):,} rows in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    with connection.cursor() as cursor:
        for statement in search.SQLITE_SETUP if connection.vendor == "sqlite" else search.PG_SETUP:
            cursor.execute(statement)
    search.rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"indexed in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return words


def queries(words: list[str], rng: random.Random, count: int) -> dict[str, list[str]]:
    """Queries of each length drawn from the corpus's own words and titles (so most find something)."""
    long = [w for w in words if len(w) >= 4] or words
    picks: dict[str, list[str]] = {
        "1 char": [],
        "2 chars": [],
        "3 chars": [],
        "4 chars": [],
        "English word": [],
    }
    for _ in range(count):
        picks["1 char"].append(rng.choice(rng.choice(words)))
        picks["2 chars"].append(rng.choice([w for w in words if len(w) == 2]))
        w3 = rng.choice([w for w in words if len(w) >= 3])
        picks["3 chars"].append(w3[:3])
        picks["4 chars"].append(rng.choice(long)[:4] if rng.random() < 0.5 else rng.choice(ASPECTS)[:4])
        picks["English word"].append(rng.choice(ENGLISH))
    return picks


def like_baseline(q: str) -> tuple[int, list[int]]:
    """An ``icontains`` search with a paginator: count the LIKE matches, then read the first 20."""
    from django.db import connection

    pattern = "%" + q + "%"
    where = ("FROM diffusion_searchdoc d JOIN diffusion_listing l ON l.id = d.listing_id "
             "WHERE d.title_zh LIKE %s OR d.title_en LIKE %s OR l.abstract_zh LIKE %s OR l.abstract_en LIKE %s")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {where}", [pattern] * 4)  # noqa: S608
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT d.id {where} ORDER BY d.id DESC LIMIT 20", [pattern] * 4)  # noqa: S608
        return total, [r[0] for r in cursor.fetchall()]


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="itisa-catalogue-"))
    try:
        url = setup_django(tmp)
        from django.core.management import call_command
        from django.utils import timezone

        from itisa.diffusion.search import Filters
        from itisa.diffusion.selectors import catalogue_search
        from itisa.registry.models import Alliance

        print(f"database: {url.split('@')[-1]}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        if Alliance.objects.exists():
            print("The benchmark database must start empty.", file=sys.stderr)
            return 2
        rng = random.Random(17)
        words = generate(args.size, rng)
        today = timezone.localdate()
        table = Table()
        for length, qs in queries(words, rng, args.queries).items():
            mine: list[float] = []
            base: list[float] = []
            found: list[int] = []
            for q in qs:
                box: dict[str, Any] = {}

                def ours(q: str = q, box: dict[str, Any] = box) -> None:
                    box["found"] = catalogue_search(q, filters=Filters(), today=today)

                def raw(q: str = q) -> None:
                    like_baseline(q)

                m, b = alternate(ours, raw, 1)
                mine += m
                base += b
                found.append(min(box["found"].total, 1001))
            what = (
                f"catalogue, {args.size:,} entries, {length} (matches: median {statistics.median(found):g})"
            )
            ratio = statistics.median(base) / statistics.median(mine)
            table.rows.append(["C1", what + ", LIKE / ours", f"{statistics.median(mine):.2f}",
                               f"{statistics.median(base):.2f}", f"{ratio:.0f}×", "≥ 100×",
                               "pass" if ratio >= 100 else "FAIL"])  # fmt: skip
            table.absolute_row("C1", what + ", p95 ours", p95(mine), p95(base), 20)
        table.print()
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
