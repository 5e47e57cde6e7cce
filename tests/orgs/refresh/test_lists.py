"""NSR's and Grep's lists, through the stand-in, once a week."""

import datetime

import pytest
from django.utils import timezone

from orgs.models import EducationProgramme, Organisation, ProgrammeArea, Trade
from orgs.refresh.models import RegisterRefresh
from orgs.refresh.runner import refresh
from tests.factories import orgnr_for

NSR = RegisterRefresh.Feed.NSR
GREP = RegisterRefresh.Feed.GREP
PUBLISHED = "https://data.udir.no/kl06/v201906/status/status_publisert"


def school(n: int, name: str, **flags) -> dict:
    """A unit as a row of NSR's /v4/enheter list gives it."""
    return {
        "Organisasjonsnummer": orgnr_for(n),
        "Navn": name,
        "Kommunenummer": "1103",
        "Fylkesnummer": "11",
        "ErAktiv": True,
        "ErSkole": True,
        "ErSkoleEier": False,
        "ErGrunnskole": False,
        "ErVideregaaendeSkole": True,
        "ErPrivatskole": False,
        "ErOffentligSkole": True,
        "DatoEndret": "2026-11-20T10:00:00",
        **flags,
    }


def grep_record(code: str, nb: str, en: str, **fields) -> dict:
    return {
        "id": f"uuid:{code}",
        "kode": code,
        "uri": f"http://psi.udir.no/kl06/{code}",
        "url-data": f"https://data.udir.no/kl06/v201906/x/{code}",
        "tittel": [
            {"spraak": "default", "verdi": nb},
            {"spraak": "nob", "verdi": nb},
            {"spraak": "eng", "verdi": en},
        ],
        "status": PUBLISHED,
        "sist-endret": "2026-06-01T08:00:00",
        **fields,
    }


def area(code: str, nb: str, level: str) -> dict:
    """A programme area of the education programme EL."""
    programme, trinn = {"kode": "EL"}, {"kode": level}
    return grep_record(code, nb, "") | {"utdanningsprogram": programme, "trinn": trinn}


def test_nsr_list_across_two_pages(registers, settings):
    settings.REGISTER_FEED_PAGE_SIZE = 2
    registers.nsr_units = [
        school(1, "Stavanger katedralskole"),
        school(2, "St. Svithun videregående skole"),
        school(3, "Hundvåg skole", ErGrunnskole=True, ErVideregaaendeSkole=False),
    ]

    [outcome] = refresh([NSR])

    assert outcome.state == "succeeded", outcome.row.failure
    assert registers.hits("/v4/enheter?sidenummer=") == 2
    assert Organisation.objects.schools().count() == 3
    assert Organisation.objects.get(orgnr=orgnr_for(1)).kind == Organisation.Kind.UPPER_SECONDARY
    row = RegisterRefresh.objects.get(feed=NSR)
    assert (row.changes, row.pages, row.created) == (3, 2, 3)


def test_a_failed_nsr_page_applies_no_page(registers, settings):
    settings.REGISTER_FEED_PAGE_SIZE = 1
    registers.nsr_units = [school(1, "Først skole"), school(2, "Andre skole")]
    registers.fail("/v4/enheter", 500, after=1, times=10)

    [outcome] = refresh([NSR])

    assert outcome.failed
    assert not Organisation.objects.exists(), "the first page waits for the whole list"


def test_grep_lists(registers):
    registers.grep = {
        "utdanningsprogram": [grep_record("EL", "Elektro og datateknologi", "Electrical")],
        "programomraader": [
            grep_record(
                "ELELE1----", "Elektro og datateknologi", "Electrical", trinn={"kode": "vg1"}
            )
            | {"utdanningsprogram": {"kode": "EL"}},
            grep_record("ELELE2----", "Elenergi og ekom", "Electrical power", trinn={"kode": "vg2"})
            | {"utdanningsprogram": {"kode": "EL"}},
        ],
        "laerefag": [
            grep_record(
                "ELE3----",
                "Elektrikerfaget",
                "Electrician",
                programomraader=[{"kode": "ELELE2----"}],
            )
        ],
    }

    [outcome] = refresh([GREP])

    assert outcome.state == "succeeded", outcome.row.failure
    assert EducationProgramme.objects.get(code="EL").title_nb == "Elektro og datateknologi"
    assert ProgrammeArea.objects.get(code="ELELE2----").level == "VG2"
    trade = Trade.objects.get(code="ELE3----")
    assert list(trade.programme_areas.values_list("code", flat=True)) == ["ELELE2----"]
    row = RegisterRefresh.objects.get(feed=GREP)
    assert (row.changes, row.created) == (4, 4)


@pytest.mark.parametrize(
    "days_ago, due", [(None, True), (1, False), (6, False), (7, True), (30, True)]
)
def test_the_weekly_lists_are_due_once_a_week(registers, days_ago, due):
    if days_ago is not None:
        RegisterRefresh.objects.for_feed(NSR).succeed()
        RegisterRefresh.objects.filter(feed=NSR).update(
            succeeded_at=timezone.now() - datetime.timedelta(days=days_ago, hours=-1)
        )
    assert RegisterRefresh.objects.for_feed(NSR).is_due() is due


def test_a_night_runs_only_the_due_feeds(registers):
    for feed in (NSR, GREP):
        RegisterRefresh.objects.for_feed(feed).succeed()

    outcomes = {outcome.row.feed: outcome.state for outcome in refresh()}

    assert outcomes[NSR] == outcomes[GREP] == "skipped"
    assert outcomes[RegisterRefresh.Feed.MAIN_UNITS] == "succeeded"
    assert registers.hits("/v4/enheter") == registers.hits("/kl06") == 0
