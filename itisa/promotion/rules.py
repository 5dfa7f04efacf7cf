"""Which alliances a promoting body's scope covers: pure rules over plain values (no ORM, no request).

- Art. 12 of 国科发政〔2008〕770号: the localities promote *regional* alliances around the pillar industries of
  their own development plans; so a province's department covers the regional alliances (and proposals)
  of its province, whatever their industry, and not the national ones.
- Art. 11: industry associations promote the alliances of key fields of their industry; an association (or
  a central ministry in charge of the industry) covers the alliances of its GB/T 4754 section, national
  and regional alike.

The same test as the officers' dashboards (``indicators.permissions.supervises``), without the national
office, which registers alliances rather than promoting them.
"""

from __future__ import annotations

from dataclasses import dataclass

from itisa.promotion.choices import BodyKind

REFERENCE_ART_11 = "国科发政〔2008〕770号 第十一条"
REFERENCE_ART_12 = "国科发政〔2008〕770号 第十二条"


@dataclass(frozen=True, order=True)
class Body:
    """A promoting body: its kind and its code (a GB/T 2260 province code for a province, a GB/T 4754
    section letter for an association or ministry)."""

    kind: str
    code: str

    @property
    def key(self) -> str:
        """A stable text key (``province:37``, ``association:B``) for forms and the API."""
        return f"{self.kind}:{self.code}"

    @classmethod
    def from_key(cls, key: str) -> Body | None:
        """The body a key names, or None for text that names none."""
        kind, _sep, code = key.partition(":")
        if kind not in BodyKind.values or not code:
            return None
        return cls(kind, code)

    @property
    def reference(self) -> str:
        """The article that gives this kind of body its role."""
        return REFERENCE_ART_12 if self.kind == BodyKind.PROVINCE else REFERENCE_ART_11


def covers(body: Body, *, scope: str, province: str, industry: str) -> bool:
    """Whether ``body`` promotes an alliance (or proposed alliance) of this scope, province and industry."""
    if body.kind == BodyKind.PROVINCE:
        return scope == "regional" and province == body.code
    return industry == body.code


def problem_scope_problems(body: Body, *, province: str, industry: str) -> dict[str, str]:
    """What is wrong with the scope of a key problem published by ``body`` (field → message code): a
    province's problem is of its province (any industry); an association's or ministry's of its industry,
    with no province."""
    found: dict[str, str] = {}
    if body.kind == BodyKind.PROVINCE:
        if province != body.code:
            found["province"] = "own_province"
        if not industry:
            found["industry"] = "required"
    else:
        if industry != body.code:
            found["industry"] = "own_industry"
        if province:
            found["province"] = "no_province"
    return found
