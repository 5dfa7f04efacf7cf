"""Article 8 of 国科发政〔2008〕770号 as code: one criterion per clause, split where the clause asks several
things, in clause order 第八条第（一）项 … 第（六）项, then the one criterion the 2016 rule set adds. Each
returns a ``Verdict``: pass, fail or needs review, its reason in Chinese and English, and the facts used.

Every criterion's docstring quotes, between 「」, the words of its clause it checks (verbatim from
``article8.ARTICLE_8``), then says in English what it checks. The thresholds it applies (how many members,
which kinds, how long) are dated parameters (``parameters.json``), read for the day the facts are as of.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from itisa.pilots.eligibility.facts import Facts
from itisa.pilots.eligibility.parameters import codes, number

PASS = "pass"  # noqa: S105 (a result code, not a password)
FAIL = "fail"
REVIEW = "needs_review"
SOURCE = "国科发政〔2008〕770号"
# The source of the 2016 addition: not a government document but the conditions for joining the alliances'
# network (中国产业技术创新战略联盟协同发展网), published 2016-07-05; no copy is kept in shared/policy.
SOURCE_2016 = "中国产业技术创新战略联盟协同发展网《网员基本条件》（2016年7月5日）"


@dataclass(frozen=True)
class Verdict:
    """What a criterion's check finds: the result code, the reason in Chinese and English, the facts used."""

    result: str
    reason_zh: str
    reason_en: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """A criterion's verdict as the report holds it, with the criterion's code and legal reference."""

    code: str
    result: str
    reason_zh: str
    reason_en: str
    reference: str
    facts: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Facts], Verdict]


@dataclass(frozen=True)
class Criterion:
    code: str
    label_zh: str
    label_en: str
    reference: str
    check: Check

    def __call__(self, facts: Facts) -> Result:
        v = self.check(facts)
        return Result(self.code, v.result, v.reason_zh, v.reason_en, self.reference, v.facts)


def _ref(n: str) -> str:
    return f"{SOURCE}，第八条第（{n}）项"


_ZH_NUMBERS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
_EN_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def _flag(name: str, doc: str, ok_zh: str, ok_en: str, no_zh: str, no_en: str) -> Check:
    """A criterion that passes when the fact ``name`` holds; ``doc`` quotes its clause and explains it."""

    def check(f: Facts) -> Verdict:
        value = getattr(f, name)
        return (
            Verdict(PASS, ok_zh, ok_en, {name: value})
            if value
            else Verdict(FAIL, no_zh, no_en, {name: value})
        )

    check.__name__ = check.__qualname__ = name
    check.__doc__ = doc
    return check


NO_AGREEMENT_ZH = "没有生效的联盟协议，无法确认此项。"
NO_AGREEMENT_EN = "No agreement is in effect, so this cannot be established."


def _under_agreement(check: Check) -> Check:
    """A criterion about what the effective agreement settles: without one in effect it fails, and says
    so, rather than stating that the agreement lacks the clause."""

    @functools.wraps(check)
    def under(f: Facts) -> Verdict:
        if not f.effective_agreement:
            return Verdict(FAIL, NO_AGREEMENT_ZH, NO_AGREEMENT_EN, {"effective_agreement": False})
        return check(f)

    return under


# 第八条（一）: the members -------------------------------------------------------------------------------


def independent_legal_persons(f: Facts) -> Verdict:
    """第八条（一）「要由企业、大学和科研机构等多个独立法人组成。」

    At least two members (``art8.1.min_members``), every one an independent legal person (an individual
    business, whose credit code starts 92, is not: see ``facts.independent_legal_person``).
    """
    least = number("art8.1.min_members", on=f.as_of)
    not_independent = sorted(m.uscc for m in f.members if not m.independent_legal_person)
    used = {"members": len(f.members), "not_independent": not_independent}
    if len(f.members) < least:
        return Verdict(
            FAIL,
            f"成员少于{_ZH_NUMBERS.get(least, str(least))}个独立法人。",
            f"Fewer than {_EN_NUMBERS.get(least, str(least))} independent legal persons.",
            used,
        )
    if not_independent:
        return Verdict(FAIL, "有成员不是独立法人。", "Some members are not independent legal persons.", used)
    return Verdict(PASS, "成员均为独立法人。", "Every member is an independent legal person.", used)


