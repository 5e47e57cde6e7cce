"""The cache of public pages (registry/public_cache.py): the headers browsers and proxies
reuse pages by, the server-side cache, and that every change a public page can show is
visible at once on every page it affects: publishing, withdrawing, editing, an import and
midnight in Oslo. Staff pages are never cached."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from agreements.models import Agreement
from tests.factories import AgreementFactory, ProgrammeAreaFactory
from tests.orgs.importers.samples.enhetsregisteret.units import (
    import_file,
    main_unit,
    write_download,
)
from tests.staff_world import agreement_post_data, build_world

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def staff(world):
    client = Client()
    client.force_login(world.strinda_teacher)
    return client


def pages_of(agreement, world):
    """The public pages an agreement of Strinda and Grytåga is shown on."""
    return [
        f"/skoler/{world.strinda.orgnr}/",
        f"/bedrifter/{world.grytaga.orgnr}/",
        "/avtaler/",
        f"/avtaler/?q={world.grytaga.orgnr}",
        f"/avtaler/{agreement.pk}/",
        "/avtaler/eksport.csv",
    ]


def shown(client, url, text) -> bool:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code == 200 and text in body.decode()


def test_a_public_page_can_be_kept_and_asked_for_again(client, world, django_assert_num_queries):
    url = f"/skoler/{world.strinda.orgnr}/"
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    etag = first["ETag"]
    assert not first.cookies

    with django_assert_num_queries(0):  # from the shared cache: not rendered again
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == etag
    with django_assert_num_queries(0):
        unchanged = client.get(url, headers={"if-none-match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag


def test_a_conditional_request_before_anything_is_stored_gets_304(client, world):
    url = f"/bedrifter/{world.grytaga.orgnr}/"
    etag = client.get(url)["ETag"]
    from django.core.cache import cache

    cache.clear()  # another web process, or a flushed cache: the version starts again
    fresh = client.get(url, headers={"if-none-match": etag})
    assert fresh.status_code == 200  # the version moved on: the old tag is not trusted
    assert client.get(url, headers={"if-none-match": fresh["ETag"]}).status_code == 304


def test_a_page_no_longer_stored_is_rendered_and_still_answered_304(client, world):
    from django.core.cache import cache

    from registry.public_cache import VERSION_KEY

    url = f"/skoler/{world.strinda.orgnr}/"
    etag = client.get(url)["ETag"]
    version = cache.get(VERSION_KEY)
    cache.clear()  # the page expired from the cache; the data did not change
    cache.set(VERSION_KEY, version, None)
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag


def test_the_open_data_export_streams_with_the_same_headers(client, world):
    first = client.get("/avtaler/eksport.csv")
    assert first.streaming and "public" in first["Cache-Control"]
    b"".join(first.streaming_content)
    again = client.get("/avtaler/eksport.csv", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_the_health_check_is_never_cached(client, django_assert_num_queries):
    for _ in range(2):  # asks the database each time, never the cache
        with django_assert_num_queries(1):
            response = client.get("/healthz")
        assert response.status_code == 200 and "ETag" not in response
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_staff_pages_are_never_cached(staff, client, world):
    home = staff.get("/ansatt/")
    assert home.status_code == 200
    assert "private" in home["Cache-Control"] and "no-store" in home["Cache-Control"]
    assert "ETag" not in home

    # A public page seen by staff is not taken from (or put into) the visitors' cache.
    url = f"/oversikt/50/{world.strinda.municipality.number}/"
    anonymous = client.get(url)
    as_staff = staff.get(url)
    assert as_staff.status_code == 200 and "ETag" not in as_staff
    assert "private" in as_staff["Cache-Control"]
    assert as_staff.content != anonymous.content


def test_a_page_that_sets_a_cookie_or_uses_a_csrf_token_is_not_kept(client):
    login = client.get("/konto/login/")
    assert login.status_code == 200
    assert "ETag" not in login and "public" not in login.get("Cache-Control", "")


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, world):
    url = f"/skoler/{world.strinda.orgnr}/"
    client.get(url)
    client.cookies["sessionid"] = "not-a-session"
    response = client.get(url)
    assert response.status_code == 200 and "ETag" not in response


def test_publishing_and_withdrawing_show_at_once_on_every_page(client, staff, world):
    agreement = world.agreement  # a draft of Strinda and the training office
    staff.post(
        f"/ansatt/avtaler/{agreement.pk}/endre/",
        agreement_post_data(
            [world.strinda, world.grytaga], title="Lærlinger i settefisk", action="draft"
        )
        | {"version": agreement.version},
    )
    agreement.refresh_from_db()
    assert agreement.title == "Lærlinger i settefisk"
    pages = pages_of(agreement, world)
    for url in pages:  # cached while it is a draft
        assert not shown(client, url, "Lærlinger i settefisk"), url

    staff.post(f"/ansatt/avtaler/{agreement.pk}/publiser/", {"version": agreement.version})
    agreement.refresh_from_db()
    assert agreement.is_public()
    for url in pages:
        assert shown(client, url, "Lærlinger i settefisk"), url

    staff.post(
        f"/ansatt/avtaler/{agreement.pk}/trekk-tilbake/",
        {"version": agreement.version, "reason": "Bedriften la ned."},
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.WITHDRAWN
    for url in pages:
        assert not shown(client, url, "Lærlinger i settefisk"), url


def test_an_edit_shows_at_once(client, staff, world):
    area = ProgrammeAreaFactory()
    agreement = AgreementFactory(
        title="Før endringen",
        status=Agreement.Status.PUBLISHED,
        schools=[world.strinda],
        partners=[world.grytaga],
        programme_areas=[area],
    )
    area_page = f"/programomrader/{area.code}/"
    pages = [*pages_of(agreement, world), area_page]
    for url in pages:
        assert shown(client, url, "Før endringen"), url

    data = agreement_post_data(
        [world.strinda, world.grytaga], title="Etter endringen", action="save"
    ) | {"version": agreement.version, "programme_areas": [area.pk]}
    response = staff.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for url in pages:
        assert shown(client, url, "Etter endringen"), url
        assert not shown(client, url, "Før endringen"), url


def test_an_import_shows_at_once(client, world, tmp_path):
    AgreementFactory(
        status=Agreement.Status.PUBLISHED, schools=[world.strinda], partners=[world.grytaga]
    )
    company, school = f"/bedrifter/{world.grytaga.orgnr}/", f"/skoler/{world.strinda.orgnr}/"
    assert shown(client, company, "Grytåga settefisk AS")
    assert shown(client, school, "Grytåga settefisk AS")

    download = write_download(
        tmp_path / "enheter.json", [main_unit(world.grytaga.orgnr, "Grytåga havbruk AS")]
    )
    summary, rejects = import_file(download, full=False)
    assert summary.updated == 1 and not rejects
    for url in (company, school):
        assert shown(client, url, "Grytåga havbruk AS"), url


def test_midnight_in_oslo_ends_an_agreement_on_every_page(client, world):
    last_day = datetime.date(2027, 7, 31)
    agreement = AgreementFactory(
        title="Siste dag i dag",
        status=Agreement.Status.PUBLISHED,
        schools=[world.strinda],
        partners=[world.grytaga],
        valid_from=datetime.date(2025, 8, 1),
        valid_to=last_day,
    )
    pages = pages_of(agreement, world)
    before = datetime.datetime(2027, 7, 31, 23, 59, tzinfo=OSLO)
    with time_machine.travel(before, tick=False):
        tags = {url: client.get(url)["ETag"] for url in pages}
        for url in pages:
            assert shown(client, url, "Siste dag i dag"), url
    with time_machine.travel(before + datetime.timedelta(minutes=2), tick=False):
        for url in pages:
            assert not shown(client, url, "Siste dag i dag"), url
            again = client.get(url, headers={"if-none-match": tags[url]})
            assert again.status_code != 304, url


def front_page_counts(client, url="/"):
    """The country's total and the Naturbruk programme's count as the English page shows
    them."""
    html = client.get(url).content.decode()
    total = html.split("The registry holds ")[-1].split(" public agreement")[0]
    programme = "Agriculture, fishing and forestry</span>"
    return total, programme in html and html.split(programme)[1].split(">")[1].split("<")[0]


def test_the_countrys_counts_are_shared_by_every_search_and_follow_each_change(client, world):
    """The front page's total and each programme's count are kept apart from the pages
    (registry.public_cache.remembered), so a new search reuses them: they must move with a
    publication and at midnight as the pages do."""
    area = ProgrammeAreaFactory()  # Akvakultur, under Naturbruk
    first_day = datetime.date(2027, 8, 2)
    agreement = AgreementFactory(
        status=Agreement.Status.PUBLISHED,
        schools=[world.strinda],
        partners=[world.grytaga],
        programme_areas=[area],
        valid_from=datetime.date(2025, 8, 1),
        valid_to=first_day - datetime.timedelta(days=1),
    )
    before = datetime.datetime(2027, 8, 1, 23, 59, tzinfo=OSLO)
    with time_machine.travel(before, tick=False):
        total = Agreement.objects.public().count()
        assert front_page_counts(client, "/en/") == (str(total), "1 agreement")
        AgreementFactory(
            status=Agreement.Status.PUBLISHED,
            schools=[world.strinda],
            partners=[world.grytaga],
            programme_areas=[area],
        )
        assert front_page_counts(client, "/en/") == (str(total + 1), "2 agreements")
        # A search never asked for before shows the new total too.
        assert front_page_counts(client, "/en/?q=nothing+like+it")[0] == str(total + 1)
    with time_machine.travel(before + datetime.timedelta(minutes=2), tick=False):
        assert not agreement.is_public()
        assert front_page_counts(client, "/en/") == (str(total), "1 agreement")
        assert front_page_counts(client, "/en/?q=another+one")[0] == str(total)
