"""What the checklist shows of the facts a criterion used: the fact's name and its value in words.

The facts keep their stable English keys and codes (the API and the signed findings carry them);
pages read them through ``fact_rows``, which names each fact and turns codes (organisation kinds,
body kinds, why findings were not used) into their labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from itisa.governance.choices import BodyKind
from itisa.registry.choices import OrganisationKind
from itisa.ui.labels import WithNames, as_name, in_chinese, with_names

FACT_LABELS: dict[str, Promise] = {
    "members": pgettext_lazy("fact", "Number of members"),
    "not_independent": pgettext_lazy("fact", "Not independent legal persons"),
    "kinds": pgettext_lazy("fact", "Kinds of member"),
    "enterprises": pgettext_lazy("fact", "Enterprises"),
    "universities_and_institutes": pgettext_lazy("fact", "Universities and research institutes"),
    "findings": pgettext_lazy("fact", "Findings of the national office"),
    "effective_agreement": pgettext_lazy("fact", "Agreement in effect"),
    "problems": pgettext_lazy("fact", "Problems"),
    "goals_present": pgettext_lazy("fact", "Innovation goals stated"),
    "goals_without_target": pgettext_lazy("fact", "Goals without a target or date"),
    "members_without_tasks": pgettext_lazy("fact", "Members without tasks"),
    "unsigned": pgettext_lazy("fact", "Members that have not signed"),
    "in_doubt": pgettext_lazy("fact", "Signatures in doubt"),
    "missing_kinds": pgettext_lazy("fact", "Missing kinds of body"),
    "liability_member": pgettext_lazy("fact", "Member bearing external liability"),
    "full_time_staff": pgettext_lazy("fact", "Number of full-time staff"),
    "fund_rules_in_agreement": pgettext_lazy("fact", "Fund management rules"),
    "separation": pgettext_lazy("fact", "Duties separated"),
    "supervisor": pgettext_lazy("fact", "Fund supervisor appointed"),
    "government_funds_separate": pgettext_lazy("fact", "Government funds accounted separately"),
    "ledger_known": pgettext_lazy("fact", "Books known"),
    "ownership": pgettext_lazy("fact", "Ownership agreed"),
    "licensing": pgettext_lazy("fact", "Licensing agreed"),
    "revenue": pgettext_lazy("fact", "Revenue split agreed"),
    "breach_liability_agreed": pgettext_lazy("fact", "Breach liability agreed"),
    "admission_procedure": pgettext_lazy("fact", "Admission procedure"),
    "diffusion_mechanism": pgettext_lazy("fact", "Diffusion mechanism"),
    "diffusion_obligation_for_public_funds": pgettext_lazy("fact", "Diffusion of publicly funded results"),
    "founded_on": pgettext_lazy("fact", "Founded on"),
    "as_of": pgettext_lazy("fact", "Checked as of"),
}

FINDINGS_STATUS_LABELS: dict[str, Promise] = {
    "absent": pgettext_lazy("findings", "not attached"),
    "unsigned": pgettext_lazy("findings", "not signed"),
    "wrong_key": pgettext_lazy("findings", "signed with another key"),
    "bad_signature": pgettext_lazy("findings", "signature does not verify"),
    "no_office_key": pgettext_lazy("findings", "office key not configured"),
    "later": pgettext_lazy("findings", "made after the day checked"),
}

# Facts whose values are codes, and the labels of those codes.
_VALUE_LABELS: dict[str, Mapping[str, Any]] = {
    "kinds": dict(OrganisationKind.choices),
    "missing_kinds": dict(BodyKind.choices),
    "findings": FINDINGS_STATUS_LABELS,
}


def _shown(key: str, value: Any) -> str:
    """A fact's value as people read it: codes as labels, lists joined, yes/no, a dash for nothing."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return pgettext("fact", "yes") if value else pgettext("fact", "no")
    labels = _VALUE_LABELS.get(key, {})
    if isinstance(value, list | tuple):
        return pgettext("list separator", ", ").join(str(labels.get(v, v)) for v in value)
    return str(labels.get(value, value))


def fact_rows(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The facts a criterion used as (name, value) rows; a fact without a name keeps its key."""
    return [(str(FACT_LABELS.get(key, key)), _shown(key, value)) for key, value in facts.items()]


# a criterion's reference as the rules write it: the document, then the item of its Article 8 (criteria._ref)
ARTICLE_8_ITEM = re.compile(r"^(?P<document>.+)，第八条第（(?P<item>[一二三四五六])）项$")
ITEM_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


def reference_label(reference: str) -> WithNames:
    """A criterion's legal reference as the page shows it: as the rules cite it on a Chinese page; on another,
    the article in the page's language around the document's number (``国科发政〔2008〕770号, Article 8 (1)``),
    which is a name; a citation of another shape is shown whole, marked as Chinese."""
    found = ARTICLE_8_ITEM.match(reference)
    if in_chinese() or not found:
        return as_name(reference)
    return with_names(
        pgettext("citation", "%(document)s, Article 8 (%(item)s)"),
        document=found["document"],
        item=ITEM_NUMBERS[found["item"]],
    )