def enterprise_and_research(f: Facts) -> Verdict:
    """第八条（一）「要由企业、大学和科研机构等多个独立法人组成。」「其他组织机构也可成为联盟成员。」

    The members include an enterprise and a university or research institute; other organisations may join too.
    """
    kinds = sorted({m.kind for m in f.members})
    used = {"kinds": kinds}
    has_enterprise = bool(codes("art8.1.enterprise_kinds", on=f.as_of) & set(kinds))
    has_research = bool(codes("art8.1.research_kinds", on=f.as_of) & set(kinds))
    if has_enterprise and has_research:
        return Verdict(
            PASS,
            "有企业，也有大学或科研机构。",
            "There is an enterprise and a university or research institute.",
            used,
        )
    return Verdict(
        FAIL,
        "须至少有一家企业和一家大学或科研机构。",
        "At least one enterprise and one university or research institute are needed.",
        used,
    )


# Why a dossier's findings of the national office are not used (``dossier.office_findings`` statuses).
_FINDINGS_UNUSED = {
    "absent": ("卷宗未附国家办公室的认定。", "The dossier carries no findings of the national office."),
    "unsigned": (
        "卷宗所附认定未经国家办公室签名，不予采用。",
        "The findings in the dossier are not signed by the national office, so they are not used.",
    ),
    "wrong_key": (
        "卷宗所附认定不是用国家办公室公布的密钥签名的，不予采用。",
        "The findings are not signed with the national office's published key, so they are not used.",
    ),
    "bad_signature": (
        "卷宗所附认定的签名无法验证（签名后被改动），不予采用。",
        "The signature of the findings does not verify (they were changed after signing), so they are not used.",
    ),
    "no_office_key": (
        "本系统未配置国家办公室的公钥，无法验证卷宗所附认定。",
        "The national office's public key is not configured here, so the findings cannot be verified.",
    ),
    "later": (
        "卷宗所附认定晚于核查日期作出，不予采用。",
        "The findings were made after the day checked, so they are not used.",
    ),
}


def _needs_finding(f: Facts, used: dict[str, Any], zh: str, en: str) -> Verdict:
    """Review is needed: the office has not found, or (from a dossier) its findings cannot be used."""
    unused = _FINDINGS_UNUSED.get(f.findings_status or "")
    if unused is None:
        return Verdict(REVIEW, zh, en, used)
    return Verdict(REVIEW, f"{zh}{unused[0]}", f"{en} {unused[1]}", {**used, "findings": f.findings_status})


def backbone_enterprise(f: Facts) -> Verdict:
    """第八条（一）「企业处于行业骨干地位」

    An enterprise member holds a backbone position in its industry: the national office's finding decides;
    without one it needs review.
    """
    enterprise_kinds = codes("art8.1.enterprise_kinds", on=f.as_of)
    enterprises = [m for m in f.members if m.kind in enterprise_kinds]
    used = {"enterprises": [m.uscc for m in enterprises]}
    if any(m.backbone_enterprise for m in enterprises):
        return Verdict(
            PASS,
            "有企业处于行业骨干地位。",
            "An enterprise holds a backbone position in its industry.",
            used,
        )
    if enterprises and all(m.backbone_enterprise is False for m in enterprises):
        return Verdict(FAIL, "没有处于行业骨干地位的企业。", "No enterprise holds a backbone position.", used)
    return _needs_finding(
        f, used, "骨干地位需专家判断。", "Whether an enterprise is a backbone of its industry needs review."
    )


def frontier_research(f: Facts) -> Verdict:
    """第八条（一）「大学或科研机构在合作的技术领域具有前沿水平」

    A university or research institute member is at the frontier of the field of cooperation: the national
    office's finding decides; without one it needs review.
    """
    research_kinds = codes("art8.1.research_kinds", on=f.as_of)
    research = [m for m in f.members if m.kind in research_kinds]
    used = {"universities_and_institutes": [m.uscc for m in research]}
    if any(m.frontier for m in research):
        return Verdict(
            PASS,
            "有大学或科研机构在合作领域具有前沿水平。",
            "A university or institute is at the frontier of the field.",
            used,
        )
    if research and all(m.frontier is False for m in research):
        return Verdict(
            FAIL,
            "没有在合作领域具有前沿水平的大学或科研机构。",
            "No university or institute is at the frontier of the field.",
            used,
        )
    return _needs_finding(
        f,
        used,
        "前沿水平需专家判断。",
        "Whether a university or institute is at the frontier of the field needs review.",
    )


# 第八条（二）: the agreement -----------------------------------------------------------------------------


