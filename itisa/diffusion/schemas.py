"""API schemas of diffusion and the catalogue. The catalogue's items are its open-data rows (one schema,
docs/catalogue.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

PerPage = Annotated[int, Field(ge=1, le=50)]
PageNumber = Annotated[int, Field(ge=1, le=51)]


class CatalogueItemOut(Schema):
    id: str = Field(description="ALLIANCE/RESULT, stable")
    alliance: str
    result: str
    kind: str
    title_zh: str
    title_en: str
    abstract_zh: str
    abstract_en: str
    keywords: str
    number: str = Field(description="Empty when the alliance does not show it")
    owners: list[str] = Field(description="Empty when the alliance does not show them")
    industry: str = Field(description="GB/T 4754 section")
    province: str = Field(description="GB/T 2260 province of the largest owner")
    licensing: str = Field(description="available | licensed | exclusive, today")
    published_at: str


class CataloguePageOut(Schema):
    items: list[CatalogueItemOut]
    total: int = Field(description="Matches, counted up to 1001")
    capped: bool = Field(description="More than 1000 matched: newest first rather than ranked")
    page: int


class ObligationOut(Schema):
    id: int
    alliance: str
    result: str
    title_zh: str
    project: str
    department: str
    starts_on: dt.date
    deadline: dt.date
    months: int
    status: str
    met_on: dt.date | None


class DiffusionIn(Schema):
    means: str = Field(description="licence_offer | publication | standard")
    on: dt.date
    proof: str = Field(description="The address or DOI, the standard's number, or the offer's document")


class DiffusionOut(Schema):
    id: int
    result: str
    means: str
    on: dt.date
    proof: str


class ListingIn(Schema):
    abstract_zh: str
    abstract_en: str = ""
    keywords: str = ""
    show_owners: bool = True
    show_number: bool = True
    contact: bool = True


class ListingOut(Schema):
    result: str
    status: str
    abstract_zh: str
    abstract_en: str
    keywords: str
    show_owners: bool
    show_number: bool
    contact: bool
    published_at: dt.datetime | None
