"""The two languages: bokmål at the root, English under /en/; the language switch is a link;
and an anonymous visitor gets no cookie on any public page, in either language, so that the
public pages can be cached."""

import re

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from tests.permission_rows import ADMIN_LOGIN, LOGIN, ROUTES
from tests.test_permission_matrix import keys_of, matrix_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return matrix_world()


FIXED = ("/konto/", "/admin/", "/healthz", "/api/v1/")  # the same URL in both languages


def anonymous_gets(keys):
    """Every GET of the matrix with the status an anonymous visitor gets: the public pages
    (200), and the 302s to the login page and the 404s of the rest."""
    statuses = {LOGIN: 302, ADMIN_LOGIN: 302}
    return [
        (
            call.url.format(**keys),
            statuses.get(call.expected["anonymous"], call.expected["anonymous"]),
        )
        for calls in ROUTES.values()
        for call in calls
        if call.method == "get"
    ]


def english(url):
    return url if url.startswith(FIXED) else f"/en{url}"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def switch_of(html):
    return re.search(r'<div class="language-switch">\s*(.*?)\s*</div>', html, re.S).group(1)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_page_sets_a_cookie_for_an_anonymous_visitor(world, language):
    gets = anonymous_gets(keys_of(world))
    public = [url for url, status in gets if status == 200]
    assert len(public) > 20 and any(url.endswith("/pdf/") for url in public)
    cookies = {}
    for page, status in gets:
        url = english(page) if language == "en" else page
        response = Client().get(url)
        body_of(response)  # a streamed export runs its queries only now
        assert response.status_code == status, url
        if language == "en" and not url.startswith(FIXED):
            assert response.headers["Content-Language"] == "en", url
        if response.cookies or response.has_header("Set-Cookie"):
            cookies[url] = sorted(response.cookies)
        if status == 200 and not url.startswith(FIXED):  # and so browsers and proxies may keep it
            assert "public" in response["Cache-Control"] and response.has_header("ETag"), url
    assert cookies == {}


def test_every_page_of_the_matrix_is_the_same_view_in_english(world):
    """The matrix's statuses hold for the /en/ URLs too: each is the same view, with the same
    arguments; the fixed URLs (login, admin, /healthz, the API) have no English twin."""
    keys = keys_of(world)
    for calls in ROUTES.values():
        for call in calls:
            path = call.url.format(**keys).split("?")[0]
            bokmal = resolve(path)
            with translation.override("en"):
                if path.startswith(FIXED):
                    assert resolve(path).func == bokmal.func
                    with pytest.raises(Resolver404):
                        resolve(f"/en{path}")
                    continue
                match = resolve(f"/en{path}")
            assert (match.func, match.kwargs) == (bokmal.func, bokmal.kwargs), path