def agreement_in_effect(f: Facts) -> Verdict:
    """第八条（二）「要有具有法律约束力的联盟协议」

    An alliance agreement (or amendment) is in effect. From a dossier, a version stated to be in effect
    counts only when its text and every party's signature are shown (``agreements.verification``).
    """
    if f.effective_agreement:
        return Verdict(
            PASS, "有生效的联盟协议。", "An agreement is in effect.", {"effective_agreement": True}
        )
    if f.agreement_problems:
        return Verdict(
            FAIL,
            "卷宗称协议已生效，但未能证明其生效。",
            "The dossier states that an agreement is in effect but does not show it.",
            {"effective_agreement": False, "problems": list(f.agreement_problems)},
        )
    return Verdict(FAIL, "没有生效的联盟协议。", "No agreement is in effect.", {"effective_agreement": False})


@_under_agreement
def innovation_goals(f: Facts) -> Verdict:
    """第八条（二）「协议中有明确的技术创新目标」

    The effective agreement states the alliance's technology innovation goals, each with a measurable
    target and a date (as the agreement editor requires).
    """
    used = {"goals_present": f.goals_present, "goals_without_target": list(f.goals_without_target)}
    if not f.goals_present:
        return Verdict(FAIL, "协议没有技术创新目标。", "The agreement states no innovation goals.", used)
    if f.goals_without_target:
        return Verdict(
            FAIL,
            "有技术创新目标缺少可衡量的指标或期限。",
            "Some innovation goals have no measurable target or date.",
            used,
        )
    return Verdict(PASS, "协议有明确的技术创新目标。", "The agreement states innovation goals.", used)


@_under_agreement
def task_division(f: Facts) -> Verdict:
    """第八条（二）「落实成员单位之间的任务分工。」

    The agreement's task division (with the accession instruments') gives every current member a task.
    """
    members = {m.uscc for m in f.members}
    missing = sorted(members - f.task_division_covers)
    used = {"members_without_tasks": missing}
    if members and not missing:
        return Verdict(PASS, "任务分工覆盖全部成员。", "The task division covers every member.", used)
    return Verdict(FAIL, "有成员没有分工任务。", "Some members have no task in the division.", used)


@_under_agreement
def signed_by_legal_representatives(f: Facts) -> Verdict:
    """第八条（二）「联盟协议必须由成员单位法定代表人共同签署生效。」

    Every current member's legal representative signed the agreement (or its accession instrument) with
    a key confirmed at the time; a signature whose key was revoked at a time the dossier does not give
    needs review.
    """
    used: dict[str, Any] = {"unsigned": list(f.unsigned_members), "in_doubt": list(f.signatures_in_doubt)}
    if f.agreement_problems:  # an accession that is not shown to be in effect
        used["problems"] = list(f.agreement_problems)
    if f.signed_by_all_legal_representatives:
        return Verdict(
            PASS, "全部成员法定代表人已签署。", "Every member's legal representative signed.", used
        )
    if f.signatures_in_doubt and not f.unsigned_members:
        return Verdict(
            REVIEW,
            "有签名所用密钥已被撤销，卷宗未载撤销时间，需核查。",
            "A signing key was revoked and the dossier does not say when; this needs review.",
            used,
        )
    return Verdict(FAIL, "尚有成员法定代表人未签署。", "Some legal representatives have not signed.", used)


# 第八条（三）: bodies, liability, staff ------------------------------------------------------------------


def three_kinds_of_body(f: Facts) -> Verdict:
    """第八条（三）「要设立决策、咨询和执行等组织机构」

    The alliance has a decision body, an advisory body and an executive body (``art8.3.body_kinds``).
    """
    missing = sorted(codes("art8.3.body_kinds", on=f.as_of) - f.body_kinds)
    used = {"missing_kinds": missing}
    if not missing:
        return Verdict(
            PASS, "决策、咨询和执行机构齐全。", "Decision, advisory and executive bodies exist.", used
        )
    return Verdict(FAIL, "组织机构不全。", "Some kinds of body are missing.", used)


def liability_member(f: Facts) -> Verdict:
    """第八条（三）「明确联盟对外承担责任的主体。」

    A current member is designated to bear the alliance's external liability.
    """
    used = {"liability_member": f.liability_member}
    if not f.liability_member:
        return Verdict(FAIL, "没有明确对外承担责任的主体。", "No member bears external liability.", used)
    if f.liability_member not in {m.uscc for m in f.members}:
        return Verdict(
            FAIL,
            "对外承担责任的主体不是联盟现有成员。",
            "The member named to bear external liability is not a current member.",
            used,
        )
    return Verdict(PASS, "已明确对外承担责任的主体。", "A member bears external liability.", used)


