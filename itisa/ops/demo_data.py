"""What ``demo load`` creates: public facts about real pilot alliances plus marked fictional data.

Alliance names and founding dates are public facts (the first pilot alliances of 2007–2010, see
../shared/DOMAIN.md). Real organisations appear with their real credit codes from
``data/uscc-samples.csv``; their memberships here are illustrative, not a record of who belongs
to which alliance. Fictional organisations end in "（演示）", carry ``is_demo`` and have codes
built by ``make_uscc`` with an organisation-code body starting with "D".
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from itisa.core.identifiers import make_uscc

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published demo password, printed by the command
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class DemoAlliance:
    code: str
    name_zh: str
    name_en: str
    founded_on: dt.date
    status: str
    key_area: str
    emerging_industry: str
    industry: str
    scope: str = "national"
    province: str = ""
    is_demo: bool = False


ALLIANCES = [
    DemoAlliance(
        "CSA",
        "半导体照明产业技术创新战略联盟",
        "China Solid State Lighting Alliance",
        dt.date(2004, 10, 12),
        "pilot",
        "energy",
        "energy_saving",
        "C",
    ),
    DemoAlliance(
        "NCCI",
        "新一代煤（能源）化工产业技术创新战略联盟",
        "New-Generation Coal (Energy) Chemical Industry Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "pilot",
        "energy",
        "",
        "C",
    ),
    DemoAlliance(
        "SRPA",
        "钢铁可循环流程技术创新战略联盟",
        "Steel Recyclable Process Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "pilot",
        "manufacturing",
        "energy_saving",
        "C",
    ),
    DemoAlliance(
        "AEA",
        "农业装备产业技术创新战略联盟",
        "Agricultural Equipment Industry Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "pilot",
        "agriculture",
        "high_end_equipment",
        "C",
    ),
    DemoAlliance(
        "CDU",
        "煤炭开发利用技术创新战略联盟",
        "Coal Development and Utilisation Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "established",
        "energy",
        "",
        "B",
    ),
    DemoAlliance(
        "SDHE",
        "山东高端装备产业技术创新战略联盟（演示）",
        "Shandong High-End Equipment Industry Technology Innovation Strategic Alliance (demo)",
        dt.date(2025, 3, 1),
        "forming",
        "manufacturing",
        "high_end_equipment",
        "C",
        scope="regional",
        province="37",
        is_demo=True,
    ),
]

# Registry fields of the real organisations, keyed by credit code (code characters 3–8 give the region).
REAL_ORGANISATIONS: dict[str, dict[str, str]] = {
    "12100000400000624D": {
        "name_en": "Tsinghua University",
        "kind": "university",
        "province": "11",
        "industry": "P",
    },
    "12100000400011227Y": {
        "name_en": "Beihang University",
        "kind": "university",
        "province": "11",
        "industry": "P",
    },
    "12100000400012342E": {
        "name_en": "Institute of Computing Technology, CAS",
        "kind": "research_institute",
        "province": "11",
        "industry": "M",
    },
    "914403001922038216": {
        "name_en": "Huawei Technologies Co., Ltd.",
        "kind": "enterprise",
        "ownership": "private",
        "province": "44",
        "industry": "C",
    },
    "91440300192317458F": {
        "name_en": "BYD Company Limited",
        "kind": "enterprise",
        "ownership": "private",
        "province": "44",
        "industry": "C",
    },
    "91110000710925462X": {
        "name_en": "PetroChina Company Limited",
        "kind": "enterprise",
        "ownership": "state_central",
        "province": "11",
        "industry": "B",
    },
    "914302007790310965": {
        "name_en": "CRRC Zhuzhou Electric Locomotive Co., Ltd.",
        "kind": "enterprise",
        "ownership": "state_central",
        "province": "43",
        "industry": "C",
    },
    "9134010068976734XU": {
        "name_en": "QuantumCTek Co., Ltd.",
        "kind": "enterprise",
        "ownership": "mixed",
        "province": "34",
        "industry": "C",
    },
}


def real_organisation_values() -> list[dict[str, str]]:
    """Service values for each real organisation in ``data/uscc-samples.csv``."""
    with (DATA_DIR / "uscc-samples.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    values = []
    for row in csv.DictReader(lines):
        extra = REAL_ORGANISATIONS[row["code"]]
        name_zh = row["organization_name"].split(" (")[0]
        values.append({"uscc": row["code"], "name_zh": name_zh, "region_code": row["code"][2:8], **extra})
    return values


def _fictional(
    n: int, name_zh: str, name_en: str, province: str, region: str, kind: str, industry: str
) -> dict:
    body = "D" + str(n).zfill(7)
    authority, category = ("9", "1") if kind == "enterprise" else ("1", "2")
    values = {
        "uscc": make_uscc(authority, category, region, body),
        "name_zh": name_zh + "（演示）",
        "name_en": name_en + " (demo)",
        "kind": kind,
        "province": province,
        "region_code": region,
        "industry": industry,
        "legal_rep_name_zh": "演示法人" + str(n),
        "legal_rep_title": "董事长",
    }
    if kind == "enterprise":
        values["ownership"] = "private"
    return values


FICTIONAL_ORGANISATIONS = [
    _fictional(
        1, "光华照明科技有限公司", "Guanghua Lighting Technology Co., Ltd.", "32", "320100", "enterprise", "C"
    ),
    _fictional(
        2,
        "晶源半导体材料有限公司",
        "Jingyuan Semiconductor Materials Co., Ltd.",
        "35",
        "350200",
        "enterprise",
        "C",
    ),
    _fictional(
        3,
        "煤化工程研究院",
        "Coal Chemical Engineering Research Institute",
        "14",
        "140100",
        "research_institute",
        "M",
    ),
    _fictional(
        4, "钢研循环工艺有限公司", "Gangyan Recycling Process Co., Ltd.", "13", "130200", "enterprise", "C"
    ),
    _fictional(
        5,
        "丰田农机装备有限公司",
        "Fengtian Agricultural Machinery Co., Ltd.",
        "41",
        "410300",
        "enterprise",
        "C",
    ),
    _fictional(
        6,
        "鲁能装备制造有限公司",
        "Luneng Equipment Manufacturing Co., Ltd.",
        "37",
        "370200",
        "enterprise",
        "C",
    ),
    _fictional(
        7,
        "齐鲁工业技术研究院",
        "Qilu Industrial Technology Institute",
        "37",
        "370100",
        "research_institute",
        "M",
    ),
]


def _fictional_code(n: int) -> str:
    return FICTIONAL_ORGANISATIONS[n - 1]["uscc"]


# (alliance code, credit code, rank, joined on)
MEMBERSHIPS = [
    ("CSA", _fictional_code(1), "chair", dt.date(2004, 10, 12)),
    ("CSA", _fictional_code(2), "vice_chair", dt.date(2004, 10, 12)),
    ("CSA", "12100000400000624D", "council", dt.date(2005, 3, 1)),
    ("CSA", "12100000400012342E", "ordinary", dt.date(2008, 5, 1)),
    ("NCCI", "91110000710925462X", "chair", dt.date(2007, 6, 10)),
    ("NCCI", _fictional_code(3), "council", dt.date(2007, 6, 10)),
    ("SRPA", _fictional_code(4), "chair", dt.date(2007, 6, 10)),
    ("SRPA", "12100000400011227Y", "ordinary", dt.date(2009, 1, 1)),
    ("AEA", _fictional_code(5), "chair", dt.date(2007, 6, 10)),
    ("AEA", "914302007790310965", "ordinary", dt.date(2010, 1, 1)),
    ("CDU", "91110000710925462X", "council", dt.date(2007, 6, 10)),
    ("SDHE", _fictional_code(6), "chair", dt.date(2025, 3, 1)),
    ("SDHE", _fictional_code(7), "council", dt.date(2025, 3, 1)),
]

# (username, role, scope keyword arguments by code, display scope)
LOGINS = [
    ("secretariat", "secretariat", {"alliance": "CSA"}),
    ("council", "council_member", {"alliance": "CSA"}),
    ("contact", "member_contact", {"alliance": "CSA", "organisation": _fictional_code(2)}),
    ("legalrep", "legal_representative", {"alliance": "CSA", "organisation": _fictional_code(2)}),
    ("supervisor", "fund_supervisor", {"alliance": "CSA"}),
    ("expert", "expert", {"alliance": "CSA"}),
    ("province", "provincial_officer", {"province": "37"}),
    ("association", "association_officer", {"industry": "B"}),
    ("national", "national_officer", {}),
]
