"""The thresholds the eligibility criteria read, as dated parameters with their reference (``parameters.json``).

As OpenFisca's ``parameters/*.yaml``: each parameter has a name, a description in Chinese and English,
its values by the date from which each is in force, and the document and clause it comes from. A
criterion asks ``parameter(name, on=facts.as_of)`` for the value in force on the day it checks; a new
value is a new dated entry in the file, and the old one still answers for earlier days.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Value = int | tuple[str, ...]

FILE = Path(__file__).with_name("parameters.json")


class NotInForce(LookupError):
    """No value of the parameter is in force on the day asked (it precedes the first dated value).

    ``first`` is the day the rules or the parameter take effect and ``asked`` the day asked for, so that
    an interface can say it in the user's language.
    """

    def __init__(self, message: str, *, first: dt.date, asked: dt.date) -> None:
        super().__init__(message)
        self.first = first
        self.asked = asked


@dataclass(frozen=True)
class Reference:
    document: str  # e.g. 国科发政〔2008〕770号
    article: str  # e.g. 第八条第（一）项
    quote: str  # the words of the clause the value comes from
    url: str = ""
    note_en: str = ""

    def __str__(self) -> str:
        return f"{self.document}，{self.article}「{self.quote}」"


@dataclass(frozen=True)
class Parameter:
    name: str
    description_zh: str
    description_en: str
    unit: str
    values: tuple[tuple[dt.date, Value], ...]  # (in force from, value), oldest first
    reference: Reference

    def on(self, day: dt.date) -> Value:
        """The value in force on ``day``: the latest one dated on or before it."""
        i = bisect.bisect_right([since for since, _value in self.values], day)
        if i == 0:
            raise NotInForce(
                f"The parameter {self.name} has no value on {day.isoformat()}: its first value is in "
                f"force from {self.values[0][0].isoformat()} ({self.reference.document}).",
                first=self.values[0][0],
                asked=day,
            )
        return self.values[i - 1][1]


def _value(raw: Any) -> Value:
    if isinstance(raw, list):
        return tuple(str(v) for v in raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    raise TypeError(f"A parameter value is a whole number or a list of codes, not {raw!r}.")


def load(path: Path = FILE) -> dict[str, Parameter]:
    """The parameters in a file, each with its dated values sorted oldest first."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: Parameter(
            name=name,
            description_zh=p["description_zh"],
            description_en=p["description_en"],
            unit=p["unit"],
            values=tuple(sorted((dt.date.fromisoformat(d), _value(v)) for d, v in p["values"].items())),
            reference=Reference(**p["reference"]),
        )
        for name, p in data.items()
    }


# Read once, at import: the table is plain data and never changes while the process runs.
PARAMETERS: dict[str, Parameter] = load()


def parameter(name: str, *, on: dt.date) -> Value:
    """The value of parameter ``name`` in force on ``on``; raises NotInForce before its first value,
    KeyError for a name the table does not hold."""
    return PARAMETERS[name].on(on)


def number(name: str, *, on: dt.date) -> int:
    """A parameter that is a whole number (a least count, a number of days)."""
    value = parameter(name, on=on)
    if not isinstance(value, int):
        raise TypeError(f"The parameter {name} is not a number.")
    return value


def codes(name: str, *, on: dt.date) -> frozenset[str]:
    """A parameter that is a set of codes (organisation kinds, body kinds)."""
    value = parameter(name, on=on)
    if not isinstance(value, tuple):
        raise TypeError(f"The parameter {name} is not a list of codes.")
    return frozenset(value)
