"""What ``demo load`` creates: public facts about real pilot alliances plus marked fictional data.

Alliance names and founding dates are public facts (the first pilot alliances of 2007–2010, see
../shared/DOMAIN.md). Their selection as pilots predates the platform, and on the platform only a
published pilot decision makes an alliance a pilot, so the demo records them as established: the demo's
2026 call for pilots can then select CSA, whose application is in expert review. Real organisations appear with their real credit codes from
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
        "established",
        "energy",
        "energy_saving",
        "C",
    ),
    DemoAlliance(
        "NCCI",
        "新一代煤（能源）化工产业技术创新战略联盟",
        "New-Generation Coal (Energy) Chemical Industry Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "established",
        "energy",
        "",
        "C",
    ),
    DemoAlliance(
        "SRPA",
        "钢铁可循环流程技术创新战略联盟",
        "Steel Recyclable Process Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "established",
        "manufacturing",
        "energy_saving",
        "C",
    ),
    DemoAlliance(
        "AEA",
        "农业装备产业技术创新战略联盟",
        "Agricultural Equipment Industry Technology Innovation Strategic Alliance",
        dt.date(2007, 6, 10),
        "established",
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
    ("ministry", "ministry_officer", {"industry": "C"}),
    ("national", "national_officer", {}),
]

# The names the demo logins go by, so that pages show a person (制单人 王敏（演示）) rather than a login.
DEMO_NAMES = {
    "admin": "管理员（演示）",
    "national": "赵国华（演示）",
    "secretariat": "王敏（演示）",
    "council": "李强（演示）",
    "contact": "陈静（演示）",
    "legalrep": "刘洋（演示）",
    "supervisor": "张丽（演示）",
    "expert": "孙涛（演示）",
    "province": "周勇（演示）",
    "association": "吴芳（演示）",
    "ministry": "郑伟（演示）",
    "applicant": "黄磊（演示）",
    "reviewer": "林知远（演示）",
    "reviewer2": "贺清和（演示）",
    "sdsecretariat": "马超（演示）",
    # the legal representatives who sign the CSA agreement, named as the registry names them
    "legalrep-chair": "演示法人1",
    "legalrep-thu": "演示法人（清华大学）",
    "legalrep-ict": "演示法人（计算所）",
}

# --- the CSA alliance agreement (issue 3): signed by every party with demo keys under var/demo-keys ---

# Real organisations have no legal representative in the registry data; the demo names a placeholder,
# marked as such, so that every party can sign.
DEMO_LEGAL_REPS = {
    "12100000400000624D": "演示法人（清华大学）",
    "12100000400012342E": "演示法人（计算所）",
}

# (username, credit code): the legal-representative login of each CSA party; `legalrep` is above.
AGREEMENT_SIGNERS = [
    ("legalrep", _fictional_code(2)),
    ("legalrep-chair", _fictional_code(1)),
    ("legalrep-thu", "12100000400000624D"),
    ("legalrep-ict", "12100000400012342E"),
]


def csa_amendment_content(current: dict) -> dict:
    """CSA/v2: the text in force with a longer notice of exit and a sharper standards goal."""
    content = {**current, "exit_notice_days": 60, "exit_rules_zh": "提前六十日书面通知秘书处，结清应缴会费。"}
    goals = [dict(g) for g in current.get("goals", [])]
    if len(goals) > 1:
        goals[1] = {**goals[1], "target": "发布联盟标准不少于8项", "due": "2028-06-30"}
    content["goals"] = goals
    return content


def csa_agreement_content() -> dict:
    """A complete agreement for the CSA demo members, following the template seen in practice."""
    chair, vice = _fictional_code(1), _fictional_code(2)
    return {
        "title_zh": "半导体照明产业技术创新战略联盟协议",
        "title_en": "Agreement of the China Solid State Lighting Alliance",
        "purpose_zh": "以企业为主体、市场为导向、产学研相结合，围绕半导体照明产业技术创新链开展联合攻关，"
        "突破核心共性技术，形成产业技术标准，提升产业核心竞争力。",
        "principles_zh": "自愿、平等、互利、共赢；依法依约开展合作。",
        "goals": [
            {
                "title_zh": "突破大功率LED芯片与外延关键技术",
                "title_en": "High-power LED chips and epitaxy",
                "target": "产业化芯片光效达到200 lm/W",
                "due": "2028-12-31",
            },
            {
                "title_zh": "制定半导体照明产品联盟标准",
                "title_en": "Alliance standards for SSL products",
                "target": "发布联盟标准不少于5项",
                "due": "2027-12-31",
            },
        ],
        "tasks": [
            {
                "party": chair,
                "description_zh": "牵头芯片产业化与标准制定，承担联盟秘书处工作",
                "commitments": [
                    {"kind": "money", "description": "研发与产业化经费", "amount_cny": "30000000.00"},
                    {"kind": "staff", "description": "秘书处专职人员", "quantity": 4},
                ],
            },
            {
                "party": vice,
                "description_zh": "承担外延材料研发与中试",
                "commitments": [{"kind": "equipment", "description": "MOCVD外延设备共享"}],
            },
            {
                "party": "12100000400000624D",
                "description_zh": "承担LED器件物理与可靠性基础研究",
                "commitments": [{"kind": "staff", "description": "研究人员", "quantity": 15}],
            },
            {
                "party": "12100000400012342E",
                "description_zh": "承担智能照明控制系统与检测平台建设",
                "commitments": [{"kind": "money", "description": "平台建设经费", "amount_cny": "5000000.00"}],
            },
        ],
        "bodies": [
            {
                "kind": "decision",
                "name_zh": "理事会",
                "duties_zh": "审议联盟发展规划、年度计划、经费预算和重大事项",
            },
            {"kind": "advisory", "name_zh": "专家委员会", "duties_zh": "对技术路线、重大项目提供咨询"},
            {"kind": "executive", "name_zh": "秘书处", "duties_zh": "负责联盟日常工作，配备专职工作人员"},
        ],
        "liability_member": chair,
        "admission_rules_zh": "申请单位向秘书处提出申请，经秘书处初审、理事会审议通过，签署补充协议并缴纳会费后成为成员。",
        "exit_rules_zh": "成员退出须提前三十日书面通知秘书处，并结清应缴费用。",
        "exit_notice_days": 30,
        "fund_rules_zh": "联盟经费由依托单位代管，设立专账，专款专用；理事会审议预算决算，接受内部监督和主管部门监督。",
        "ip": {
            "default_ownership": "creator",
            "ownership_note_zh": "多方共同完成的成果由完成各方共有，另有约定的除外。",
            "background_ip_zh": "成员带入的背景知识产权，项目合作方可在约定范围内按公平合理条件使用；"
            "未经许可不得用于联盟项目以外。",
            "member_licence": "preferential",
            "non_member_licence": "separate_agreement",
            "revenue_split": [
                {"beneficiary": "creator", "percent": "70"},
                {"beneficiary": "inventors", "percent": "20"},
                {"beneficiary": "alliance", "percent": "10"},
            ],
        },
        "breach": {
            "breaches": ["泄露联盟保密信息", "无正当理由不履行任务分工", "擅自使用其他成员的知识产权"],
            "remedies": ["责令改正", "赔偿损失"],
            "suspension": True,
            "expulsion": True,
            "grant_recovery": True,
        },
        "diffusion": {
            "mechanism_zh": "联盟每年发布成果目录，通过技术转让、许可和示范工程向行业推广共性技术。",
            "public_results": True,
        },
        "dissolution_zh": "经成员大会三分之二以上成员同意，联盟可以解散；解散前依法进行清算。",
        "disputes": {"arbitration": {"institution": "中国国际经济贸易仲裁委员会"}},
        "term": {"years": 5, "entry_into_force_zh": "本协议自全体成员法定代表人签署之日起生效。"},
        "annexes": [{"title_zh": "联盟章程", "text_zh": "见联盟章程全文。"}],
        # the template's vote rules for the council; CSA agreed on shorter meeting notice than the template
        "procedures": {
            "votes": [
                {"body_zh": "理事会", "matter": "ordinary", "threshold_base": "cast"},
                {"body_zh": "理事会", "matter": "important", "threshold_base": "seats", "veto_days": 15},
            ],
            "notice_ordinary_days": 15,
            "notice_extraordinary_days": 7,
            "agenda_ordinary_days": 10,
            "agenda_extraordinary_days": 5,
            "additions_ordinary_days": 7,
            "additions_extraordinary_days": 2,
        },
    }