def test_a_root_url_is_bokmal_whatever_the_browser_says(client):
    response = client.get("/avtaler/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb">' in response.content.decode()
    assert "<h1>Avtaler</h1>" in response.content.decode()
    assert response.headers["Content-Language"] == "nb"
    assert "Accept-Language" not in response.headers.get("Vary", "")


def test_the_old_language_cookie_changes_nothing(client):
    client.cookies["django_language"] = "en"
    assert '<html lang="nb">' in html_of(client, "/avtaler/")
    client.cookies["django_language"] = "xx"
    assert '<html lang="en">' in html_of(client, "/en/avtaler/")


def test_english_is_under_en(client):
    response = client.get("/en/avtaler/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9")
    html = response.content.decode()
    assert '<html lang="en">' in html and "<h1>Agreements</h1>" in html
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" not in response.headers.get("Vary", "")
    assert client.get("/en").url == "/en/"


def test_links_within_an_english_page_stay_english(client):
    html = html_of(client, "/en/avtaler/")
    assert 'href="/en/"' in html and 'href="/en/om/"' in html and 'href="/en/oversikt/"' in html
    links = re.findall(r'<a href="([^"]*)"', html.replace(switch_of(html), ""))
    assert links and all(link.startswith(("/en/", "/konto/", "mailto:", "#")) for link in links)
    with translation.override("en"):
        assert reverse("agreement_list") == "/en/avtaler/"
    with translation.override("nb"):
        assert reverse("agreement_list") == "/avtaler/"


def test_the_switch_is_a_link_to_the_same_page_in_the_other_language(client):
    html = html_of(client, "/avtaler/?fylke=18&side=2")
    assert switch_of(html) == (
        '<a href="/en/avtaler/?fylke=18&amp;side=2" hreflang="en" lang="en">English</a>'
    )
    assert "<form" not in switch_of(html) and "csrfmiddlewaretoken" not in html
    html = html_of(client, "/en/avtaler/?fylke=18&side=2")
    assert switch_of(html) == (
        '<a href="/avtaler/?fylke=18&amp;side=2" hreflang="nb" lang="nb">Norsk (bokmål)</a>'
    )
    assert 'href="/en/"' in switch_of(html_of(client, "/"))
    assert 'href="/"' in switch_of(html_of(client, "/en/"))


def test_the_page_names_both_languages_as_alternates(client):
    html = html_of(client, "/avtaler/?fylke=18")
    for hreflang, url in (("nb", "/avtaler/"), ("en", "/en/avtaler/"), ("x-default", "/avtaler/")):
        link = (
            f'<link rel="alternate" hreflang="{hreflang}" href="http://testserver{url}?fylke=18">'
        )
        assert link in html


def test_a_missing_page_is_missing_in_its_language(client):
    response = client.get("/en/finnes-ikke/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert 'href="/finnes-ikke/"' in switch_of(response.content.decode())
    assert client.get("/nb/avtaler/").status_code == 404  # bokmål has no prefix


def test_the_login_page_speaks_the_language_of_its_next(client):
    html = html_of(client, "/konto/login/")
    assert '<html lang="nb">' in html
    assert 'href="/konto/login/?next=/en/"' in switch_of(html)
    html = html_of(client, "/konto/login/?next=/en/ansatt/")
    assert '<html lang="en">' in html and "<h1>Log in</h1>" in html
    assert 'href="/konto/login/?next=/ansatt/"' in switch_of(html)
    assert 'action="/konto/oidc/feide/login/?next=%2Fen%2Fansatt%2F"' in html
    # A root URL's next does not make it English.
    assert '<html lang="nb">' in html_of(client, "/avtaler/?next=/en/")


def test_an_english_page_logs_in_on_the_way_to_english(client):
    assert 'href="/konto/login/">Logg inn</a>' in html_of(client, "/avtaler/")
    assert 'href="/konto/login/?next=/en/ansatt/">Log in</a>' in html_of(client, "/en/avtaler/")


def test_a_staff_page_in_english_asks_for_a_login_in_english(client, django_user_model):
    response = client.get("/en/ansatt/")
    assert response.status_code == 302
    assert response.url == "/konto/login/?next=/en/ansatt/"
    client.force_login(django_user_model.objects.create(username="kari"))
    html = client.get("/en/").content.decode()
    assert '<form action="/konto/logout/?next=/en/" method="post">' in html
    assert '<form action="/konto/logout/" method="post">' in client.get("/").content.decode()


def test_logging_out_of_an_english_page_stays_english(client, django_user_model):
    client.force_login(django_user_model.objects.create(username="kari"))
    response = client.post("/konto/logout/?next=/en/")
    assert response.status_code == 302 and response.url == "/en/"


def test_a_feide_login_from_an_english_page_returns_to_it(client, feide):
    feide.set_user("student-en", groups=[], name="Emma Smith")
    response = feide.login(client, "student-en", next_url="/en/avtaler/")
    assert response.status_code == 302 and response.url == "/en/avtaler/"
    assert '<html lang="en">' in client.get(response.url).content.decode()
