"""The open API's shapes (pydantic, through django-ninja): what the OpenAPI schema documents
and every answer is checked against. Plain pydantic models, validated from the serialised
dicts (api/serialize.py) in pydantic's core, rather than ninja's Schema, whose per-attribute
Django getter cost a page of 100 agreements tens of milliseconds. No field here holds contact
persons, the shared log or anything else only staff see; the county's token adds the archival
fields (CountyAgreement)."""

import datetime
from typing import Any, Literal

from ninja import Schema as QuerySchema
from pydantic import BaseModel as Schema
from pydantic import Field, create_model

# Text parameters: no NUL character, which no database column can hold.
TEXT = r"^[^\x00]*$"
ORGNR = r"^[0-9]{9}$"
CODE = r"^[A-Za-z0-9_.\-]{1,20}$"


class Error(Schema):
    detail: Any = Field(description="What was wrong: a message, or the fields and their errors")


class Link(Schema):
    code: str
    url: str


class CountyRef(Schema):
    number: str
    name: str
    url: str


class Party(Schema):
    orgnr: str = Field(description="The organisation number (9 digits)")
    name: str
    role: str = Field(description="school, school_owner, company, training_office, …")
    commitment: str = Field(description="What the party commits to")
    url: str


class Agreement(Schema):
    id: int = Field(description="The agreement's identifier, stable: /avtaler/<id>/ on the site")
    url: str
    html_url: str
    pdf_url: str
    title: str
    purpose: str
    valid_from: datetime.date
    valid_to: datetime.date
    upcoming: bool = Field(description="Valid from a later date (public, not yet in force)")
    county: CountyRef | None
    cooperation_types: list[str] = Field(description="Slugs of /api/v1/cooperation-types")
    programme_areas: list[Link]
    trades: list[Link]
    parties: list[Party]
    framework: int | None = Field(description="The public framework agreement it is under")
    updated_at: datetime.datetime


class CountyAgreement(Agreement):
    """With a county's token: every status, and the archival fields."""

    status: Literal["draft", "submitted", "published", "withdrawn"]
    public: bool
    contact_persons: str
    signed_on: datetime.date | None
    signed_place: str
    has_signed_document: bool
    withdrawn_reason: str
    review_comment: str
    responsible_organisation: str | None = Field(description="Its organisation number")
    renews: int | None
    version: int
    created_at: datetime.datetime
    framework: int | None = Field(description="The framework agreement it is under")


class Change(Schema):
    id: int
    change: Literal["public", "removed"] = Field(
        description="public: add or replace your copy; removed: delete it (a tombstone)"
    )
    reason: Literal["withdrawn", "expired"] | None
    removed_at: datetime.datetime | None = Field(
        description="When it stopped being public (for an expiry: midnight in Oslo after valid_to)"
    )
    agreement: Agreement | None


class Organisation(Schema):
    orgnr: str = Field(description="The organisation number (9 digits), stable")
    url: str
    html_url: str
    agreements_url: str
    name: str
    kind: str
    school: bool
    active: bool
    municipality: str | None = Field(description="The municipality number")
    county: str | None = Field(description="The county number")
    website: str
    public_agreement_count: int
    programme_areas: list[str] = Field(description="A school's offer: Grep codes")
    approved_trades: list[str] = Field(description="Approved training company for: Grep codes")
    occupations: list[str] = Field(description="STYRK-08 codes")


class GrepCode(Schema):
    """What a programme area and a trade both carry."""

    code: str = Field(description="The Grep code, stable")
    url: str
    html_url: str
    agreements_url: str
    title_nb: str
    title_en: str
    active: bool


class ProgrammeArea(GrepCode):
    level: str
    education_programme: str


class Trade(GrepCode):
    programme_areas: list[str] = Field(description="The Vg2 programme areas leading to it")


class County(Schema):
    number: str
    url: str
    name: str
    municipalities_url: str
    agreements_url: str


class Municipality(Schema):
    number: str
    url: str
    name: str
    county: str
    agreements_url: str


class CooperationType(Schema):
    slug: str
    name_nb: str
    name_en: str
    description: str
    agreements_url: str


class Page(Schema):
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page")
    next: str | None = Field(description="The next page's URL; none on the last page")


def page_of(item):
    """A page schema of these items."""
    return create_model(f"{item.__name__}Page", __base__=Page, items=(list[item], ...))


class ChangePage(Page):
    items: list[Change]
    until: datetime.datetime = Field(
        description="Ask with this as ?since= next time (take it from the first page)"
    )


class AgreementFilters(QuerySchema):
    """The filters of /avtaler/ (agreements/public/filters.py), with the same names."""

    q: str | None = Field(None, max_length=200, pattern=TEXT, description="Text: every word")
    fylke: str | None = Field(None, pattern=TEXT, description="County number (owning county)")
    kommune: str | None = Field(None, pattern=TEXT, description="Municipality number of a party")
    programomrade: str | None = Field(None, pattern=TEXT, description="Programme area Grep code")
    larefag: str | None = Field(None, pattern=TEXT, description="Trade Grep code")
    samarbeidsform: str | None = Field(None, pattern=TEXT, description="Cooperation type slug")
    organisasjon: str | None = Field(None, pattern=TEXT, description="A party's orgnr")
    gyldig: datetime.date | None = Field(None, description="In force on this date")
    endret_etter: datetime.datetime | None = Field(
        None, description="Saved (published, changed) at this time or later"
    )