def full_time_staff(f: Facts) -> Verdict:
    """第八条（三）「联盟执行机构应配备专职人员，负责有关日常事务。」

    At least one full-time staff member of the executive body is in post (``art8.3.min_full_time_staff``).
    """
    least = number("art8.3.min_full_time_staff", on=f.as_of)
    used = {"full_time_staff": f.full_time_staff}
    if f.full_time_staff >= least:
        return Verdict(PASS, "执行机构配备了专职人员。", "The executive body has full-time staff.", used)
    if f.full_time_staff:
        return Verdict(
            FAIL,
            f"执行机构专职人员少于{least}人。",
            f"The executive body has fewer than {least} full-time staff.",
            used,
        )
    return Verdict(FAIL, "执行机构没有专职人员。", "The executive body has no full-time staff.", used)


# 第八条（四）: funds -------------------------------------------------------------------------------------

fund_rules = _under_agreement(
    _flag(
        "fund_rules_in_agreement",
        """第八条（四）「要健全经费管理制度。」「对联盟经费要制定相应的内部管理办法」

        The agreement lays down internal rules for managing the alliance's funds.
        """,
        "有经费管理办法。",
        "There are fund management rules.",
        "没有经费管理办法。",
        "There are no fund management rules.",
    )
)

_NO_BOOKS_ZH = "未掌握联盟账簿（卷宗没有经费部分），需核查。"
_NO_BOOKS_EN = "The books are not known (the dossier has no funds section); this needs review."


def internal_supervision(f: Facts) -> Verdict:
    """第八条（四）「并建立经费使用的内部监督机制。」

    The books separate preparing and approving entries, and a fund supervisor is appointed; without the
    books it needs review.
    """
    used = {"separation": f.separation_of_duties, "supervisor": f.fund_supervisor_appointed}
    if f.separation_of_duties and f.fund_supervisor_appointed:
        return Verdict(
            PASS,
            "不相容职务分离且已设经费监督人。",
            "Duties are separated and a supervisor is appointed.",
            used,
        )
    if f.separation_of_duties is False or f.fund_supervisor_appointed is False:
        return Verdict(FAIL, "内部监督机制不健全。", "Internal supervision is incomplete.", used)
    return Verdict(REVIEW, _NO_BOOKS_ZH, _NO_BOOKS_EN, used)


def government_funds_separate(f: Facts) -> Verdict:
    """第八条（四）「政府资助经费的使用要按照相关规定接受有关部门的监督。」

    Government grants are kept as restricted funds of their own, so their use can be supervised; an alliance
    without government funds passes; without the books it needs review.
    """
    used = {"government_funds_separate": f.government_funds_separate, "ledger_known": f.ledger_known}
    if not f.ledger_known:
        return Verdict(REVIEW, _NO_BOOKS_ZH, _NO_BOOKS_EN, used)
    if f.government_funds_separate is None:
        return Verdict(PASS, "没有政府资助经费。", "There are no government funds.", used)
    if f.government_funds_separate:
        return Verdict(PASS, "政府资助经费单独核算。", "Government funds are accounted separately.", used)
    return Verdict(FAIL, "政府资助经费没有单独核算。", "Government funds are not accounted separately.", used)


# 第八条（五）: interests ---------------------------------------------------------------------------------


@_under_agreement
def ip_arrangements(f: Facts) -> Verdict:
    """第八条（五）「联盟研发项目产生的成果和知识产权应事先通过协议明确权利归属、许可使用和转化收益分配的办法」

    The agreement settles in advance who owns results and IP, how they are licensed, and how revenue is split.
    """
    used = {
        "ownership": f.ip_ownership_agreed,
        "licensing": f.licensing_agreed,
        "revenue": f.revenue_split_agreed,
    }
    if f.ip_ownership_agreed and f.licensing_agreed and f.revenue_split_agreed:
        return Verdict(
            PASS,
            "已约定权利归属、许可使用和收益分配。",
            "Ownership, licensing and revenue split are agreed.",
            used,
        )
    return Verdict(FAIL, "成果权益约定不全。", "Ownership, licensing or revenue split is not agreed.", used)


breach_liability = _under_agreement(
    _flag(
        "breach_liability_agreed",
        """第八条（五）「要强化违约责任追究，保护联盟成员的合法权益。」

        The agreement sets the liability for breaching it.
        """,
        "已约定违约责任。",
        "Breach liability is agreed.",
        "没有约定违约责任。",
        "Breach liability is not agreed.",
    )
)


# 第八条（六）: openness ----------------------------------------------------------------------------------

admission = _under_agreement(
    _flag(
        "admission_procedure",
        """第八条（六）「要根据发展需要及时吸收新成员」

        The agreement has a procedure for admitting new members.
        """,
        "有吸收新成员的程序。",
        "There is an admission procedure.",
        "没有吸收新成员的程序。",
        "There is no admission procedure.",
    )
)

