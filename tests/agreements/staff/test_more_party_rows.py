"""'More rows for parties' without JavaScript: the form is posted by its add_rows button and
drawn again with four more party rows, the input kept and no errors shown, since it was not
submitted (registry.forms.BoundField.shown_errors)."""

import re

import pytest

from agreements.models import Agreement
from agreements.models.party import Role
from tests.staff_world import agreement_post_data

pytestmark = pytest.mark.django_db

NEW = "/ansatt/avtaler/ny/"


def unfinished(world):
    """Input with errors: no title, an organisation nobody has, a programme area that is not."""
    return agreement_post_data(
        [world.strinda, "Ingen slik organisasjon"],
        party_terms={0: {"role": Role.SCHOOL, "commitment": "Gir <b>praksis</b>."}},
        title="",
        programme_areas=["999999"],
    )


def test_a_submitted_form_shows_its_errors(strinda_client, world):
    html = strinda_client.post(NEW, unfinished(world)).content.decode()
    assert 'class="error-summary"' in html
    assert '<div class="field field--invalid">' in html
    assert 'id="id_title_error"' in html
    assert '<div class="field field--choice-list field--invalid">' in html
    assert 'id="id_programme_areas_error"' in html


def test_more_rows_draws_the_form_again_without_errors(strinda_client, world):
    data = {**unfinished(world), "add_rows": "1"}
    response = strinda_client.post(NEW, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert not Agreement.objects.filter(title="").exists()
    assert 'name="parties-TOTAL_FORMS" value="7"' in html
    assert len(re.findall(r'<li class="party-row">', html)) == 7
    for absent in ("error-summary", "field--invalid", "field-error", 'id="id_title_error"'):
        assert absent not in html
    # The input is kept as typed.
    assert 'value="Ingen slik organisasjon"' in html
    assert '<option value="school" selected>Skole</option>' in html
    assert "Gir &lt;b&gt;praksis&lt;/b&gt;.</textarea>" in html
    assert 'id="id_parties-6-organisation"' in html
