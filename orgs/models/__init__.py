from orgs.models.organisation import Organisation, OrganisationQuerySet
from orgs.models.reference import (
    BilingualTitleMixin,
    County,
    EducationProgramme,
    GrepCode,
    Municipality,
    Occupation,
    ProgrammeArea,
    Trade,
)
from orgs.models.search_word import SearchWord
from orgs.refresh.models import RegisterRefresh

__all__ = [
    "BilingualTitleMixin",
    "County",
    "EducationProgramme",
    "GrepCode",
    "Municipality",
    "Occupation",
    "Organisation",
    "OrganisationQuerySet",
    "ProgrammeArea",
    "RegisterRefresh",
    "SearchWord",
    "Trade",
]
