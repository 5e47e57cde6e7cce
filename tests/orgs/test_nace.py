"""The NACE sections (orgs/nace.py): the division table, in Python and in SQL alike."""

import pytest

from orgs import nace


@pytest.mark.parametrize(
    "code, letter",
    [
        ("10.110", "C"),
        ("01.110", "A"),
        ("03.220", "A"),
        ("33.200", "C"),
        ("35.111", "D"),
        ("43.210", "F"),
        ("47.111", "G"),
        ("62.010", "J"),
        ("84.110", "O"),
        ("85.201", "P"),
        ("86.101", "Q"),
        ("99.000", "U"),
        ("10110", "C"),  # without the point
    ],
)
def test_the_section_of_an_industry_code(code, letter):
    assert nace.section_of(code).letter == letter


@pytest.mark.parametrize("code", ["", "00.000", "04.100", "34.000", "x", None])
def test_a_blank_or_unknown_code_has_no_section(code):
    assert nace.section_of(code) is None


def test_every_division_belongs_to_one_section_at_most():
    divisions = [d for section in nace.SECTIONS for d in section.divisions]
    assert len(divisions) == len(set(divisions)) == 88
    assert [s.letter for s in nace.SECTIONS] == list("ABCDEFGHIJKLMNOPQRSTU")


def test_names_in_bokmal_and_english():
    from django.utils import translation

    assert nace.BY_LETTER["C"].name == "Industri"
    with translation.override("en"):
        assert nace.BY_LETTER["C"].name == "Manufacturing"
        assert str(nace.BY_LETTER["F"]) == "F Construction"
