"""bench/spreadsheet_import.py at a tiny scale, on the test database: its sheet previews as
all new rows and imports every one of them, and the table reads."""

import pytest

from bench.spreadsheet_import import run, table


@pytest.mark.django_db
def test_the_spreadsheet_benchmark_previews_and_imports_its_sheet():
    result = run(12)
    assert result["rows"] == 12
    assert result["preview_s"] > 0 and result["import_s"] > 0
    assert "| 12 |" in table(result)
