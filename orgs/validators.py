"""Norwegian organisation numbers: nine digits, the last a MOD11 check digit.

The check itself is python-stdnum's (`stdnum.no.orgnr`); these helpers keep the registry's
stricter reading: exactly nine ASCII digits as stored, no spaces or other separators.
"""

import itertools
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as stdnum_orgnr
from stdnum.util import isdigits


def check_digit(first_eight: str) -> int | None:
    """The MOD11 check digit for eight digits, or None when no digit is valid (remainder 1).

    stdnum's checksum of the nine digits is 0 for a valid number; with a 0 in the ninth place
    it is the eight digits' weighted sum, so the ninth digit must bring that to 0 mod 11.
    """
    if len(first_eight) != 8 or not isdigits(first_eight):
        raise ValueError(f"{first_eight!r} is not eight digits")
    digit = -stdnum_orgnr.checksum(f"{first_eight}0") % 11
    return None if digit == 10 else digit


def valid_orgnrs(start: int) -> Iterator[str]:
    """Every valid organisation number in order, from the eight digits `start` on: made-up
    numbers for the samples, the tests and the benchmarks."""
    for first in itertools.count(start):
        digit = check_digit(str(first))
        if digit is not None:
            yield f"{first}{digit}"


def nth_valid_orgnr(start: int, n: int) -> str:
    """The n-th (from 0) of valid_orgnrs(start)."""
    return next(itertools.islice(valid_orgnrs(start), n, None))


def normalise_orgnr(value: str) -> str:
    """Drops the spaces, dots and 'NO' prefix people type around an organisation number."""
    cleaned = "".join(ch for ch in str(value) if ch.isalnum()).upper()
    return cleaned.removeprefix("NO").removesuffix("MVA")


def is_valid_orgnr(value: str) -> bool:
    # stdnum would accept spaces and full-width digits (it compacts them to ASCII digits);
    # a stored number has neither.
    if not isinstance(value, str) or len(value) != 9 or not value.isascii():
        return False
    return isdigits(value) and stdnum_orgnr.is_valid(value)


def validate_orgnr(value: str) -> None:
    if not is_valid_orgnr(value):
        raise ValidationError(
            _(
                "%(value)s is not a valid organisation number "
                "(nine digits with a correct check digit)."
            ),
            code="invalid_orgnr",
            params={"value": value},
        )
