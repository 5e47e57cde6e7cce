"""Enhetsregisteret's update feeds, through the stand-in: paging, bulk lookups, deletions,
backoff, and a failure in the middle of a batch that applies nothing of it."""

import datetime
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from orgs.models import Organisation
from orgs.refresh.models import RegisterRefresh
from orgs.refresh.runner import refresh
from orgs.refresh.stand_in import ER
from tests.factories import orgnr_for
from tests.orgs.refresh.conftest import RETRIES, main_unit, sub_unit

MAIN = RegisterRefresh.Feed.MAIN_UNITS
SUB = RegisterRefresh.Feed.SUB_UNITS
FEED = f"{ER}/oppdateringer/enheter"
SEARCH = f"{ER}/enheter"


def publish(registers, *units, kind="Endring"):
    """The units changed in the register: in its search, and in its update feed."""
    for unit in units:
        registers.add_unit("enheter", unit)
        registers.change("enheter", unit["organisasjonsnummer"], kind)


def queries(registers, path):
    return [
        parse_qs(urlsplit(request).query)
        for request in registers.requests
        if request.startswith(f"{path}?")
    ]


def row(feed=MAIN):
    return RegisterRefresh.objects.get(feed=feed)


def test_an_update_feed_across_two_pages(registers, settings):
    settings.REGISTER_FEED_PAGE_SIZE = 3
    publish(registers, *(main_unit(n, f"Elektro {n} AS") for n in range(5)))

    [outcome] = refresh([MAIN])

    assert outcome.state == "succeeded"
    names = set(Organisation.objects.values_list("name", flat=True))
    assert names == {f"Elektro {n} AS" for n in range(5)}
    feed = queries(registers, FEED)
    assert len(feed) == 2
    assert "dato" in feed[0], "with no position yet, the first page is read by date"
    first_page_last = registers.changes["enheter"][2]["oppdateringsid"]
    assert feed[1]["oppdateringsid"] == [str(first_page_last + 1)]
    lookups = queries(registers, SEARCH)
    assert [len(q["organisasjonsnummer"][0].split(",")) for q in lookups] == [3, 2]
    state = row()
    assert state.position == registers.changes["enheter"][-1]["oppdateringsid"]
    assert (state.changes, state.pages, state.created, state.updated) == (5, 2, 5, 0)
    assert state.state == RegisterRefresh.State.SUCCEEDED


def test_the_next_run_reads_from_the_position(registers):
    publish(registers, main_unit(1, "Gammel AS"))
    refresh([MAIN])
    position = row().position
    publish(registers, main_unit(1, "Nytt Navn AS"), main_unit(2, "Ny AS"))
    registers.requests.clear()

    refresh([MAIN])

    assert queries(registers, FEED)[0]["oppdateringsid"] == [str(position + 1)]
    assert Organisation.objects.get(orgnr=orgnr_for(1)).name == "Nytt Navn AS"
    state = row()
    assert (state.changes, state.created, state.updated) == (2, 1, 1)


def test_a_unit_changed_twice_on_a_page_is_fetched_once(registers):
    publish(registers, main_unit(1, "Først AS"), main_unit(1, "Sist AS"))

    refresh([MAIN])

    [lookup] = queries(registers, SEARCH)
    assert lookup["organisasjonsnummer"] == [orgnr_for(1)]
    assert Organisation.objects.get(orgnr=orgnr_for(1)).name == "Sist AS"


def test_a_deletion_ends_as_deleted_on(registers):
    publish(registers, main_unit(1, "Snart Borte AS"))
    refresh([MAIN])
    deleted_at = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)  # 1 Dec in Oslo
    registers.change("enheter", orgnr_for(1), "Sletting", published=deleted_at)
    registers.requests.clear()

    refresh([MAIN])

    unit = Organisation.objects.get(orgnr=orgnr_for(1))
    assert unit.deleted_on == datetime.date(2026, 12, 1)
    assert not unit.active
    assert queries(registers, SEARCH) == [], "a deletion is taken from the feed itself"
    assert row().deleted == 1


