import pytest
from django.core.exceptions import ValidationError

from orgs.validators import check_digit, is_valid_orgnr, normalise_orgnr, validate_orgnr


@pytest.mark.parametrize("orgnr", ["942110464", "974760673", "923609016"])
def test_real_organisation_numbers_pass(orgnr):
    assert is_valid_orgnr(orgnr)
    validate_orgnr(orgnr)


@pytest.mark.parametrize(
    "orgnr",
    [
        "942110465",  # wrong check digit
        "94211046",  # eight digits
        "9421104640",  # ten digits
        "94211046a",  # a letter
        "９４２１１０４６４",  # full-width digits are digits to Python, not to us
        "",
        "000000001",
    ],
)
def test_malformed_organisation_numbers_fail(orgnr):
    assert not is_valid_orgnr(orgnr)
    with pytest.raises(ValidationError) as error:
        validate_orgnr(orgnr)
    assert error.value.code == "invalid_orgnr"


def test_check_digit_of_remainder_one_is_none():
    # 3*1 = 3, 3 % 11 = 3 -> 8; find one whose weighted sum leaves remainder 1: 12 = 3*4.
    assert check_digit("40000000") is None


def test_normalise_strips_what_people_type_around_the_number():
    assert normalise_orgnr("NO 942 110 464 MVA") == "942110464"
    assert normalise_orgnr("942.110.464") == "942110464"