diffusion_mechanism = _under_agreement(
    _flag(
        "diffusion_mechanism",
        """第八条（六）「联盟要建立成果扩散机制」

        The agreement sets up a mechanism for diffusing the alliance's results.
        """,
        "有成果扩散机制。",
        "There is a diffusion mechanism.",
        "没有成果扩散机制。",
        "There is no diffusion mechanism.",
    )
)

public_results_diffused = _under_agreement(
    _flag(
        "diffusion_obligation_for_public_funds",
        """第八条（六）「对承担政府资助项目形成的成果有向联盟外扩散的义务。」

        The agreement obliges the alliance to diffuse, beyond its members, results of government-funded projects.
        """,
        "约定了政府资助成果向外扩散的义务。",
        "Publicly funded results must be diffused.",
        "没有约定政府资助成果的扩散义务。",
        "No obligation to diffuse publicly funded results.",
    )
)


# The 2016 addition -------------------------------------------------------------------------------------


def operated_one_year(f: Facts) -> Verdict:
    """中国产业技术创新战略联盟协同发展网《网员基本条件》（2016年7月5日）（一）1「并有效运行一年以上」

    Not a clause of Article 8, nor a government document: the network's conditions for joining restate
    Article 8 and add that the alliance has operated for at least a year (``operation.min_days``) since
    its founding; an unknown founding date needs review.
    """
    used = {"founded_on": f.founded_on.isoformat() if f.founded_on else None, "as_of": f.as_of.isoformat()}
    if f.founded_on is None:
        return Verdict(REVIEW, "成立日期不详。", "The founding date is unknown.", used)
    if (f.as_of - f.founded_on).days >= number("operation.min_days", on=f.as_of):
        return Verdict(PASS, "已有效运行一年以上。", "It has operated for at least one year.", used)
    return Verdict(FAIL, "运行不满一年。", "It has operated for less than a year.", used)


CRITERIA_2008: list[Criterion] = [
    Criterion("art8.1.legal_persons", "独立法人", "Independent legal persons", _ref("一"), independent_legal_persons),
    Criterion("art8.1.composition", "企业与大学或科研机构", "Enterprise and university or institute", _ref("一"), enterprise_and_research),
    Criterion("art8.1.backbone", "企业骨干地位", "Backbone enterprise", _ref("一"), backbone_enterprise),
    Criterion("art8.1.frontier", "大学或科研机构前沿水平", "University or institute at the frontier", _ref("一"), frontier_research),
    Criterion("art8.2.agreement", "有效的联盟协议", "An effective agreement", _ref("二"), agreement_in_effect),
    Criterion("art8.2.goals", "技术创新目标", "Innovation goals", _ref("二"), innovation_goals),
    Criterion("art8.2.tasks", "任务分工", "Task division", _ref("二"), task_division),
    Criterion("art8.2.signatures", "法定代表人共同签署", "Signed by every legal representative", _ref("二"), signed_by_legal_representatives),
    Criterion("art8.3.bodies", "决策、咨询和执行机构", "Decision, advisory, executive bodies", _ref("三"), three_kinds_of_body),
    Criterion("art8.3.liability", "对外承担责任的主体", "External liability member", _ref("三"), liability_member),
    Criterion("art8.3.staff", "专职人员", "Full-time staff", _ref("三"), full_time_staff),
    Criterion("art8.4.rules", "经费管理办法", "Fund management rules", _ref("四"), fund_rules),
    Criterion("art8.4.supervision", "内部监督机制", "Internal supervision", _ref("四"), internal_supervision),
    Criterion("art8.4.government_funds", "政府经费单独核算", "Government funds apart", _ref("四"), government_funds_separate),
    Criterion("art8.5.ip", "知识产权归属、许可与收益分配", "IP ownership, licensing, revenue", _ref("五"), ip_arrangements),
    Criterion("art8.5.breach", "违约责任", "Breach liability", _ref("五"), breach_liability),
    Criterion("art8.6.admission", "吸收新成员", "Admission of new members", _ref("六"), admission),
    Criterion("art8.6.diffusion", "成果扩散机制", "Diffusion mechanism", _ref("六"), diffusion_mechanism),
    Criterion("art8.6.public_results", "政府资助成果扩散义务", "Diffusion of publicly funded results", _ref("六"), public_results_diffused),
]  # fmt: skip

OPERATED_ONE_YEAR = Criterion(
    "operation.one_year",
    "有效运行一年以上",
    "Operated for at least a year",
    f"{SOURCE_2016}，（一）1",
    operated_one_year,
)
