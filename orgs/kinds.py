"""Which kind (Organisation.Kind) a register's unit becomes: the one table for
Enhetsregisteret's organisation forms and industry codes and for NSR's school kinds
(README, "Kinds of organisation").
"""

from orgs.models import Organisation

Kind = Organisation.Kind

# Enhetsregisteret's organisasjonsform.kode → kind. Anything else is a company (AS, ASA, ENK,
# DA, ANS, NUF, BEDR for a company's branch, …) unless its industry code says otherwise.
FORM_KINDS = {
    "KOMM": Kind.MUNICIPALITY,
    "FYLK": Kind.COUNTY_AUTHORITY,
    "STAT": Kind.PUBLIC_AGENCY,
    "ORGL": Kind.PUBLIC_AGENCY,
    "SF": Kind.PUBLIC_AGENCY,
    "KF": Kind.PUBLIC_AGENCY,
    "FKF": Kind.PUBLIC_AGENCY,
    "IKS": Kind.PUBLIC_AGENCY,
}
# NACE (SN2007) prefixes → kind, for units whose form says nothing more than "a company".
NACE_KINDS = (
    ("84.", Kind.PUBLIC_AGENCY),  # public administration
    ("85.4", Kind.HIGHER_EDUCATION),  # tertiary education
    ("94.1", Kind.UNION),  # employers' and professional organisations
    ("94.2", Kind.UNION),  # trade unions
)
# Kinds that another source decided (NSR for schools, an administrator for training
# offices): Enhetsregisteret's coarser kind never overwrites them.
KEPT_KINDS = {*Organisation.SCHOOL_KINDS, Kind.TRAINING_OFFICE}


def kind_of_unit(form: str, nace: str) -> str:
    """The kind of an Enhetsregisteret unit with this organisation form and industry code."""
    if form in FORM_KINDS:
        return FORM_KINDS[form]
    for prefix, kind in NACE_KINDS:
        if nace.startswith(prefix):
            return kind
    return Kind.COMPANY


# NSR's school kinds → kind (orgs/importers/nsr.py).
