"""What `manage.py load_demo_data` says: its rejected register rows are meant to be there."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

INTENDED = "(intended: the samples include bad rows to show the rejects report)"


def test_the_demo_load_says_the_rejected_sample_rows_are_intended():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    text = out.getvalue()
    lines = [line for line in text.splitlines() if line.startswith("Register sample ")]
    assert len(lines) == 4, text
    for line in lines:
        # Every sample has bad rows on purpose, and the line says so right after the count.
        assert re.search(rf", [1-9][0-9]* rejected {re.escape(INTENDED)}$", line), line
    assert re.search(
        r"^Rejected sample rows and their reasons: \S+rejects\.csv \(the samples in demo/samples "
        r"include deliberately bad register rows; nothing is wrong\)$",
        text,
        re.MULTILINE,
    ), text
