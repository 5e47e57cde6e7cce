"""Counties and municipalities: reference data the project provides (Statistics Norway's
KLASS 104 and 131), so no import has to come first for them.

STUB: the helper writing the KLASS data replaces this module; its interface stays.
"""

from orgs.models import Municipality


def load_regions() -> None:
    """Makes the database hold today's counties and municipalities (idempotent; one read
    query when they are already there)."""


def municipality_numbers() -> dict[str, tuple[int, str]]:
    """Every municipality number a register may give, today's and former ones since 2018,
    → (pk, name) of today's municipality."""
    load_regions()
    return {
        number: (pk, name)
        for number, pk, name in Municipality.objects.values_list("number", "pk", "name")
    }
