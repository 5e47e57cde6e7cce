"""The feeds a refresh reads, each applied through its register's importer (orgs/importers/).

- Enhetsregisteret's update feeds (`/oppdateringer/enheter`, `/oppdateringer/underenheter`):
  read page by page from the update id after the last one applied (`oppdateringsid`, which
  the register reads as "from and including"), or, with no position yet, from a publication
  time (`dato`). Each page is one batch: the units it names are fetched in bulk from the
  search (`organisasjonsnummer` as a comma-separated list) and written to one file in the
  search's page shape, where a deletion (Sletting, or Fjernet: removed from the open data)
  is the register's deleted-unit record (organisasjonsnummer and slettedato, which the
  import reads as "mark this unit deleted"). Then, in one transaction, the file is imported
  (never as a full download, so no unit is marked missing) and the position moves to the
  page's last update id. A failure before the commit leaves the position where it was.
- NSR's list of units (`/v4/enheter`, page by page) and Grep's three lists: fetched whole,
  then imported in one transaction.
"""

import datetime
import itertools
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orgs.importers import run_import
from orgs.importers.enhetsregisteret import EnhetsregisteretImport
from orgs.importers.grep import LISTS as GREP_LISTS
from orgs.importers.grep import GrepImport
from orgs.importers.nsr import NsrImport
from orgs.refresh.client import http_setting
from orgs.refresh.models import RegisterRefresh
from orgs.validators import is_valid_orgnr

logger = logging.getLogger(__name__)

DELETIONS = {"Sletting", "Fjernet"}
# Enhetsregisteret's feed serves at most 10,000 changes a page and its search at most 10,000
# units a query; the search documents no limit on the list of numbers, so a lookup names at
# most 500 (a query string of about 5 kB, within the usual 8 kB limit of a request line).
FEED_PAGE_SIZE = 1000
UNITS_PER_LOOKUP = 500
MAX_LIST_PAGES = 1000  # a safeguard against a list whose page count never ends


class FeedError(Exception):
    """A register answered with something the refresh cannot go on from."""


def page_size() -> int:
    return int(http_setting("REGISTER_FEED_PAGE_SIZE", FEED_PAGE_SIZE))


def write_json(path: Path, data) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    return path


def published_time(value: str) -> datetime.datetime:
    """A change's publication time (`dato`, ISO 8601 in UTC)."""
    moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment


def published_date(value: str) -> datetime.date:
    """The Oslo date a change was published."""
    return timezone.localtime(published_time(value)).date()


def brreg_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def start_of_yesterday() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time())
    )


@dataclass
class Batch:
    """One page of the update feed: the last change of each unit on it."""

    changes: list[dict]

    def __post_init__(self):
        self.changes.sort(key=lambda change: int(change["oppdateringsid"]))
        latest = {}
        for change in self.changes:
            orgnr = str(change.get("organisasjonsnummer") or "")
            if is_valid_orgnr(orgnr):
                latest[orgnr] = change
        self.deletions = {o: c for o, c in latest.items() if c.get("endringstype") in DELETIONS}
        self.to_fetch = [o for o in latest if o not in self.deletions]

    @property
    def last(self) -> dict:
        return self.changes[-1]


