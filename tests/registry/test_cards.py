"""The agreement cards of the public lists (registry/templatetags/cards.py), drawn in Python:
every value escaped, the links in the page's language, the badges by the Oslo date."""

import datetime

import pytest

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    CooperationTypeFactory,
    OrganisationFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    return AgreementFactory(
        title="Lærlinger <i>og</i> praksis",
        schools=[SchoolFactory(name="Skole <b>A</b>")],
        partners=[OrganisationFactory(name='Bedrift "B" & co')],
        cooperation_types=[CooperationTypeFactory(slug="x", name_nb="<u>Hospitering</u>")],
        programme_areas=[ProgrammeAreaFactory(title_nb="Akva<kultur>", title_en="Aqua<culture>")],
        trades=[TradeFactory(code="HSHEA3----", title_nb="Helse", title_en="Health <3")],
        valid_from=datetime.date.today() - datetime.timedelta(days=300),
        valid_to=datetime.date.today() + datetime.timedelta(days=30),  # expires soon
    )


def test_every_value_is_shown_as_text(client, agreement):
    school = agreement.schools[0]
    html = client.get(f"/skoler/{school.orgnr}/").content.decode()
    for raw in ("<i>og</i>", "<b>A</b>", '"B" & co', "<u>Hospitering</u>", "Akva<kultur>"):
        assert raw not in html
    for shown in (
        "Lærlinger &lt;i&gt;og&lt;/i&gt; praksis",
        "Skole &lt;b&gt;A&lt;/b&gt;",
        "Bedrift &quot;B&quot; &amp; co",
        "&lt;u&gt;Hospitering&lt;/u&gt;",
        "Akva&lt;kultur&gt;",
    ):
        assert shown in html
    assert "Utløper snart" in html


def test_the_links_and_words_follow_the_language(client, agreement):
    partner = agreement.partners[0].organisation
    html = client.get(f"/en/bedrifter/{partner.orgnr}/").content.decode()
    assert f'href="/en/avtaler/{agreement.pk}/"' in html
    assert f'href="/en/skoler/{agreement.schools[0].orgnr}/"' in html
    assert 'href="/en/larefag/HSHEA3----/"' in html
    assert "Aqua&lt;culture&gt;" in html and "Health &lt;3" in html
    assert "<dt>Programme areas</dt>" in html and "Expires soon" in html
    bokmal = client.get(f"/bedrifter/{partner.orgnr}/").content.decode()
    assert f'href="/avtaler/{agreement.pk}/"' in bokmal and "<dt>Programområder</dt>" in bokmal


def test_an_upcoming_agreement_says_so(client):
    upcoming = AgreementFactory(valid_from=datetime.date.today() + datetime.timedelta(days=10))
    assert upcoming.status == Agreement.Status.PUBLISHED
    html = client.get(f"/skoler/{upcoming.schools[0].orgnr}/").content.decode()
    assert "badge--upcoming" in html and "Kommende" in html
