"""The pages about the registry (/om/, /personvern/, /tilgjengelighet/), the footer that links
them, the front page's link to the overview, and Norwegian typography: «…» quotes in bokmål and
a narrow no-break space between thousands."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from agreements.models import Agreement, LogMessage, oslo_today
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"  # narrow no-break space
PAGES = {
    "/om/": ("Om Samarbeidsregisteret", "About the Cooperation Registry"),
    "/personvern/": ("Personvernerklæring", "Privacy statement"),
    "/tilgjengelighet/": ("Tilgjengelighetserklæring", "Accessibility statement"),
}


@pytest.fixture
def operator(settings):
    settings.REGISTRY_OPERATOR_NAME = "Trøndelag fylkeskommune"
    settings.REGISTRY_CONTACT_EMAIL = "postmottak@trondelagfylke.no"


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_are_public_and_name_the_operator(client, operator, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{PAGES[path][0]}</h1>" in html
    assert "Trøndelag fylkeskommune" in html
    assert 'href="mailto:postmottak@trondelagfylke.no"' in html


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_in_english(client, operator, path):
    html = client.get(f"/en{path}").content.decode()
    assert f"<h1>{PAGES[path][1]}</h1>" in html
    assert "Trøndelag fylkeskommune" in html


def test_the_accessibility_statement_follows_the_norwegian_template(client):
    html = client.get("/tilgjengelighet/").content.decode()
    for heading in ("Hvem er ansvarlig", "Standard og status", "Kjente avvik"):
        assert f"<h2>{heading}</h2>" in html
    assert "<h2>Tilbakemelding og kontakt</h2>" in html and "<h2>Dato</h2>" in html
    assert "WCAG 2.1" in html and "nivå A og AA" in html
    assert "https://www.uutilsynet.no/" in html


def test_the_privacy_statement_names_the_data_and_the_cookies(client):
    html = client.get("/personvern/").content.decode()
    assert "<h2>Behandlingsansvarlig</h2>" in html
    assert "Feide" in html and "den felles loggen" in html
    for cookie in ("csrftoken", "sessionid"):
        assert f"<code>{cookie}</code>" in html
    assert "django_language" not in html  # the language is in the address, not a cookie
    assert "https://www.datatilsynet.no/" in html


@pytest.mark.parametrize("path", ["/", "/avtaler/", "/om/"])
def test_the_footer_names_the_operator_and_links_the_pages(client, operator, path):
    html = client.get(path).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Registeret driftes av Trøndelag fylkeskommune." in footer
    assert 'href="mailto:postmottak@trondelagfylke.no"' in footer
    for href in ("/oversikt/", "/om/", "/personvern/", "/tilgjengelighet/"):
        assert f'href="{href}"' in footer
    assert ">Personvernerklæring</a>" in footer and ">Tilgjengelighetserklæring</a>" in footer


def test_the_footer_marks_the_current_page(client):
    html = client.get("/personvern/").content.decode()
    assert 'href="/personvern/" aria-current="page"' in html


def test_the_front_page_links_the_overview(client):
    html = client.get("/").content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert 'href="/oversikt/"' in main


def test_the_front_page_groups_thousands_with_a_narrow_space(client):
    today = oslo_today()
    Agreement.objects.bulk_create(
        Agreement(
            title=f"Avtale {n}",
            status=Agreement.Status.PUBLISHED,
            valid_from=today - datetime.timedelta(days=1),
            valid_to=today + datetime.timedelta(days=100),
        )
        for n in range(1234)
    )
    html = client.get("/").content.decode()
    assert f"Registeret har 1{NNBSP}234 offentlige avtaler" in html
    assert "The registry holds 1,234 public agreements" in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    "value, bokmal, english",
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (9443, f"9{NNBSP}443", "9,443"),
        (1234567, f"1{NNBSP}234{NNBSP}567", "1,234,567"),
        (-2500, f"-2{NNBSP}500", "-2,500"),
    ],
)
def test_thousands(value, bokmal, english):
    template = Template("{% load norwegian %}{{ value|thousands }}")
    with translation.override("nb"):
        assert template.render(Context({"value": value})) == bokmal
    with translation.override("en"):
        assert template.render(Context({"value": value})) == english


def test_thousands_leaves_what_is_not_a_number():
    template = Template("{% load norwegian %}{{ value|thousands }}")
    assert template.render(Context({"value": "12345"})) == "12345"
    assert template.render(Context({"value": None})) == "None"


def test_quoted_uses_the_languages_quotation_marks_and_escapes():
    template = Template("{% load norwegian %}{{ value|quoted }}")
    with translation.override("nb"):
        assert template.render(Context({"value": "Ringt <b>"})) == "«Ringt &lt;b&gt;»"
    with translation.override("en"):
        assert template.render(Context({"value": "Called"})) == "“Called”"


def test_bokmal_pages_quote_with_guillemets(client):
    world = build_world()
    response = client.get("/?q=strinda")
    html = response.content.decode()
    assert "Treff for «strinda»" in html and "“" not in html
    assert "Results for “strinda”" in client.get("/en/?q=strinda").content.decode()
    # A log message quoted in the staff pages.
    LogMessage.objects.create(
        organisation=world.grytaga,
        author=world.strinda_teacher,
        author_school=world.strinda,
        body="Ringte daglig leder",
    )
    client.force_login(world.strinda_teacher)
    html = client.get("/ansatt/kartlegging/?q=gryt").content.decode()
    assert "«Ringte daglig leder»" in html


def test_counts_in_the_overview_are_grouped(client):
    """The overview's table cells through the same filter (the counts_table tag)."""
    from types import SimpleNamespace

    from registry.templatetags.tables import counts_table

    row = SimpleNamespace(label="Trøndelag", values=[12034, 5, 1000])
    html = counts_table([row], "Tall", "Fylke", [("public", "I kraft")] * 3)
    assert f'<td class="number">12{NNBSP}034</td>' in html
    assert f'<td class="number">1{NNBSP}000</td>' in html


def test_status_names_in_a_select_are_capitalised_like_their_neighbours(client):
    world = build_world()
    client.force_login(world.strinda_teacher)
    html = client.get("/ansatt/").content.decode()
    assert ">Alle statuser</option>" in html
    for status in ("Utkast", "Venter på godkjenning", "Publisert", "Trukket"):
        assert f">{status}</option>" in html
    assert ">utkast</option>" not in html
