"""The rate limits (registry/limits.py): the expensive public pages per client address, the
staff pages a loop could hurt per user; over a limit, 429 with Retry-After in the visitor's
language. Run on LocMem, and on Redis when REDIS_URL is set (CI)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from registry import limits
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

ALLOWED = 2  # requests per window in these tests
OTHER_ADDRESS = "192.0.2.77"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_IP_META_KEY = None
    settings.RATELIMITS = {limit.name: f"{ALLOWED}/m" for limit in limits.LIMITS}
    # Every request renders its page: one served from the public cache is not counted (below).
    settings.PUBLIC_CACHE_ENABLED = False
    # Each test starts at the top of a minute: the limits count in fixed windows of a minute,
    # and a test whose requests straddled a window's end saw its count start again.
    start = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=True):
        yield


@pytest.fixture
def agreement():
    return AgreementFactory(title="Helsefag ved Strinda")


# (URL, the limit it counts against); {pk} is a public agreement's.
PUBLIC_LIMITED = [
    ("/?q=helse", "search"),
    ("/sok/?q=helse&gruppe=skoler", "search"),
    ("/avtaler/?q=helse", "search"),
    ("/sok/forslag/?q=helse", "suggestions"),
    ("/avtaler/{pk}/pdf/", "pdf"),
    ("/avtaler/eksport.csv", "open_data"),
    ("/avtaler/eksport.json", "open_data"),
]


def spend(client, url, times=ALLOWED, **extra):
    for _ in range(times):
        response = client.get(url, **extra)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)


def assert_refused(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies, "the 429 page sets no cookie"


@pytest.mark.parametrize(("url", "limit"), PUBLIC_LIMITED)
def test_one_address_over_the_limit_is_refused_in_bokmal(client, settings, agreement, url, limit):
    # Only this URL's own limit is small.
    settings.RATELIMITS = {name: "1000/m" for name in settings.RATELIMITS} | {limit: "2/m"}
    url = url.format(pk=agreement.pk)
    spend(client, url)
    response = client.get(url)
    assert_refused(response)
    text = response.content.decode()
    assert "For mange forespørsler" in text
    assert f"Prøv igjen om {response['Retry-After']} sekund" in text
    assert response["Content-Language"] == "nb"


@pytest.mark.parametrize(("url", "limit"), PUBLIC_LIMITED)
def test_another_address_is_not_affected(client, agreement, url, limit):
    url = url.format(pk=agreement.pk)
    spend(client, url)
    assert client.get(url).status_code == 429
    spend(Client(), url, REMOTE_ADDR=OTHER_ADDRESS)


@pytest.mark.parametrize(
    "url", ["/en/?q=helse", "/en/sok/forslag/?q=helse", "/en/avtaler/{pk}/pdf/"]
)
def test_the_refusal_is_in_english_under_en(client, agreement, url):
    url = url.format(pk=agreement.pk)
    spend(client, url)
    response = client.get(url)
    assert_refused(response)
    text = response.content.decode()
    assert "Too many requests" in text
    assert f"Please try again in {response['Retry-After']} second" in text
    assert response["Content-Language"] == "en"


def test_the_urls_of_one_limit_share_its_count(client):
    client.get("/?q=helse")
    client.get("/sok/?q=helse&gruppe=skoler")
    assert client.get("/avtaler/?q=helse").status_code == 429
    assert client.get("/avtaler/eksport.csv").status_code == 200, "another limit's own count"


@pytest.mark.parametrize(
    "url", ["/", "/?q=", "/?q=+++", "/avtaler/", "/avtaler/?fylke=50", "/avtaler/{pk}/", "/om/"]
)
def test_pages_that_are_not_expensive_are_never_refused(client, agreement, url):
    spend(client, "/?q=helse")  # the search's count is spent
    assert client.get("/?q=helse").status_code == 429
    spend(client, url.format(pk=agreement.pk), times=ALLOWED * 3)


def test_a_page_served_from_the_public_cache_is_not_counted(client, settings):
    settings.PUBLIC_CACHE_ENABLED = True
    spend(client, "/?q=helse", times=ALLOWED * 3)  # rendered once, then from the cache
    assert client.get("/?q=skole").status_code == 200
    assert client.get("/?q=bedrift").status_code == 429


def test_no_limits_with_ratelimit_enable_false(client, settings):
    settings.RATELIMIT_ENABLE = False
    spend(client, "/?q=helse", times=ALLOWED * 3)


def test_a_post_is_refused_as_a_method_and_not_counted(client):
    for _ in range(ALLOWED + 1):
        assert client.post("/sok/forslag/?q=helse").status_code == 405
    spend(client, "/sok/forslag/?q=helse")


@pytest.fixture
def staff():
    school = SchoolFactory(name="Strinda videregående skole")
    CompanyFactory(name="Grytåga settefisk AS")
    return UserFactory(username="first", schools=[school]), UserFactory(
        username="second", schools=[school]
    )


@pytest.mark.parametrize(
    "url", ["/ansatt/organisasjoner/forslag/?q=gry", "/ansatt/kartlegging/?q=gry"]
)
def test_staff_are_limited_per_user(staff, url):
    first, second = Client(), Client()
    first.force_login(staff[0])
    second.force_login(staff[1])
    spend(first, url)
    response = first.get(url)
    assert_refused(response)
    assert "For mange forespørsler" in response.content.decode()
    spend(second, url)  # a colleague at the same address


def test_a_message_waiting_is_left_for_the_next_page(staff):
    client = Client()
    client.force_login(staff[0])
    spend(client, "/ansatt/kartlegging/?q=gry")
    client.post("/ansatt/innstillinger/", {"reminders_enabled": "on"})  # "saved", not yet shown
    assert_refused(client.get("/ansatt/kartlegging/?q=gry"))
    assert len(list(client.get("/").context["messages"])) == 1


def test_behind_a_proxy_the_address_is_the_one_it_forwarded(settings):
    settings.RATELIMIT_IP_META_KEY = "registry.limits.forwarded_for_address"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    client = Client()
    # The first entries are the client's to forge; the last is the one the proxy added.
    for forged in ("198.51.100.1", "198.51.100.2"):
        client.get("/?q=helse", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.5", **proxy)
    response = client.get("/?q=helse", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert response.status_code == 429
    spend(client, "/?q=helse", HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)


def test_a_rate_django_ratelimit_cannot_read_fails_at_start_up(settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "pdf": "twenty a minute"}
    with pytest.raises(ImproperlyConfigured, match="RATELIMIT_PDF"):
        limits.check_rates()
