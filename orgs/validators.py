"""Norwegian organisation numbers: nine digits, the last a MOD11 check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first_eight: str) -> int | None:
    """The MOD11 check digit for eight digits, or None when no digit is valid (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_orgnr(value: str) -> str:
    """Drops the spaces, dots and 'NO' prefix people type around an organisation number."""
    cleaned = "".join(ch for ch in str(value) if ch.isalnum()).upper()
    return cleaned.removeprefix("NO").removesuffix("MVA")


def is_valid_orgnr(value: str) -> bool:
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:8]) == int(value[8])


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