@dataclass(frozen=True)
class UpdateFeed:
    """One of Enhetsregisteret's two update feeds and the unit list it names."""

    feed: str
    units: str  # "enheter" or "underenheter": the search and its page's list
    changes_key: str  # the list of changes in the feed's page

    @property
    def base(self) -> str:
        return settings.ENHETSREGISTERET_API_URL.rstrip("/")

    def run(self, row: RegisterRefresh, client, workdir: Path, report) -> None:
        while True:
            page = client.get_json(f"{self.base}/oppdateringer/{self.units}", self.query(row))
            changes = (page.get("_embedded") or {}).get(self.changes_key) or []
            if not changes:
                return
            batch = Batch(list(changes))
            last_id = int(batch.last["oppdateringsid"])
            if row.position is not None and last_id <= row.position:
                raise FeedError(f"the feed did not move past update {row.position}")
            path = self.fetch(batch, client, workdir)
            with transaction.atomic():
                summaries = []
                if path:
                    summary, _report = run_import(
                        EnhetsregisteretImport, path, report=report, full=False
                    )
                    summaries.append(summary)
                row.record_batch(
                    summaries,
                    changes=len(batch.changes),
                    deleted=len(batch.deletions),
                    position=last_id,
                    published_at=published_time(batch.last["dato"]),
                )
            if path:
                path.unlink()
            pages_left = (page.get("page") or {}).get("totalPages", 2)
            if len(changes) < page_size() or pages_left <= 1:
                return

    def query(self, row: RegisterRefresh) -> dict:
        if row.position is not None:
            return {"oppdateringsid": row.position + 1, "size": page_size()}
        since = row.position_published_at or start_of_yesterday()
        return {"dato": brreg_time(since), "size": page_size()}

    def fetch(self, batch: Batch, client, workdir: Path) -> Path | None:
        """The batch as one file in the search's page shape: the units it changed, as the
        search gives them, and a deleted-unit record for each deletion; None for a batch of
        neither."""
        per_lookup = int(http_setting("REGISTER_UNITS_PER_LOOKUP", UNITS_PER_LOOKUP))
        records = []
        for numbers in itertools.batched(batch.to_fetch, per_lookup):
            page = client.get_json(
                f"{self.base}/{self.units}",
                {"organisasjonsnummer": ",".join(numbers), "size": len(numbers)},
            )
            records += (page.get("_embedded") or {}).get(self.units) or []
        if len(records) < len(batch.to_fetch):
            # Changed, then removed before this run: a later change in the feed says so.
            logger.info("%d changed units not in the search", len(batch.to_fetch) - len(records))
        for orgnr, change in batch.deletions.items():
            day = published_date(change["dato"]).isoformat()
            records.append({"organisasjonsnummer": orgnr, "slettedato": day})
        if not records:
            return None
        path = workdir / f"{self.units}-{batch.last['oppdateringsid']}.json"
        return write_json(path, {"_embedded": {self.units: records}})


class NsrFeed:
    """NSR v4's list of units, every page (`sidenummer` from 1 to `AntallSider`)."""

    feed = RegisterRefresh.Feed.NSR

    def run(self, row: RegisterRefresh, client, workdir: Path, report) -> None:
        url = f"{settings.NSR_API_URL.rstrip('/')}/v4/enheter"
        files, units = [], 0
        for number in range(1, MAX_LIST_PAGES + 1):
            page = client.get_json(url, {"sidenummer": number, "antallPerSide": page_size()})
            if "EnhetListe" not in page:
                raise FeedError(f"{url}: page {number} has no EnhetListe")
            units += len(page["EnhetListe"])
            files.append(write_json(workdir / f"nsr-{number}.json", page))
            if number >= int(page.get("AntallSider") or 1):
                break
        with transaction.atomic():
            summaries = [run_import(NsrImport, path, report=report)[0] for path in files]
            row.record_batch(summaries, changes=units, pages=len(files))


class GrepFeed:
    """Grep's lists of education programmes, programme areas and trades."""

    feed = RegisterRefresh.Feed.GREP

    def run(self, row: RegisterRefresh, client, workdir: Path, report) -> None:
        base = settings.GREP_API_URL.rstrip("/")
        lists = {name: client.get_json(f"{base}/{name}") for name in GREP_LISTS}
        for name, items in lists.items():
            if not isinstance(items, list):
                raise FeedError(f"{base}/{name} is not a list")
        path = write_json(workdir / "grep.json", lists)
        with transaction.atomic():
            summary, _report = run_import(GrepImport, path, report=report)
            row.record_batch(
                [summary], changes=sum(map(len, lists.values())), pages=len(GREP_LISTS)
            )


FEEDS = {
    feed.feed: feed
    for feed in (
        UpdateFeed(RegisterRefresh.Feed.MAIN_UNITS, "enheter", "oppdaterteEnheter"),
        UpdateFeed(RegisterRefresh.Feed.SUB_UNITS, "underenheter", "oppdaterteUnderenheter"),
        NsrFeed(),
        GrepFeed(),
    )
}