def test_sub_units_come_from_their_own_feed(registers):
    publish(registers, main_unit(1, "Hovud AS"))
    registers.add_unit("underenheter", sub_unit(2, "Hovud AS avd Torget", main=1))
    registers.change("underenheter", orgnr_for(2))

    outcomes = refresh([MAIN, SUB])

    assert [o.state for o in outcomes] == ["succeeded", "succeeded"]
    branch = Organisation.objects.get(orgnr=orgnr_for(2))
    assert branch.parent == Organisation.objects.get(orgnr=orgnr_for(1))
    assert registers.hits(f"{ER}/oppdateringer/underenheter") == 1
    assert row(SUB).position == registers.changes["underenheter"][-1]["oppdateringsid"]


def test_too_many_requests_is_waited_out(registers):
    publish(registers, main_unit(1, "Tålmodig AS"))
    registers.fail(FEED, 429, retry_after="1")

    [outcome] = refresh([MAIN])

    assert outcome.state == "succeeded"
    assert registers.hits(FEED) == 2, "the 429, then the page"
    assert Organisation.objects.filter(name="Tålmodig AS").exists()


def test_a_failure_in_the_middle_of_a_batch_applies_none_of_it(registers, settings):
    settings.REGISTER_FEED_PAGE_SIZE = 2
    settings.REGISTER_UNITS_PER_LOOKUP = 1
    publish(registers, *(main_unit(n, f"Enhet {n} AS") for n in range(4)))
    first_batch_end = registers.changes["enheter"][1]["oppdateringsid"]
    # The first batch's two lookups and the second batch's first answer; then 500s, more
    # times than the client retries.
    registers.fail(SEARCH, 500, after=3, times=RETRIES + 1)

    with pytest.raises(CommandError, match="enhetsregisteret_enheter"):
        call_command("refresh_registers", feed=[MAIN], stdout=StringIO())

    assert set(Organisation.objects.values_list("name", flat=True)) == {"Enhet 0 AS", "Enhet 1 AS"}
    state = row()
    assert state.position == first_batch_end
    assert state.state == RegisterRefresh.State.FAILED
    assert "500" in state.failure
    assert (state.changes, state.created) == (2, 2), "the counts of the batch that was applied"

    registers.requests.clear()
    refresh([MAIN])

    assert queries(registers, FEED)[0]["oppdateringsid"] == [str(first_batch_end + 1)]
    assert Organisation.objects.count() == 4
    state = row()
    assert state.state == RegisterRefresh.State.SUCCEEDED
    assert state.position == registers.changes["enheter"][-1]["oppdateringsid"]
    assert state.failure, "the last failure stays on the status page"


def test_a_register_that_keeps_failing_fails_the_run_after_bounded_retries(registers):
    publish(registers, main_unit(1, "Aldri AS"))
    registers.fail(FEED, 503, times=100)

    [outcome] = refresh([MAIN])

    assert outcome.failed
    assert registers.hits(FEED) == RETRIES + 1
    state = row()
    assert state.position is None and state.failed_at is not None
    assert "503" in state.failure
    assert not Organisation.objects.exists()


def test_a_feed_another_run_holds_is_left_alone(registers):
    publish(registers, main_unit(1, "Opptatt AS"))
    RegisterRefresh.objects.for_feed(MAIN).claim()

    [outcome] = refresh([MAIN])

    assert outcome.state == "busy"
    assert registers.requests == []


def test_since_forgets_the_position(registers):
    publish(registers, main_unit(1, "Før AS"))
    refresh([MAIN])
    registers.requests.clear()

    call_command("refresh_registers", feed=[MAIN], since="2026-11-01", stdout=StringIO())

    assert queries(registers, FEED)[0]["dato"] == ["2026-10-31T23:00:00.000Z"]
